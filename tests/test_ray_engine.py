"""The Ray engine runs the same per-article function as the local engine and must give the same documents.

A local Ray with 2 CPUs is started for the module; the fault test kills a pool worker mid-run.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from annales.engines import code_many
from annales.model import Article
from annales.readers import read_inputs

ray = pytest.importorskip(
    "ray", reason="Ray tests: Ray is not installed (pip install -e '.[ray]'; make install does it)"
)

HERE = Path(__file__).parent


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def corpus(copies: int = 1) -> list:
    items = list(read_inputs([str(HERE / "articles"), str(HERE / "heldout"), "/no/such/file.txt"], date="2024-03-01"))
    out = []
    for n in range(copies):
        for it in items:
            if isinstance(it, Article):
                it = Article(id=f"{it.id}#{n}", text=it.text, title=it.title, date=it.date, path=it.path)
            out.append(it)
    out.append(Article(id="empty", text="   ", date="2024-03-01"))
    out.append(
        Article(
            id="german",
            text="Die Regierung hat am Montag neue Sanktionen gegen Russland beschlossen.",
            date="2024-03-01",
        )
    )
    return out


def test_ray_engine_equals_local_engine_record_for_record():
    items = corpus()
    local = list(code_many(items, workers=1))
    on_ray = list(code_many(items, workers=2, engine="ray"))
    assert [d["article"]["id"] for d in on_ray] == [d["article"]["id"] for d in local]  # input order kept
    assert sum(len(d["events"]) for d in local) > 50
    assert any(d["error"] for d in local)  # the unreadable file travels through Ray as an error row
    for a, b in zip(local, on_ray, strict=True):
        assert a == b, a["article"]["id"]


def _pool_worker_pids() -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "MapWorker" in cmd and "_PipelineActor" in cmd:
                pids.append(int(entry))
    return pids


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds Ray's worker processes through /proc")
def test_a_worker_killed_mid_run_loses_and_doubles_nothing():
    items = corpus(copies=3)
    local = list(code_many(items, workers=1))
    from annales.ray_engine import code_many_ray

    on_ray, killed = [], []
    for doc in code_many_ray(items, workers=2, batch_size=4):
        on_ray.append(doc)
        if len(on_ray) == 4 and not killed:
            pids = _pool_worker_pids()
            assert pids, "no Ray pool worker found to kill"
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])
    assert killed
    assert [d["article"]["id"] for d in on_ray] == [d["article"]["id"] for d in local]
    assert on_ray == local


def test_ingest_on_ray_gives_the_same_store_as_ingest_on_the_local_engine(tmp_path):
    from annales.store.db import Store
    from annales.store.ingest import ingest

    paths = [str(HERE / "articles"), str(HERE / "heldout2"), "/no/such/file.txt"]
    sums = []
    for engine in ("local", "ray"):
        db = str(tmp_path / f"{engine}.db")
        # on Ray, workers=0 means one per cluster CPU (2 here)
        summary = ingest(paths, db, workers=0 if engine == "ray" else 1, date="2024-03-01", engine=engine)
        assert summary.coded >= 15 and summary.failed == 1
        with Store.open(db) as store:
            sums.append(store.checksum())
    assert sums[0] == sums[1]


def test_an_unreachable_cluster_is_a_clear_error_not_a_hang():
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annales.cli",
            "code",
            str(HERE / "articles" / "01-airstrike.txt"),
            "--engine",
            "ray",
            "--address",
            "127.0.0.1:1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "E020" in proc.stderr and "127.0.0.1:1" in proc.stderr
