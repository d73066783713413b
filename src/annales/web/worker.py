"""A coding worker process: `python -m annales.web.worker MODULE:FUNCTION IDLE_EXIT`.

Started by the API (jobs.py) as a plain subprocess rather than with multiprocessing, which re-imports the
parent's main script in each child (a server started from a script without a `__main__` guard would start
itself again). Requests and answers are pickled over the worker's stdin and stdout, one at a time; anything
the coder prints goes to stderr.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import select
import sys

WARM_UP = {"text": "Police arrested 12 protesters in Nairobi on Monday.", "date": "2024-01-01"}
PATH_ENV = "ANNALES_WORKER_SYS_PATH"


def load_coder(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _send(out, message) -> None:
    try:
        data = pickle.dumps(message)
    except Exception as exc:  # noqa: BLE001 - an exception that does not pickle goes back as text
        data = pickle.dumps(("error", RuntimeError(f"{message[1].__class__.__name__}: {exc}")))
    out.write(data)
    out.flush()


def main(argv: list[str]) -> None:
    sys.path[:0] = [p for p in json.loads(os.environ.get(PATH_ENV, "[]")) if p not in sys.path]
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # the protocol owns the real stdout; prints from the pipeline land on stderr
    requests = sys.stdin.buffer
    coder, idle_exit = load_coder(argv[0]), float(argv[1])
    coder(dict(WARM_UP))  # load the pipeline before saying ready: a job's time limit is for its own work
    _send(out, ("ready", None))
    while select.select([requests], [], [], idle_exit)[0]:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        try:
            _send(out, ("ok", coder(request)))
        except Exception as exc:  # noqa: BLE001 - sent back to the request, which answers it
            _send(out, ("error", exc))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BrokenPipeError:
        # The server that started this worker exited (or gave up on it) while it was starting or answering:
        # nobody is left to read an answer or a traceback, so the worker leaves quietly (os._exit: a normal
        # exit would try to flush the dead pipe again and print that error instead).
        os._exit(0)
