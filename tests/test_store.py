"""The corpus store on SQLite and PostgreSQL: ingest, nothing lost or doubled, clusters, queries, exports."""

from __future__ import annotations

import calendar
import json

import pandas as pd
import pytest

import annales
from annales.store import Store
from annales.store.export import SHAPES, export
from annales.store.ingest import ingest
from annales.store.query import event_rows
from tests.conftest import ROOT

ARTICLES = ROOT / "tests" / "articles"

SAME_EVENT = [
    ("Rebels shelled the town of Gao on Monday, killing four soldiers, the army said.", "2022-05-04"),
    ("Four soldiers died when rebels shelled Gao on Monday, according to the Malian army.", "2022-05-04"),
    ("Malian officials said rebel fighters shelled Gao on Monday and killed four soldiers.", "2022-05-05"),
]
OTHER_CITY = [
    ("Rebels shelled the town of Kidal on Monday, killing two soldiers, the army said.", "2022-05-04"),
]


@pytest.fixture
def db_url(store_url):
    """A new, empty store on each database (conftest's store_url)."""
    return store_url


def _articles_jsonl(tmp_path):
    """The test articles with their publication dates, as a JSON Lines feed."""
    import yaml

    rows = []
    for txt in sorted(ARTICLES.glob("*.txt")):
        key = yaml.safe_load(txt.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        rows.append({"id": txt.stem, "text": txt.read_text(encoding="utf-8"), "date": str(key["article"]["date"])})
    p = tmp_path / "articles.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return p


def _jsonl(tmp_path, rows, name="in.jsonl"):
    p = tmp_path / name
    p.write_text("\n".join(json.dumps({"id": f"a{i}", "text": t, "date": d}) for i, (t, d) in enumerate(rows)) + "\n")
    return p


def test_store_ingest_then_reingest_adds_nothing(db_url, tmp_path):
    s1 = ingest([str(ARTICLES)], db_url)
    assert s1.coded == 10 and s1.failed == 0 and s1.events > 50
    with Store.open(db_url) as store:
        before = store.checksum()
        assert store.count("articles") == 10 and store.count("events") == s1.events
    s2 = ingest([str(ARTICLES)], db_url)
    assert s2.coded == 0 and s2.skipped == 10
    with Store.open(db_url) as store:
        assert store.checksum() == before


def test_store_errors_table_keeps_every_unreadable_input(db_url, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "good.txt").write_text("Police arrested 12 protesters in Nairobi on Monday.")
    (tmp_path / "in" / "french.txt").write_text(
        "Le gouvernement a annoncé mardi une série de mesures pour les "
        "agriculteurs, qui manifestent depuis une semaine dans toute la France."
    )
    s = ingest([str(tmp_path / "in")], db_url, date="2024-01-09")
    assert (s.coded, s.failed) == (1, 2)
    with Store.open(db_url) as store:
        errs = {r["code"]: r["path"] for r in store.query("SELECT code, path FROM errors")}
    assert set(errs) == {"E002", "E006"} and errs["E002"].endswith("empty.txt")


def test_store_clusters_same_event_and_keeps_different_cities_apart(db_url, tmp_path):
    ingest([str(_jsonl(tmp_path, SAME_EVENT + OTHER_CITY))], db_url)
    with Store.open(db_url) as store:
        rows = [r for r in event_rows(store, type="ASSAULT", level="cluster") if r["recipient_sector"] == "MIL"]
    sizes = sorted(r["n_reports"] for r in rows)
    places = sorted(r["place_name"] for r in rows)
    assert sizes == [1, 3], rows
    assert places == ["Gao", "Kidal"]


def test_store_queries_filter_and_return_dataframes(db_url, tmp_path):
    ingest([str(_articles_jsonl(tmp_path))], db_url)
    corpus = annales.open(db_url)
    df = corpus.events(type="ASSAULT", country="YEM")
    assert len(df) >= 2 and set(df["type"]) == {"ASSAULT"}
    assert all(
        "YEM" in {a, r, p} for a, r, p in zip(df.actor_country, df.recipient_country, df.place_country, strict=True)
    )
    since = corpus.events(since="2023-01-01")
    assert len(since) > 0 and (since["date"] >= "2023-01-01").all()
    # an event dated only to its month belongs to the month: inside a range holding the whole month, never
    # inside one holding some of its days (consecutive weekly ranges would count it twice)
    month_only = corpus.events()
    month_only = month_only[month_only["date_precision"] == "month"]
    assert len(month_only) and set(month_only["date"].str.len()) == {7}
    month = month_only["date"].iloc[0]
    inside = corpus.events(since=f"{month}-10", until=f"{month}-20")
    inside = list(inside["date"]) if len(inside) else []
    assert month not in inside and all(f"{month}-10" <= d <= f"{month}-20" for d in inside)
    whole = corpus.events(since=f"{month}-01", until=f"{month}-{calendar.monthrange(*map(int, month.split('-')))[1]}")
    assert month in set(whole["date"]) and all(d[:7] == month for d in whole["date"])
    assert corpus.stats()["type"]["events"].sum() == len(corpus.events())
    corpus.close()


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_store_exports_load_in_one_line(shape, db_url, tmp_path):
    ingest([str(ARTICLES / "06-ceasefire.txt"), str(ARTICLES / "09-state-visit.txt")], db_url, date="2023-03-06")
    with Store.open(db_url) as store:
        for fmt in ("csv", "tsv", "jsonl", "parquet"):
            out = tmp_path / f"{shape}.{fmt}"
            files = export(store, out, fmt=fmt, shape=shape)
            if fmt == "parquet":
                df = pd.read_parquet(out)
            elif fmt == "jsonl":
                df = pd.read_json(out, lines=True, dtype=False)
            else:
                df = pd.read_csv(out, dtype=str, sep="," if fmt == "csv" else "\t")
            book = [f for f in files if f.name.endswith("codebook.md")][0].read_text()
            assert len(df) > 0
            for col in df.columns:
                assert f"| {col} |" in book, (shape, fmt, col)
            code_col = {"annales": "cameo", "polecat": "CAMEO Code", "gdelt": "EventCode"}.get(shape)
            if code_col:
                assert all(isinstance(v, str) and v.isdigit() and len(v) >= 2 for v in df[code_col]), df[code_col]
                assert any(str(v).startswith("0") for v in df[code_col])  # leading zeros kept


def test_store_migrations_apply_once_and_upgrade_old_stores(tmp_path):
    import sqlite3

    from annales.store.schema import MIGRATIONS

    db = str(tmp_path / "m.db")
    with Store.open(db) as store:
        assert [r["version"] for r in store.query("SELECT version FROM schema_migrations ORDER BY version")] == [
            m[0] for m in MIGRATIONS
        ]
    with Store.open(db) as store:
        assert store.migrate() == []
    # a store made by the first schema gets the later migrations, in a transaction each
    old = str(tmp_path / "old.db")
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT, applied_at TEXT)")
    for stmt in MIGRATIONS[0][2]:
        conn.execute(stmt)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'initial schema', 'then')")
    for uid, date in (("h:E1", "2024-05-10"), ("h:E2", "2024-05"), ("h:E3", "2024"), ("h:E4", None)):
        conn.execute("INSERT INTO events (uid, article_hash, date) VALUES (?, 'h', ?)", (uid, date))
    conn.commit()
    conn.close()
    with Store.open(old) as store:
        assert store.query("SELECT MAX(version) AS v FROM schema_migrations")[0]["v"] == MIGRATIONS[-1][0]
        assert "text" in store._columns("articles")
        # migration 5: the events stored before carry the precision of their dates
        assert [r["date_precision"] for r in store.query("SELECT date_precision FROM events ORDER BY uid")] == [
            "day",
            "month",
            "year",
            "none",
        ]


