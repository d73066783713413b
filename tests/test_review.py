"""Review (issue 14 item 4): a reviewer accepts, rejects or corrects an event, stored with who and when beside
the coder's record (never over it), on SQLite and PostgreSQL; the API's token rule; every export shape marks
reviewed events; `annales export --shape keys` writes reviewed articles as answer keys `annales evaluate` loads."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import annales
from annales.cli import app
from annales.errors import AnnalesError
from annales.keys import find_documents, validate_key
from annales.store import Store
from annales.store.export import export
from annales.store.ingest import ingest
from annales.store.reviews import current_reviews, event_row, review_history, write_review
from annales.web import create_app
from annales.web.reviewers import read_reviewers

ARTICLES = [
    {
        "id": "gao",
        "date": "2022-05-04",
        "text": "Rebels shelled the town of Gao on Monday, killing four soldiers, the army said. "
        "Police in Bamako arrested 12 protesters on Tuesday.",
    },
    {
        "id": "nairobi",
        "date": "2024-03-05",
        "text": "Kenyan police arrested 20 protesters in Nairobi on Monday, officials said.",
    },
]
ALICE, BOB = "tok-alice-0001", "tok-bob-0002"
REVIEWERS = {ALICE: "alice", BOB: "bob"}


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": None, "ANNALES_REVIEW_TOKENS": None})


@pytest.fixture
def db(store_url, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    ingest([str(feed)], store_url)
    return store_url


def _events(db: str) -> list[dict]:
    with Store.open(db) as store:
        # the order of the text, as the keys list events
        return store.query("SELECT * FROM events ORDER BY article_hash, start_char, trigger_start, event_id")


def _first(events: list[dict], type_: str) -> dict:
    return next(e for e in events if e["type"] == type_)


def _other_type(type_: str) -> str:
    return "PROTEST" if type_ != "PROTEST" else "ACCUSE"


def test_review_store_keeps_the_coder_record_and_the_history(db):
    event = _events(db)[0]
    with Store.open(db) as store:
        before = store.checksum()
        first = write_review(store, event, "accept", "alice", at="2026-12-06T10:00:00.000000Z")
        assert store.checksum() != before  # a review is content: a backup without it is not a copy
        second = write_review(
            store,
            event_row(store, event["uid"]),
            "correct",
            "bob",
            {"type": _other_type(event["type"]).lower(), "recipient": None, "date": "2022-05"},
            note="the soldiers are the recipients' side; month only",
        )
        # the coder's record is as it was, every column
        assert event_row(store, event["uid"]) == event
        history = review_history(store, event["uid"])
        current = current_reviews(store)
    assert [r["verdict"] for r in history] == ["accept", "correct"]
    assert history[0]["superseded_at"] == second["at"] and history[1]["superseded_at"] is None
    assert first["by"] == "alice" and second["by"] == "bob" and second["at"].endswith("Z")
    assert current == {event["uid"]: history[1]}
    assert second["corrected"]["type"] == _other_type(event["type"])  # normalised to the ontology's spelling
    assert second["corrected"]["recipient"] is None and second["corrected"]["date"] == "2022-05"
    assert second["coder"]["type"] == event["type"]


@pytest.mark.parametrize(
    "verdict, corrected, says",
    [
        ("maybe", None, "verdict 'maybe' is not one of accept, reject, correct"),
        ("accept", {"type": "ASSAULT"}, "a verdict 'accept' takes no corrected fields"),
        ("correct", None, "a correction needs 'corrected'"),
        ("correct", {"type": "FIGHT"}, "type 'FIGHT' is not a PLOVER type"),
        ("correct", {"type": "PROTEST", "mode": "arrest"}, "mode 'arrest' is not a mode of PROTEST"),
        ("correct", {"actor": {"name": "Mali", "country": "XYZ"}}, "actor.country 'XYZ' is not an ISO 3166"),
        ("correct", {"actor": {"name": "Mali", "sector": "ARMY"}}, "actor.sector 'ARMY' is not a PLOVER sector"),
        ("correct", {"date": "2022-13-01"}, "date '2022-13-01' is not YYYY-MM-DD"),
        ("correct", {"place": "Gao"}, "place cannot be corrected"),
    ],
)
def test_review_store_refuses_what_is_not_a_review(db, verdict, corrected, says):
    event = _events(db)[0]
    with Store.open(db) as store:
        with pytest.raises(AnnalesError) as exc:
            write_review(store, event, verdict, "alice", corrected)
        assert current_reviews(store) == {}  # nothing half-written
    assert exc.value.code == "E060" and says in exc.value.message


def test_review_store_a_new_type_drops_a_mode_it_does_not_have(db):
    event = next(e for e in _events(db) if e["mode"])
    with Store.open(db) as store:
        review = write_review(store, event, "correct", "alice", {"type": _other_type(event["type"])})
    assert review["corrected"] == {"type": _other_type(event["type"]), "mode": None}


def test_review_store_reviews_outlive_a_recoding(db, tmp_path):
    event = _events(db)[0]
    with Store.open(db) as store:
        write_review(store, event, "reject", "alice")
    feed = tmp_path / "feed.jsonl"
    ingest([str(feed)], db, recode=True)
    with Store.open(db) as store:
        assert [r["verdict"] for r in current_reviews(store).values()] == ["reject"]


def test_review_exports_use_corrections_and_leave_rejections_out_of_published_shapes(db, tmp_path):
    events = _events(db)
    assault, arrests = _first(events, "ASSAULT"), [e for e in events if e["type"] == "COERCE"]
    with Store.open(db) as store:
        write_review(
            store,
            assault,
            "correct",
            "alice",
            {"type": "PROTEST", "actor": {"name": "Malian army", "country": "MLI", "sector": "MIL"}},
        )
        write_review(store, arrests[0], "reject", "bob")
        write_review(store, arrests[1], "accept", "bob")
        for shape in ("annales", "polecat", "gdelt", "acled"):
            export(store, tmp_path / f"{shape}.jsonl", fmt="jsonl", shape=shape, all_modalities=True)
    rows = {
        shape: [json.loads(line) for line in (tmp_path / f"{shape}.jsonl").read_text().splitlines()]
        for shape in ("annales", "polecat", "gdelt", "acled")
    }
    own = {r["uid"]: r for r in rows["annales"]}
    corrected = own[assault["uid"]]
    assert (corrected["type"], corrected["cameo"], corrected["actor_name"], corrected["actor_code"]) == (
        "PROTEST",
        "14",
        "Malian army",
        "MLIMIL",
    )
    assert corrected["review"] == "correct" and corrected["reviewed_by"] == "alice"
    assert json.loads(corrected["coder_values"])["type"] == "ASSAULT"  # the coder's value kept beside it
    assert own[arrests[0]["uid"]]["review"] == "reject" and own[arrests[1]["uid"]]["review"] == "accept"
    assert sum(r["review"] is None for r in rows["annales"]) == len(events) - 3
    uids = {"polecat": "Event ID", "gdelt": "annales_uid", "acled": "annales_uid"}
    for shape, col in uids.items():
        kept = {r[col]: r for r in rows[shape]}
        assert arrests[0]["uid"] not in kept, shape  # rejected: not a row of a published shape
        assert kept[arrests[1]["uid"]]["review"] == "accept", shape
        book = (tmp_path / f"{shape}.codebook.md").read_text()
        assert "1 rejected by a reviewer" in book and "| review | annales:" in book, shape
    assert next(r for r in rows["polecat"] if r["Event ID"] == assault["uid"])["Event Type"] == "PROTEST"
    # the library says the same: annales.open(db).events() carries the review columns
    corpus = annales.open(db)
    try:
        frame = corpus.events()
        assert sorted(frame["review"].dropna()) == ["accept", "correct", "reject"]
        assert frame.loc[frame["uid"] == assault["uid"], "reviewed_by"].tolist() == ["alice"]
        written = corpus.export(str(tmp_path / "keys"), shape="keys")
        assert len(written.documents) == 2 and written.rejected == 1
    finally:
        corpus.close()


# -- the API --------------------------------------------------------------------------------------------------
def _error(r, status: int, code: str) -> str:
    body = r.json()
    assert r.status_code == status and body["ok"] is False and body["status"] == status, r.text
    assert body["error"]["code"] == code
    return body["error"]["message"]


def test_review_api_is_off_without_reviewers(db):
    client = TestClient(create_app(db, review_tokens={}))
    uid = _events(db)[0]["uid"]
    assert client.get("/api/review").json()["data"] == {"enabled": False, "reviewer": None}
    message = _error(
        client.post(
            f"/api/events/{uid}/reviews", json={"verdict": "accept"}, headers={"Authorization": f"Bearer {ALICE}"}
        ),
        403,
        "review_off",
    )
    assert "--review-token NAME=TOKEN" in message
    got = client.get(f"/api/events/{uid}/reviews").json()["data"]
    assert got["current"] is None and got["history"] == []


def test_review_api_token_rule_and_errors(db):
    client = TestClient(create_app(db, review_tokens=dict(REVIEWERS)))
    uid = _events(db)[0]["uid"]
    url = f"/api/events/{uid}/reviews"
    _error(client.post(url, json={"verdict": "accept"}), 401, "unauthorized")
    _error(
        client.post(url, json={"verdict": "accept"}, headers={"Authorization": "Bearer tok-alice-0000"}),
        401,
        "unauthorized",
    )
    auth = {"Authorization": f"Bearer {ALICE}"}
    assert client.get("/api/review", headers=auth).json()["data"] == {"enabled": True, "reviewer": "alice"}
    _error(client.post(url, content=b"not json", headers=auth), 400, "invalid_body")
    _error(client.post(url, json=["accept"], headers=auth), 400, "invalid_body")
    _error(client.post(url, json={"verdict": "accept", "by": "mallory"}, headers=auth), 400, "invalid_body")
    assert "verdict 'maybe'" in _error(client.post(url, json={"verdict": "maybe"}, headers=auth), 400, "E060")
    _error(client.post("/api/events/nothere:E1/reviews", json={"verdict": "accept"}, headers=auth), 404, "not_found")
    _error(client.get("/api/events/nothere:E1/reviews"), 404, "not_found")
    with Store.open(db) as store:
        assert current_reviews(store) == {}  # no refused request wrote anything


def test_review_api_review_is_shown_wherever_events_are_read(db):
    client = TestClient(create_app(db, review_tokens=dict(REVIEWERS)))
    event = _events(db)[0]
    url = f"/api/events/{event['uid']}/reviews"
    r = client.post(url, json={"verdict": "accept"}, headers={"Authorization": f"Bearer {BOB}"})
    assert r.status_code == 201 and r.json()["data"]["by"] == "bob"
    r = client.post(
        url,
        json={"verdict": "correct", "corrected": {"type": _other_type(event["type"])}, "note": "a protest"},
        headers={"Authorization": f"Bearer {ALICE}"},
    )
    assert r.status_code == 201
    review = r.json()["data"]
    listed = {e["uid"]: e for e in client.get("/api/events", params={"limit": 1000}).json()["data"]}
    shown = listed[event["uid"]]["review"]
    assert shown == {
        "verdict": "correct",
        "by": "alice",
        "at": review["at"],
        "note": "a protest",
        "corrected": review["corrected"],
    }
    assert listed[event["uid"]]["type"] == event["type"]  # the coder's record, the correction beside it
    assert sum(e["review"] is None for e in listed.values()) == len(listed) - 1
    assert client.get(f"/api/events/{event['uid']}").json()["data"]["review"]["verdict"] == "correct"
    article = client.get(f"/api/articles/{event['article_hash']}").json()["data"]
    assert [e["review"]["by"] for e in article["events"] if e["review"]] == ["alice"]
    assert client.get(f"/api/articles/{event['article_hash']}/reviews").json()["data"][event["uid"]]["by"] == "alice"
    history = client.get(url).json()["data"]
    assert [h["by"] for h in history["history"]] == ["bob", "alice"] and history["current"]["by"] == "alice"
    csv_text = client.get("/api/events", params={"format": "csv", "limit": 1000}).text
    header = csv_text.splitlines()[0].split(",")
    assert {"review", "reviewed_by", "reviewed_at", "review_corrected"} <= set(header)
    assert csv_text.count(",correct,alice,") == 1


def test_review_tokens_from_options_file_and_environment(tmp_path):
    listed = tmp_path / "reviewers.txt"
    listed.write_text("# reviewers\ncarol=tok-carol-0003\n\n")
    got = read_reviewers([f"alice={ALICE}"], str(listed), {"ANNALES_REVIEW_TOKENS": f"bob={BOB}, dave=tok-dave-0004"})
    assert got == {ALICE: "alice", "tok-carol-0003": "carol", BOB: "bob", "tok-dave-0004": "dave"}
    for bad, says in (
        (["alice"], "not NAME=TOKEN"),
        (["alice=short"], "shorter than 8"),
        ([f"alice={ALICE}", f"bob={ALICE}"], "already alice's"),
    ):
        with pytest.raises(AnnalesError) as exc:
            read_reviewers(bad, environ={})
        assert exc.value.code == "E059" and says in exc.value.message
        assert ALICE not in exc.value.message  # a token is never printed


def test_review_cli_serve_refuses_a_malformed_reviewer(tmp_path):
    r = invoke("serve", "--db", tmp_path / "events.db", "--review-token", "alice:tok-alice-0001")
    assert r.exit_code == 2 and "[E059] Invalid reviewer number 1 in --review-token" in r.stderr
    assert "tok-alice-0001" not in r.stderr  # a token is never printed


# -- answer keys ----------------------------------------------------------------------------------------------
def test_review_cli_export_keys_then_evaluate(tmp_path):
    db = str(tmp_path / "events.db")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    ingest([str(feed)], db)
    out = tmp_path / "keys"
    r = invoke("export", "--shape", "keys", "--db", db, out)
    assert r.exit_code == 0 and "[W005] No reviewed article" in r.stderr and not out.exists()
    by_article: dict[str, list[dict]] = {}
    for e in _events(db):
        by_article.setdefault(e["article_hash"], []).append(e)
    events = max(by_article.values(), key=len)
    assert len(events) >= 2
    corrected, accepted = events[0], events[1]
    with Store.open(db) as store:
        write_review(store, corrected, "correct", "alice", {"type": _other_type(corrected["type"])})
        write_review(store, accepted, "accept", "bob")
        for extra in events[2:]:
            write_review(store, extra, "reject", "bob")
    listed = json.loads(invoke("events", "--db", db, "--format", "json").stdout)
    assert [e["review"]["by"] for e in listed if e["uid"] == corrected["uid"]] == ["alice"]
    table = invoke("events", "--db", db, "--width", 400).stdout
    assert "review" in table.splitlines()[1] and table.count("correct") == 1 and table.count("accept") == 1
    r = invoke("export", "--shape", "keys", "--db", db, out)
    assert r.exit_code == 0, r.output
    assert f"wrote 1 answer key(s) to {out}: 2 reviewed events keyed, {len(events) - 2} rejected left out" in r.stderr
    [doc] = find_documents(out)
    assert validate_key(doc.key, doc.text) == []  # a key the corpus' own checks accept
    keyed = doc.key["events"]
    assert [(k["type"], k["review"]["by"], k["review"]["verdict"]) for k in keyed] == [
        (_other_type(corrected["type"]), "alice", "correct"),
        (accepted["type"], "bob", "accept"),
    ]
    assert keyed[0]["review"]["coder"]["type"] == corrected["type"]
    assert doc.key["review"]["reviewers"] == ["alice", "bob"] and doc.key["review"]["complete"] is True
    assert len(doc.key["review"]["rejected"]) == len(events) - 2
    # the coder scored against its reviewers: the accepted event is found, the one it typed wrong is not
    r = invoke("evaluate", out, "--format", "json")
    assert r.exit_code == 0, r.output
    [scored] = json.loads(r.stdout)["per_document"]
    assert (scored["key"], scored["matched"], scored["output"]) == (2, 1, len(events))
    # a second export replaces the first; a foreign folder, or filters, are refused
    assert invoke("export", "--shape", "keys", "--db", db, out).exit_code == 0
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    r = invoke("export", "--shape", "keys", "--db", db, foreign)
    assert r.exit_code == 2 and "[E062]" in r.stderr and (foreign / "notes.txt").read_text() == "mine"
    r = invoke("export", "--shape", "keys", "--db", db, out, "--type", "ASSAULT", "--format", "csv")
    assert r.exit_code == 2 and "[E061]" in r.stderr and "--format, --type does not apply" in r.stderr
