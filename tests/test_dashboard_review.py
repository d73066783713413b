"""Review end to end in a real headless Chromium (issue 14 item 4): a reviewer enters their token in the
evidence panel, corrects an event, sees it marked there and in the table, exports the article as an answer key
with `annales export --shape keys`, and `annales evaluate` scores the coder's output against it.
The screenshot tests/artifacts/evidence-review.png shows the evidence panel with the review."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from typer.testing import CliRunner

from annales.cli import app
from annales.keys import find_documents
from annales.store.ingest import ingest
from annales.web import create_app
from tests.browser import serving
from tests.test_dashboard import ARTIFACTS, CHROMIUM_ARGS, _chromium

TOKEN = "e2e-review-token-1"
TEXT = (
    "Rebels attacked an army base near Gao on Monday, killing five soldiers, the army said. "
    "Police in Bamako arrested 12 opposition supporters on Tuesday."
)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The dashboard over a store of one article, with one reviewer, alice."""
    _chromium()
    work = tmp_path_factory.mktemp("review")
    feed = work / "feed.jsonl"
    feed.write_text(json.dumps({"id": "gao-raid", "text": TEXT, "date": "2024-05-08", "title": "Raid near Gao"}) + "\n")
    db = str(work / "events.db")
    ingest([str(feed)], db)
    with serving(create_app(db, review_tokens={TOKEN: "alice"})) as url:
        yield {"url": url, "db": db, "work": work}


@pytest.fixture
def page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        problems: list[str] = []
        pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        yield pg
        browser.close()
        assert not problems, problems


def test_dashboard_review_correct_mark_export_and_evaluate(served, page):
    page.goto(served["url"] + "/")
    page.wait_for_selector("#app[aria-busy=false]")
    rows = page.locator("#events tbody tr")
    expect(rows.first).to_be_visible()
    n_events = rows.count()
    assert n_events >= 2 and page.locator("#events tbody tr.reviewed").count() == 0
    first = rows.first
    uid, coded_type = first.get_attribute("data-uid"), first.get_attribute("data-type")
    first.click()
    # the token, once
    page.fill("#rv-token", TOKEN)
    page.click("#rv-token-save")
    expect(page.locator("#review")).to_contain_text("Reviewing as alice")
    # correct the open event: another type, and the date to the month only
    page.click("#rv-correct")
    new_type = "PROTEST" if coded_type != "PROTEST" else "ACCUSE"
    page.select_option("#rv-type", new_type)
    page.fill("#rv-date", "2024-05")
    page.fill("#rv-note", "read as a protest")
    page.click("#rv-save")
    # marked in the evidence panel and in the table row
    card = page.locator("#evidence .event-card.selected")
    expect(card.locator(".review-mark")).to_have_text("✎ Corrected")
    expect(card.locator(".corrected")).to_contain_text(f"type {new_type}")
    expect(page.locator("#review .review-current")).to_contain_text("by alice")
    expect(page.locator(f"#events tbody tr[data-uid='{uid}']")).to_have_class("reviewed review-correct")
    # accept the next event from its card: the token is remembered
    page.locator("#evidence .event-card:not(.selected)").first.click()
    page.click("#rv-accept")
    expect(page.locator("#evidence .event-card.selected .review-mark")).to_have_text("✓ Accepted")
    page.locator("#evidence .event-card[data-review=correct]").click()
    expect(page.locator("#evidence .event-card.selected .review-mark")).to_have_text("✎ Corrected")
    expect(page.locator("#rv-accept")).to_be_visible()  # the review box drawn whole
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "evidence-review.png"))
    # a fresh load reads the marks from the API
    page.reload()
    page.wait_for_selector("#app[aria-busy=false]")
    expect(page.locator("#events tbody tr.reviewed")).to_have_count(2)

    keys = served["work"] / "keys"
    runner = CliRunner()
    r = runner.invoke(app, ["export", "--shape", "keys", "--db", served["db"], str(keys)])
    assert r.exit_code == 0, r.output
    [doc] = find_documents(keys)
    corrected = next(e for e in doc.key["events"] if e["review"]["verdict"] == "correct")
    assert (corrected["type"], corrected["mode"], corrected["date"], corrected["review"]["by"]) == (
        new_type,
        None,
        "2024-05",
        "alice",
    )
    assert corrected["review"]["coder"]["type"] == coded_type
    r = runner.invoke(app, ["evaluate", str(keys), "--format", "json"])
    assert r.exit_code == 0, r.output
    [scored] = json.loads(r.stdout)["per_document"]
    # two keyed events; the coder finds the one accepted, not the one it typed otherwise
    assert (scored["key"], scored["matched"], scored["output"]) == (2, 1, n_events)