def test_store_keeps_article_text_for_evidence(db_url, tmp_path):
    ingest([str(_jsonl(tmp_path, SAME_EVENT[:1]))], db_url)
    with Store.open(db_url) as store:
        art = store.query("SELECT text FROM articles")[0]
        ev = store.query("SELECT start_char, end_char, sentence FROM events")[0]
    assert art["text"][ev["start_char"] : ev["end_char"]] == ev["sentence"]


def test_store_recode_recodes_articles_of_an_older_coder(db_url, tmp_path, monkeypatch):
    from annales.store import db as dbmod
    from annales.store import ingest as ingmod

    feed = _jsonl(tmp_path, SAME_EVENT)
    monkeypatch.setattr(dbmod, "CODER_VERSION", "0.0.1")
    monkeypatch.setattr(ingmod, "CODER_VERSION", "0.0.1")
    ingest([str(feed)], db_url)
    monkeypatch.undo()
    assert ingest([str(feed)], db_url).coded == 0  # an older coder's rows stay unless asked
    s = ingest([str(feed)], db_url, recode=True)
    assert s.coded == 3
    with Store.open(db_url) as store:
        assert {r["coder_version"] for r in store.query("SELECT coder_version FROM articles")} == {dbmod.CODER_VERSION}
    assert ingest([str(feed)], db_url, recode=True).coded == 0
