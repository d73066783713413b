"""An app served by uvicorn on a free loopback port, for the browser tests (tests/test_dashboard*.py)."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager


@contextmanager
def serving(app):
    """Serve `app` in a thread until the block ends; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(5)
