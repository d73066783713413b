"""An exported Parquet file loads cleanly every time, in a fresh interpreter (issue 15, item 8).

NEEDS PANDAS (annales[data]): skipped without it. pandas before 3.1 hands pyarrow a Python file object
for a local path; pyarrow's read-ahead threads then call back into Python while the interpreter shuts
down, and the process aborts ("terminate called without an active exception", exit 134) in about 1 run
in 5. pandas 3.1 reads local paths in pyarrow's C++ layer: pyproject's data extra asks for it.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import ROOT

pd = pytest.importorskip("pandas")

RUNS = 20
LOAD = "import sys, pandas as pd; df = pd.read_parquet(sys.argv[1]); print(len(df), len(df.columns))"


def test_export_parquet_loads_20_times_in_fresh_interpreters(tmp_path):
    from annales.store import Store
    from annales.store.export import export
    from annales.store.ingest import ingest

    db = str(tmp_path / "events.db")
    ingest(
        [str(ROOT / "tests" / "articles" / "01-airstrike.txt"), str(ROOT / "tests" / "articles" / "06-ceasefire.txt")],
        db,
        date="2023-03-06",
    )
    out = tmp_path / "events.parquet"
    with Store.open(db) as store:
        export(store, out, fmt="parquet")
        n_events = store.count("events")
    assert n_events > 5

    def load(_):
        return subprocess.run([sys.executable, "-c", LOAD, str(out)], capture_output=True, text=True, timeout=120)

    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(load, range(RUNS)))
    failed = [(r.returncode, r.stderr[-200:]) for r in runs if r.returncode != 0]
    assert not failed, f"{len(failed)} of {RUNS} loads failed (pandas {pd.__version__}): {failed[:3]}"
    assert {r.stdout.split()[0] for r in runs} == {str(n_events)}
