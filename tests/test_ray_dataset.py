"""Ray Data end to end: workers write the Parquet dataset, and it equals the local engine's, record for record.

A local Ray with 2 CPUs is started for the module; corpora are a handful of articles.
"""
from __future__ import annotations

import pandas as pd
import pyarrow.dataset as pads
import pytest

from annales.store import Store
from annales.store.dataset import ARTICLES_DIR
from annales.store.ingest import ingest
from tests.test_store_dataset import small_corpus

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _events(out) -> list[dict]:
    df = pd.read_parquet(out)
    df["month"] = df["month"].astype(str)
    df = df.astype(object).where(df.notna(), None)  # NaN != NaN would fail equal rows
    return df.sort_values("uid").to_dict("records")


def _records(out) -> list[dict]:
    rows = pads.dataset(out / ARTICLES_DIR, format="parquet").to_table().to_pylist()
    return sorted(rows, key=lambda r: r["key"])


def test_ray_out_equals_local_out_and_loads_into_the_store_of_a_direct_ingest(tmp_path):
    paths = small_corpus(tmp_path)
    local_out, ray_out = tmp_path / "local", tmp_path / "ray"
    s_local = ingest(paths, out=str(local_out), workers=1, date="2024-03-01")
    s_ray = ingest(paths, out=str(ray_out), workers=2, date="2024-03-01", engine="ray")
    assert (s_ray.read, s_ray.coded, s_ray.failed, s_ray.events) == \
        (s_local.read, s_local.coded, s_local.failed, s_local.events) == (7, 5, 2, s_local.events)
    assert _records(ray_out) == _records(local_out)
    events = _events(ray_out)
    assert len(events) == s_local.events > 10
    assert events == _events(local_out)
    # written by the workers, one file per block, in hive folders by month
    assert len(list(ray_out.glob("month=*/*.parquet"))) >= 2

    direct, loaded = str(tmp_path / "direct.db"), str(tmp_path / "loaded.db")
    ingest(paths, direct, workers=1, date="2024-03-01")
    ingest([str(ray_out)], loaded)
    with Store.open(direct) as a, Store.open(loaded) as b:
        assert a.checksum() == b.checksum()
