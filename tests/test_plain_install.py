"""What `pip install annales` without extras must do: code an article from the CLI and the library, store and
export it, without importing any package that only an extra installs (pyproject.toml's optional dependencies).
The installed size of that plain install is checked by tools/install_size.py, run by .ci/run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib

from tests.conftest import ROOT

# Import names of the distributions whose import name is not their project name.
IMPORT_NAMES = {"psycopg[binary]": "psycopg", "ray[data]": "ray", "pyyaml": "yaml"}

PLAIN = r"""
import json, sys

blocked, attempts = set(json.loads(sys.argv[2])), []

class RefuseExtras:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            attempts.append(name)
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return None

sys.meta_path.insert(0, RefuseExtras())
for mod in list(sys.modules):
    if mod.split(".")[0] in blocked:
        del sys.modules[mod]

from typer.testing import CliRunner

import annales
from annales.cli import app
from annales.store import Store
from annales.store.export import export

out_dir = sys.argv[1]
TEXT = "Police arrested 40 protesters in Nairobi on Monday, officials said."
with open(out_dir + "/story.txt", "w", encoding="utf-8") as f:
    f.write(TEXT)
cli = CliRunner().invoke(app, ["code", out_dir + "/story.txt", "--date", "2024-06-12"])
doc = annales.code(TEXT, date="2024-06-12").to_dict()
with Store.open(out_dir + "/events.db") as store:
    store.write_document("p1", doc)
    export(store, out_dir + "/events.csv", fmt="csv")
print(json.dumps({"cli": [cli.exit_code, cli.output], "types": [e["type"] for e in doc["events"]],
                  "attempts": sorted({a.split(".")[0] for a in attempts})}))
"""


def extra_packages() -> set[str]:
    """Top-level import names of every package a feature extra adds (dev's test tools aside: spaCy itself
    needs httpx, say)."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = set()
    for extra, reqs in extras.items():
        if extra == "dev":
            continue
        for req in reqs:
            name = re.split(r"[<>=!~; ]", req, maxsplit=1)[0].lower()
            if not name.startswith("annales"):
                names.add(IMPORT_NAMES.get(name, re.sub(r"\[.*\]", "", name).replace("-", "_")))
    return names


def test_plain_install_extras_are_what_the_tests_block():
    names = extra_packages()
    assert {"onnxruntime", "tokenizers", "trafilatura", "pycountry", "pyarrow", "fastapi", "psycopg", "ray"} <= names
    assert not names & {"spacy", "numpy", "dateparser", "yaml", "typer"}  # the plain install's own


def test_plain_install_codes_stores_and_exports_without_any_extra(tmp_path):
    blocked = extra_packages()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    p = subprocess.run(
        [sys.executable, "-c", PLAIN, str(tmp_path), json.dumps(sorted(blocked))],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["cli"][0] == 0, got["cli"][1]
    assert "COERCE" in got["cli"][1] and got["types"] == ["COERCE"]
    # spaCy's thinc probes for torch itself (and copes); annales never reaches for an extra's package
    assert set(got["attempts"]) <= {"torch"}, got["attempts"]
    assert (tmp_path / "events.csv").read_text(encoding="utf-8").count("\n") == 2
