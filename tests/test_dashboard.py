"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright): what an analyst
does with it — load it, filter, open the evidence, paste an article — and that article text is never
run as HTML. Screenshots go to tests/artifacts/ (ignored by git but for the five README.md names; CI keeps them)."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from playwright.sync_api import expect

from annales.store.ingest import ingest
from annales.web import create_app
from annales.web.dashboard import STATIC
from tests.browser import serving
from tests.conftest import ROOT, missing_dependency

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Untrusted text: if the dashboard ever rendered it as HTML, these would set window.__xss.
HOSTILE = (
    "Police in Nairobi arrested 12 protesters on Monday <script>window.__xss = 1</script>, officials said. "
    'The crowd carried signs reading <img src=x onerror="window.__xss = 2"> and chanted.'
)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        missing_dependency(
            "browser tests: Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
        )
    if not (STATIC / "app.js").exists():
        pytest.fail("the dashboard is not built: run `make dashboard` (make test does)")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The API and dashboard on a fixture store (the ten hand-written articles and one hostile one),
    served on a free loopback port."""
    import yaml

    _chromium()
    work = tmp_path_factory.mktemp("dashboard")
    rows = []
    for txt in sorted((ROOT / "tests" / "articles").glob("*.txt")):
        key = yaml.safe_load(txt.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        rows.append(
            {
                "id": txt.stem,
                "text": txt.read_text(encoding="utf-8"),
                "date": str(key["article"]["date"]),
                "url": f"https://example.org/{txt.stem}",
            }
        )
    rows.append(
        {
            "id": "hostile",
            "text": HOSTILE,
            "date": "2024-03-05",
            "url": "javascript:window.__xss=3",
            "title": '<img src=x onerror="window.__xss = 4">',
        }
    )
    feed = work / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = str(work / "events.db")
    ingest([str(feed)], db)
    with serving(create_app(db)) as url:
        yield {"url": url, "db": db}


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that fails the test on any script error or console error, and leaves a screenshot.
    Pages run under the server's Content-Security-Policy (the dashboard must work within it), except
    in the hostile-text test, which lifts it so that only rendering as text can keep scripts from running."""
    hostile = "hostile" in request.node.name
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=hostile)
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()
    assert not problems, problems


def _loaded(pg):
    pg.wait_for_selector("#app[aria-busy=false]")
    pg.wait_for_selector("#events tbody tr")


def _bars(pg) -> list[tuple[str, str, int]]:
    """The timeline's bar segments: (first day of the bin, quad class, events)."""
    return pg.eval_on_selector_all(
        ".timeline .bar", "els => els.map(e => [e.dataset.start, e.dataset.quad, +e.dataset.events])"
    )


