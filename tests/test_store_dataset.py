"""`annales ingest --out DIR`: a Parquet dataset partitioned by event month, readable by pandas in one
line, and loadable into a store that then equals a direct ingest row for row."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from annales.cli import app
from annales.errors import AnnalesError
from annales.store import Store
from annales.store.dataset import MARKER, UNKNOWN_MONTH
from annales.store.ingest import ingest
from tests.conftest import ROOT

ARTICLES = ROOT / "tests" / "articles"


def small_corpus(tmp_path):
    """Three test articles, a feed with a malformed line and an undated article, and a missing file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(p.name for p in ARTICLES.glob("*.txt"))[:3]:
        shutil.copy(ARTICLES / name, folder / name)
    rows = [
        json.dumps(
            {
                "id": "gao",
                "text": "Rebels shelled the town of Gao on Monday, killing four soldiers.",
                "date": "2022-05-04",
            }
        ),
        "{not json",
        json.dumps({"id": "undated", "text": "Police arrested twelve protesters outside parliament in Nairobi."}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(rows) + "\n")
    return [str(folder), str(tmp_path / "missing.txt")]


def test_dataset_loads_into_the_same_store_as_a_direct_ingest(tmp_path):
    paths = small_corpus(tmp_path)
    out = tmp_path / "ds"
    s = ingest(paths, out=str(out), workers=1, date="2024-03-01")
    assert (s.read, s.coded, s.failed) == (7, 5, 2) and s.events > 10
    marker = json.loads((out / MARKER).read_text())
    assert (marker["articles"], marker["coded"], marker["events"]) == (7, 5, s.events)

    direct, loaded = str(tmp_path / "direct.db"), str(tmp_path / "loaded.db")
    ingest(paths, direct, workers=2, date="2024-03-01")  # worker processes: the store stays in this thread
    summary = ingest([str(out)], loaded)
    assert (summary.coded, summary.failed, summary.events) == (5, 2, s.events)
    with Store.open(direct) as a, Store.open(loaded) as b:
        assert a.checksum() == b.checksum()
        stored = a.query(
            "SELECT uid, sentence, start_char, end_char, type, cameo, date, cluster_id FROM events ORDER BY uid"
        )
        assert b.count("errors") == 2

    df = pd.read_parquet(out)  # the one line an analyst writes
    assert len(df) == s.events
    rows = df.sort_values("uid")[["uid", "sentence", "start_char", "end_char", "type", "cameo", "date", "cluster_id"]]
    rows = rows.astype(object).where(rows.notna(), None)  # pandas 3 reads a missing string as NaN, the store has None
    assert rows.to_dict("records") == stored
    months = {
        m: {d[:7] if isinstance(d, str) and len(d) >= 7 else UNKNOWN_MONTH for d in g["date"]}
        for m, g in df.groupby("month", observed=True)
    }
    assert all(v == {m} for m, v in months.items()), months
    assert {"2022-05", UNKNOWN_MONTH} <= set(months)
    assert (out / "month=2022-05").is_dir()

    again = ingest([str(out)], loaded)  # loading twice adds nothing
    assert again.skipped == 5 and again.coded == 0


def test_dataset_cli_out_then_load_then_export(tmp_path):
    paths = small_corpus(tmp_path)
    runner = CliRunner()
    out, db = tmp_path / "ds", tmp_path / "x.db"
    # small_corpus holds two unreadable inputs: --keep-going exits 0 with them listed
    r = runner.invoke(
        app, ["ingest", *paths, "--out", str(out), "--workers", "1", "--date", "2024-03-01", "--keep-going"]
    )
    assert r.exit_code == 0, r.output
    assert "2 input(s) failed — by reason: E007: 1, E001: 1" in r.output
    assert not (tmp_path / "events.db").exists() and not (ROOT / "events.db").exists()
    r = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert r.exit_code == 1, r.output  # the dataset's two failures are loaded as failures
    assert "2 input(s) failed — by reason: E007: 1, E001: 1" in r.output
    r = runner.invoke(app, ["export", str(tmp_path / "events.parquet"), "--db", str(db), "--format", "parquet"])
    assert r.exit_code == 0, r.output
    exported = pd.read_parquet(tmp_path / "events.parquet")
    assert sorted(exported["uid"]) == sorted(pd.read_parquet(out)["uid"])


def test_dataset_bad_uses_are_clear_errors(tmp_path):
    paths = small_corpus(tmp_path)
    with pytest.raises(AnnalesError, match=r"\[E021\] Give --db or --out, not both"):
        ingest(paths, str(tmp_path / "x.db"), out=str(tmp_path / "ds"))
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.txt").write_text("x")
    with pytest.raises(AnnalesError, match=r"\[E022\] .*it is not empty\. Pass a new"):
        ingest(paths, out=str(tmp_path / "full"))

    out = tmp_path / "ds"
    ingest([str(ARTICLES / "01-airstrike.txt")], out=str(out), workers=1)
    with pytest.raises(AnnalesError, match=r"\[E024\] .* load it on its own"):
        ingest([str(out), *paths], str(tmp_path / "y.db"))
    with pytest.raises(AnnalesError, match=r"\[E024\]"):
        ingest([str(out)], out=str(tmp_path / "ds2"))
    (out / MARKER).unlink()  # as a run killed before it finished leaves it
    with pytest.raises(AnnalesError, match=r"\[E023\] .*did not finish"):
        ingest([str(out)], str(tmp_path / "z.db"))

    r = CliRunner().invoke(app, ["ingest", *paths, "--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "ds3")])
    assert r.exit_code == 2 and "E021" in r.output
