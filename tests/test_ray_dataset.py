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

ray = pytest.importorskip(
    "ray", reason="Ray tests: Ray is not installed (pip install -e '.[ray]'; make install does it)"
)


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
    assert (
        (s_ray.read, s_ray.coded, s_ray.failed, s_ray.events)
        == (s_local.read, s_local.coded, s_local.failed, s_local.events)
        == (7, 5, 2, s_local.events)
    )
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
        assert {e["uid"]: e["cluster_id"] for e in events} == {
            r["uid"]: r["cluster_id"] for r in a.query("SELECT uid, cluster_id FROM events")
        }


def shard_corpus(tmp_path):
    """JSON Lines shards (a malformed line, a row without text, a text given twice) and a Parquet shard."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from tests.test_store import OTHER_CITY, SAME_EVENT
    from tests.test_store_dataset import ARTICLES

    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))[:3]]
    feed = tmp_path / "shards"
    feed.mkdir()
    (feed / "a.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"id": "a1", "text": texts[0], "date": "2024-03-01"}),
                "{not json",
                json.dumps({"text": texts[1], "date": "2024-03-02"}),
            ]
        )
        + "\n"
    )
    (feed / "b.jsonl").write_text(
        "\n".join([json.dumps({"id": "again", "text": texts[0]}), json.dumps({"id": "no-text", "title": "x"})]) + "\n"
    )
    # reworded reports of one shelling (one cluster) and of another in a different city (its own)
    (feed / "d.jsonl").write_text(
        "\n".join(
            json.dumps({"id": f"gao{i}", "text": t, "date": d}) for i, (t, d) in enumerate(SAME_EVENT + OTHER_CITY)
        )
        + "\n"
    )
    pq.write_table(
        pa.table(
            {
                "id": ["p1", None],
                "text": [texts[2], "Police arrested twelve protesters in Nairobi."],
                "date": ["2024-03-04", None],
            }
        ),
        feed / "c.parquet",
    )
    return [str(feed)]


def test_ray_reads_shards_on_the_workers_with_the_local_readers_ids_and_errors(tmp_path, monkeypatch):
    from annales.ray_engine import shard_files
    from annales.store import ingest as ingest_mod

    paths = shard_corpus(tmp_path)
    assert shard_files(paths) is not None
    local_db, ray_db = str(tmp_path / "local.db"), str(tmp_path / "ray.db")
    s_local = ingest(paths, local_db, workers=1)
    assert (s_local.read, s_local.coded, s_local.skipped, s_local.failed) == (11, 8, 1, 2)

    def no_driver_reading(*a, **k):
        raise AssertionError("read on the driver")

    monkeypatch.setattr(ingest_mod, "read_sources", no_driver_reading)
    s_ray = ingest(paths, ray_db, workers=2, engine="ray")
    assert (s_ray.read, s_ray.coded, s_ray.skipped, s_ray.failed, s_ray.events) == (
        s_local.read,
        s_local.coded,
        s_local.skipped,
        s_local.failed,
        s_local.events,
    )
    with Store.open(local_db) as a, Store.open(ray_db) as b:
        assert a.checksum() == b.checksum()
        ids = {r["id"] for r in b.query("SELECT id FROM articles")}
        errors = {r["path"].rsplit("/", 1)[1]: r["code"] for r in b.query("SELECT path, code FROM errors")}
    assert len(ids) == 8 and {"a1", "p1"} <= ids and "again" not in ids  # the first copy of a text is kept
    assert errors == {"a.jsonl:2": "E007", "b.jsonl:2": "E007"}
    again = ingest(paths, ray_db, workers=2, engine="ray")  # everything stored already: nothing coded
    assert (again.read, again.coded, again.skipped, again.failed) == (11, 0, 9, 2)

    ray_out = tmp_path / "ray-out"
    s_out = ingest(paths, out=str(ray_out), workers=2, engine="ray")
    assert (s_out.read, s_out.coded, s_out.skipped, s_out.failed) == (11, 8, 1, 2)
    monkeypatch.undo()
    local_out = tmp_path / "local-out"
    ingest(paths, out=str(local_out), workers=1)
    assert _records(ray_out) == _records(local_out)
    events = _events(ray_out)
    assert events == _events(local_out)
    # clusters from the groupby on the workers are the store's, member for member
    with Store.open(local_db) as a:
        assert {e["uid"]: e["cluster_id"] for e in events} == {
            r["uid"]: r["cluster_id"] for r in a.query("SELECT uid, cluster_id FROM events")
        }
    shelling = {}
    for e in events:
        if e["type"] == "ASSAULT" and e["article_id"].startswith("gao") and e["recipient_sector"] == "MIL":
            shelling.setdefault(e["cluster_id"], set()).add(e["article_id"])
    assert sorted(map(sorted, shelling.values())) == [["gao0", "gao1", "gao2"], ["gao3"]]


def test_ray_ingest_into_postgresql_gives_the_sqlite_checksum(tmp_path, postgres_url):
    import uuid

    import psycopg

    name = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    pg = postgres_url.rsplit("/", 1)[0] + "/" + name
    paths = shard_corpus(tmp_path)
    sqlite_db = str(tmp_path / "local.db")
    ingest(paths, sqlite_db, workers=1)
    s = ingest(paths, pg, workers=2, engine="ray")
    assert (s.coded, s.failed) == (8, 2)
    with Store.open(sqlite_db) as a, Store.open(pg) as b:
        assert b.kind == "postgresql" and b.count("events") == s.events > 10
        assert a.checksum() == b.checksum()