def test_dashboard_loads_with_timeline_network_map_and_table(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    bars = _bars(page)
    assert len({q for _, q, _ in bars}) >= 3, bars  # the fixture articles hold many kinds of event
    assert page.locator(".network .node").count() >= 5
    assert page.locator(".network .edge").count() >= 3
    assert page.locator(".map .country").count() > 150  # the bundled world shapes drew
    assert page.locator(".map .country.has-events").count() >= 5
    assert page.locator(".map .place").count() >= 3
    total = int(page.inner_text("#status").split()[0].replace(",", ""))
    assert total > 50
    assert page.locator("#events tbody tr").count() == 50  # first page; the rest behind "Next"
    expect(page.locator(".page-position")).to_contain_text(f"Rows 1–50 of {total}")
    # one row per real-world event: reports of the same event are grouped, with their count
    page.select_option("#f-level", "cluster")
    page.click("#apply")
    page.wait_for_url("**level=cluster*")
    _loaded(page)
    heading = page.inner_text("#table h2")
    assert heading.startswith("Real-world events")
    clusters = int(heading.split("(")[1].rstrip(")").replace(",", ""))
    assert 0 < clusters < total
    reports = [int(x) for x in page.locator("#events td.c-reports").all_inner_texts()]
    assert reports and all(n >= 1 for n in reports)


def test_dashboard_filter_changes_table_timeline_and_url(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    before = _bars(page)
    page.select_option("#f-type", "ASSAULT")
    page.click("#apply")
    page.wait_for_url("**/?type=ASSAULT")
    _loaded(page)
    after = _bars(page)
    assert after and {q for _, q, _ in after} == {"material_conflict"}
    assert sum(n for *_, n in after) < sum(n for *_, n in before)
    types = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.type)")
    assert types and set(types) == {"ASSAULT"}
    # the URL is the view: opening it afresh gives the same filtered view, filter bar included
    page.goto(server["url"] + "/?type=ASSAULT&country=YEM")
    _loaded(page)
    assert page.input_value("#f-type") == "ASSAULT"
    assert page.input_value("#f-country") == "YEM"
    assert {q for _, q, _ in _bars(page)} == {"material_conflict"}
    # clicking a timeline bar narrows to its month
    bar = page.locator(".timeline .bar").first
    start, events = bar.get_attribute("data-start"), int(bar.get_attribute("data-events"))
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**since=*")
    assert f"since={start}" in page.url and f"until={start[:8]}" in page.url
    _loaded(page)  # events dated only to the month are in it too
    assert int(page.inner_text("#status").split()[0]) >= events


def test_dashboard_row_opens_evidence_with_sentence_highlighted(server, page):
    page.goto(server["url"] + "/?type=ASSAULT")
    _loaded(page)
    row = page.locator("#events tbody tr").first
    uid = row.get_attribute("data-uid")
    row.click()
    page.wait_for_url(f"**event={uid.replace(':', '%3A')}*")
    page.wait_for_selector("#evidence .article-text")
    event = page.evaluate(f"fetch('/api/events/{uid}').then(r => r.json())")["data"]
    focus = "".join(page.eval_on_selector_all("#evidence .focus", "els => els.map(e => e.textContent)"))
    # the highlighted stretch is the event's sentence, and its trigger is marked inside it
    assert focus.strip() == event["sentence"].strip()
    triggers = page.eval_on_selector_all("#evidence .focus.hl-trigger", "els => els.map(e => e.textContent)")
    assert event["trigger"] in triggers
    assert page.locator("#evidence .event-card.selected").count() == 1
    assert page.locator("#evidence .event-card.selected .why").inner_text().startswith("Why: ")
    for kind in ("actor", "date", "place"):
        assert page.locator(f"#evidence .article-text .hl-{kind}").count() >= 1, kind
    page.click("#evidence .close")
    page.wait_for_selector("#evidence", state="hidden")
    assert "event=" not in page.url
    # by keyboard: a focused row opens on Enter
    page.locator("#events tbody tr").nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#evidence .article-text")


def _uids(server, page, **filters) -> set[str]:
    """The uids of the events the API's filters match."""
    answer = page.request.get(server["url"] + "/api/events?limit=1000&" + urlencode(filters)).json()
    return {e["uid"] for e in answer["data"]}


@pytest.mark.parametrize("role", ["actor", "recipient"])
def test_dashboard_network_node_filters_and_opens_evidence(server, page, role):
    """A node filters to the events its party takes part in, in either role, and opens the first: a node that
    acts in some event, and one only ever a recipient (the actor filter would match no event of it)."""
    page.goto(server["url"] + "/")
    _loaded(page)
    nodes = page.locator(".network .node")
    names = [nodes.nth(i).get_attribute("data-name") for i in range(nodes.count())]
    name = next((n for n in names if bool(_uids(server, page, actor=n)) == (role == "actor")), None)
    assert name, f"no network node here is {'an actor' if role == 'actor' else 'only ever a recipient'}: {names}"
    page.locator(f'.network .node[data-name="{name}"] circle').click()
    page.wait_for_selector("#evidence .article-text")
    # the filter shows under the bar, where the user sees it and removes it with a click
    chip = page.locator("#filter-bar .chip[data-filter=party]")
    expect(chip).to_have_text(f"Actor or recipient: {name} ×")
    assert page.input_value("#f-actor") == "" and "party=" in page.url
    uid = parse_qs(urlparse(page.url).query)["event"][0]
    as_recipient = _uids(server, page, recipient=name)
    if role == "recipient":
        # the evidence opens an event naming the node as its recipient
        assert uid in as_recipient
        assert name in page.inner_text("#evidence .event-card.selected .what").split("→", 1)[1]
    else:
        assert uid in _uids(server, page, actor=name) | as_recipient
    # the table lists the node's events (a page of them)
    expect(page.locator("#events tbody tr")).to_have_count(min(50, len(_uids(server, page, party=name))))
    chip.click()
    page.wait_for_url(lambda url: "party=" not in url)
    expect(page.locator("#filter-bar .chip")).to_have_count(0)


def test_dashboard_paste_an_article_and_see_its_events(server, page):
    page.goto(server["url"] + "/code")
    page.fill("#code-date", "2024-03-05")
    page.fill(
        "#code-text",
        "Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians, "
        "the regional governor said. Ukraine's foreign minister condemned the attack.",
    )
    page.click("#code-submit")
    page.wait_for_selector("#coded-events li")
    cards = page.locator("#coded-events li").all_inner_texts()
    assert any(c.startswith("ASSAULT") and "Russia" in c for c in cards), cards
    assert page.locator("#code-result .hl-trigger").count() >= 1
    assert page.locator("#code-result .hl-number").count() >= 1
    # an uploaded HTML page is sent as HTML: the coder extracts the article, not the navigation
    page.set_input_files(
        "#code-file",
        files=[
            {
                "name": "page.html",
                "mimeType": "text/html",
                "buffer": (ROOT / "tests" / "fixtures" / "page.html").read_bytes(),
            }
        ],
    )
    expect(page.locator("#code-text")).to_have_value(re.compile("Islamist rebels released"))
    page.click("#code-submit")
    expect(page.locator("#code-result .article-text")).to_contain_text("Islamist rebels released 30 hostages")
    text = page.inner_text("#code-result .article-text")
    assert "Follow us on Facebook" not in text and "<p>" not in text
    assert any(c.startswith("RETREAT") for c in page.locator("#coded-events li").all_inner_texts())


def test_dashboard_renders_hostile_article_text_as_text(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    page.fill("#f-text", "Nairobi arrested")
    page.click("#apply")
    page.wait_for_url("**text=*")
    _loaded(page)
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#evidence .article-text")
    text = page.inner_text("#evidence .article-text")
    assert "<script>window.__xss = 1</script>" in text
    assert '<img src=x onerror="window.__xss = 2">' in text
    assert page.inner_text("#evidence-title") == '<img src=x onerror="window.__xss = 4">'
    assert page.locator("#evidence img, #evidence script").count() == 0
    assert page.locator("#evidence a[href^='javascript']").count() == 0  # the hostile URL is not a link
    # the same text pasted into the coding page
    page.goto(server["url"] + "/code")
    page.fill("#code-text", HOSTILE)
    page.click("#code-submit")
    page.wait_for_selector("#code-result .article-text")
    assert "<script>" in page.inner_text("#code-result .article-text")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
