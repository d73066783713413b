"""The event verifier's confidence as a filter: in the store (SQLite and PostgreSQL), `annales events
--min-confidence` and the API's `min_confidence`, all keeping exactly the events at least that probable."""

from __future__ import annotations

from typer.testing import CliRunner

from annales.cli import app
from annales.store import Store
from annales.store.ingest import ingest
from annales.store.query import event_rows
from tests.test_store import db_url  # noqa: F401 - the SQLite/PostgreSQL fixture

TEXT = (
    "NAIROBI, March 4 (annales) - Police in Nairobi arrested 40 protesters on Monday, witnesses said. The "
    "opposition accused the government of rigging the election and called for a recount. Kenya and Uganda "
    "signed an agreement on border security on Tuesday."
)


def _store(tmp_path, url):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    ingest([str(src)], url, date="2024-03-05")
    return url


def test_confidence_filter_keeps_exactly_the_events_at_least_that_probable(tmp_path, db_url):  # noqa: F811
    url = _store(tmp_path, db_url)
    with Store.open(url) as store:
        every = event_rows(store)
        confidences = sorted(r["confidence"] for r in every)
        assert len(every) >= 3 and all(0.0 < c < 1.0 for c in confidences)
        # a threshold above the least sure event (two events of one act, both ways, share a confidence)
        middle = next(c for c in confidences if c > confidences[0])
        kept = event_rows(store, min_confidence=middle)
        assert sorted(r["uid"] for r in kept) == sorted(r["uid"] for r in every if r["confidence"] >= middle)
        assert 0 < len(kept) < len(every)
        assert event_rows(store, min_confidence=1.0) == []


def test_confidence_filter_on_the_command_line_and_its_error(tmp_path):
    url = _store(tmp_path, str(tmp_path / "events.db"))
    runner = CliRunner()
    every = runner.invoke(app, ["events", "--db", url, "-f", "jsonl"])
    some = runner.invoke(app, ["events", "--db", url, "-f", "jsonl", "--min-confidence", "0.99"])
    assert every.exit_code == some.exit_code == 0
    assert len(every.stdout.splitlines()) >= 3 and some.stdout == ""
    bad = runner.invoke(app, ["events", "--db", url, "--min-confidence", "1.5"])
    assert bad.exit_code != 0 and "[E048] Invalid minimum confidence '1.5'" in bad.stderr


def test_confidence_filter_in_the_api(tmp_path):
    from fastapi.testclient import TestClient

    from annales.web import create_app

    url = _store(tmp_path, str(tmp_path / "events.db"))
    client = TestClient(create_app(url))
    every = client.get("/api/events").json()["data"]
    floor = sorted(e["confidence"] for e in every)[-1]
    top = client.get("/api/events", params={"min_confidence": floor}).json()["data"]
    assert [e["uid"] for e in top] == [e["uid"] for e in every if e["confidence"] >= floor] and len(top) < len(every)
    refused = client.get("/api/events", params={"min_confidence": 2})
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "invalid_parameter")


def test_confidence_floor_of_annales_code(tmp_path):
    """`annales code --min-confidence 0` gives every event the stages found; the default leaves out those
    under the verifier's keep threshold, and a higher floor keeps exactly the events at or above it."""
    import json

    from annales.learned.verifier import shipped_verifier

    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()

    def events(*flags):
        r = runner.invoke(app, ["code", str(src), "--date", "2024-03-05", "-f", "json", *flags])
        assert r.exit_code == 0, r.stderr
        return json.loads(r.stdout)[0]["events"]

    every, default = events("--min-confidence", "0"), events()
    threshold = shipped_verifier().keep_threshold
    # the output rounds confidences to 2 places: one that rounds to the threshold may lie either side of it
    kept, sure_in = {e["id"] for e in default}, {e["id"] for e in every if e["confidence"] > threshold + 0.005}
    below = {e["id"] for e in every if e["confidence"] < threshold - 0.005}
    assert sure_in <= kept and kept <= {e["id"] for e in every}
    # under the threshold only an attack whose sentence counts its dead is kept (verifier.py)
    assert all("counts its dead" in e["why"] for e in default if e["id"] in below)
    values = sorted({e["confidence"] for e in every})  # rounded to 2 places in the output: a floor between two
    floor = round((values[-2] + values[-1]) / 2, 3)  # of them keeps the same events whatever the rounding
    assert [e["id"] for e in events("--min-confidence", str(floor))] == [
        e["id"] for e in every if e["confidence"] >= floor
    ]
    assert runner.invoke(app, ["code", str(src), "--min-confidence", "1.5"]).exit_code == 2
