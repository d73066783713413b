"""The dashboard's charts in Chromium, one test per thing an analyst does with them: sort and page the table
and download it as CSV, brush the timeline and switch its bins, zoom the map, hover the network's unnamed
actors, open a dyad; and /docs renders with no network. Screenshots of the main, filtered and dyad views go
to tests/artifacts/ (dashboard-main.png, dashboard-filtered.png, dashboard-dyad.png)."""

from __future__ import annotations

import csv
import io
from datetime import date

from playwright.sync_api import expect

from tests import test_dashboard as dashboard

# the dashboard tests' fixtures (a store of the fixture articles, served; Chromium; a page that fails on errors)
server, browser, page = dashboard.server, dashboard.browser, dashboard.page
ARTIFACTS, _loaded = dashboard.ARTIFACTS, dashboard._loaded

OFFLINE_HOSTS = ("127.0.0.1",)


def _shot(pg, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def _column(pg, key: str) -> list[str]:
    return pg.eval_on_selector_all(f"#events tbody td.c-{key}", "cells => cells.map(c => c.textContent)")


def _sort_by(pg, key: str, order: str) -> None:
    pg.click(f"th[data-sort={key}] button")
    expect(pg.locator(f"th[data-sort={key}]")).to_have_attribute("aria-sort", order)
    pg.wait_for_selector("#events[aria-busy=false]")


def _label_boxes(pg) -> list[dict]:
    return [pg.locator(".network .label").nth(i).bounding_box() for i in range(pg.locator(".network .label").count())]


def _boxes_overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_dashboard_main_view_reads_at_a_glance(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    ticks = page.locator(".timeline .axis.x .tick").all_inner_texts()
    assert len(ticks) >= 3 and len(page.locator(".timeline .axis.y .tick").all()) >= 3, ticks
    assert page.locator(".timeline .score-line").get_attribute("d").startswith("M")
    # the network names its biggest actors, and no two names overlap
    labels = _label_boxes(page)
    assert 3 <= len(labels) <= page.locator(".network .node").count()
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    expect(page.locator("#download-csv")).to_contain_text("Download CSV")
    assert (
        page.locator("#events td.c-title").first.inner_text() and page.locator("#events td.c-source").first.inner_text()
    )
    _shot(page, "dashboard-main.png")


def test_dashboard_table_sorts_by_a_clicked_header(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    _sort_by(page, "actor", "ascending")
    actors = [a for a in _column(page, "actor") if a]
    assert actors == sorted(actors) and len(set(actors)) > 1
    _sort_by(page, "actor", "descending")
    actors = [a for a in _column(page, "actor") if a]
    assert actors == sorted(actors, reverse=True)
    # by date: newest first on the first click
    _sort_by(page, "date", "descending")
    dates = [d for d in _column(page, "date") if d != "undated"]
    assert dates == sorted(dates, reverse=True)
    _sort_by(page, "type", "ascending")
    types = _column(page, "type")
    assert types == sorted(types)


def test_dashboard_table_pages_and_puts_undated_rows_last(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    total = int(page.inner_text("#status").split()[0].replace(",", ""))
    first = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.uid)")
    page.click(".page-next")
    expect(page.locator(".page-position")).to_contain_text(f"Rows 51–{min(100, total)} of {total}")
    second = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.uid)")
    assert second and not set(first) & set(second)
    page.click(".page-previous")
    expect(page.locator(".page-position")).to_contain_text("Rows 1–50")
    assert page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.uid)") == first
    # page to the end (newest first): every row once, the undated ones after every dated one
    dates, number = [], 1
    while True:
        dates += page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.date)")
        if not page.locator(".page-next").is_enabled():
            break
        number += 1
        page.click(".page-next")
        expect(page.locator(".page-position")).to_contain_text(f"page {number} of")
    assert len(dates) == total
    undated = dates.count("")
    assert undated and dates[-undated:] == [""] * undated


def test_dashboard_csv_download_is_exactly_the_filtered_view(server, page):
    page.goto(server["url"] + "/?type=ASSAULT")
    _loaded(page)
    with page.expect_download() as info:
        page.click("#download-csv")
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    listed = page.evaluate("fetch('/api/events?type=ASSAULT&limit=1000').then(r => r.json())")
    assert sorted(r["uid"] for r in rows) == sorted(e["uid"] for e in listed["data"]) and len(rows) == listed["total"]
    assert {r["type"] for r in rows} == {"ASSAULT"}
    assert info.value.suggested_filename.startswith("annales-events-ASSAULT")
    # in the order the table shows
    shown = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.uid)")
    assert [r["uid"] for r in rows][: len(shown)] == shown


def test_dashboard_timeline_brush_sets_the_date_filter(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    box = page.locator(".timeline .brush .overlay").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
    page.mouse.up()
    page.wait_for_url("**since=*until=*")
    _loaded(page)
    since, until = page.input_value("#f-since"), page.input_value("#f-until")
    assert since and until and date.fromisoformat(since) < date.fromisoformat(until)
    dates = [
        d
        for d in page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.date)")
        if len(d) == 10
    ]
    assert dates and all(since <= d <= until for d in dates)
    # the timeline now draws that period only
    bins = page.eval_on_selector_all(".timeline .bar", "els => els.map(e => [e.dataset.start, e.dataset.end])")
    assert bins and all(since <= end and start <= until for start, end in bins)
    _shot(page, "dashboard-filtered.png")


def test_dashboard_timeline_switches_between_monthly_and_weekly_bins(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    starts = "els => [...new Set(els.map(e => e.dataset.start))]"
    width = "els => Math.max(...els.map(e => e.getBoundingClientRect().width))"
    monthly, monthly_width = (
        page.eval_on_selector_all(".timeline .bar", starts),
        page.eval_on_selector_all(".timeline .bar", width),
    )
    assert monthly and all(s.endswith("-01") for s in monthly)
    page.click("#by-week")
    expect(page.locator("#timeline h2")).to_contain_text("weekly")
    expect(page.locator("#by-week")).to_have_attribute("aria-pressed", "true")
    weekly = page.eval_on_selector_all(".timeline .bar", starts)
    assert weekly and all(date.fromisoformat(s).weekday() == 0 for s in weekly)  # weeks from Monday
    assert page.eval_on_selector_all(".timeline .bar", width) < monthly_width / 3
    month_only = sum(
        1
        for e in page.evaluate("fetch('/api/events?limit=1000').then(r => r.json())")["data"]
        if e["date_precision"] == "month"
    )
    if month_only:  # in no week: said under the chart
        expect(page.locator("#timeline-note")).to_contain_text(f"{month_only} known only to their month")
    page.click("#by-month")
    expect(page.locator("#timeline h2")).to_contain_text("monthly")
    assert page.eval_on_selector_all(".timeline .bar", starts) == monthly


def test_dashboard_map_zooms_with_buttons_and_wheel(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    country = page.locator(".map .country.has-events").first
    before = country.bounding_box()["width"]
    page.click("#map .zoom-button[title='Zoom in']")
    expect(page.locator(".map")).not_to_have_attribute("data-zoom", "1.00")
    assert country.bounding_box()["width"] > before * 1.4
    box = page.locator(".map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function("() => +document.querySelector('.map').dataset.zoom > 1.7")
    # zoomed in further, the biggest places in view are named, without overlap
    page.click("#map .zoom-button[title='Zoom in']")
    names = [page.locator(".map .label").nth(i).bounding_box() for i in range(page.locator(".map .label").count())]
    assert names and not any(_boxes_overlap(a, b) for i, a in enumerate(names) for b in names[i + 1 :])
    page.click("#map .zoom-button[title='Reset the view']")
    expect(page.locator(".map")).to_have_attribute("data-zoom", "1.00")
    # every marker says how precise its place is
    titles = page.eval_on_selector_all(".map .place title", "ts => ts.map(t => t.textContent)")
    assert titles and all("Precision: " in t for t in titles)


def test_dashboard_network_hover_names_an_unlabelled_actor(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    hidden = page.locator(".network .node[data-labelled=false]")
    if hidden.count() == 0:  # every name fits: zoom out until one does not
        for _ in range(3):
            page.click("#network .zoom-button[title='Zoom out']")
    node = hidden.first
    name = node.get_attribute("data-name")
    assert name not in page.locator(".network .label").all_inner_texts()
    node.locator("circle").hover()
    expect(page.locator(".network .hover-label.shown")).to_contain_text(name)
    # zoomed in, the names in view are placed again: readable, never overlapping
    page.click("#network .zoom-button[title='Zoom in']")
    page.click("#network .zoom-button[title='Zoom in']")
    labels = _label_boxes(page)
    assert labels and not any(_boxes_overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    assert {round(b["height"]) for b in labels} == {round(labels[0]["height"])}  # the text did not grow with the zoom


def test_dashboard_dyad_from_a_network_edge_and_from_the_pickers(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    # an edge whose two actors act on each other both ways, where there is one
    pairs = page.eval_on_selector_all(".network .edge", "es => es.map(e => [e.dataset.source, e.dataset.target])")
    a, b = ([p for p in pairs if [p[1], p[0]] in pairs] or pairs)[0]
    edge = page.locator(".network .edge").nth(pairs.index([a, b]))
    edge.dispatch_event("click")
    page.wait_for_selector("#dyad-totals")
    assert "dyad=" in page.url
    expect(page.locator("#dyad h2")).to_contain_text(f"{a} ⇄ {b}")
    totals = page.inner_text("#dyad-totals")
    api = page.evaluate(
        "([a, b]) => fetch(`/api/dyad?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`).then(r => r.json())",
        [a, b],
    )["data"]
    assert f"{a} → {b}: {api['totals'].get('a_to_b', 0)} event" in totals
    assert page.locator("#dyad-events tbody tr").count() == len(api["events"])
    # the pickers: swap the two actors
    page.click("#dyad-swap")
    expect(page.locator("#dyad h2")).to_contain_text(f"{b} ⇄ {a}")
    assert page.input_value("#dyad-a") == b and page.input_value("#dyad-b") == a
    # closed, then picked again with the two selects
    page.click("#dyad-close")
    expect(page.locator("#dyad h2")).to_contain_text("two actors over time")
    page.select_option("#dyad-a", a)
    page.select_option("#dyad-b", b)
    expect(page.locator("#dyad h2")).to_contain_text(f"{a} ⇄ {b}")
    page.wait_for_selector("#dyad-events tbody tr")
    page.eval_on_selector("#dyad", "e => e.scrollIntoView({block: 'center'})")
    _shot(page, "dashboard-dyad.png", full_page=False)
    # an event of the dyad opens its evidence
    page.locator("#dyad-events tbody tr").first.click()
    page.wait_for_selector("#evidence .article-text")


def test_dashboard_api_docs_render_offline(server, browser):
    ctx = browser.new_context()
    outside: list[str] = []

    def route(r):
        if r.request.url.split("/")[2].split(":")[0] in OFFLINE_HOSTS:
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    ctx.route("**/*", route)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server["url"] + "/docs")
    pg.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=20000)
    paths = pg.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any("/api/table.csv" in p for p in paths) and any("/api/events" in p for p in paths)
    pg.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    ctx.close()
    assert not outside and not errors, (outside, errors)


def test_dashboard_network_node_drags_with_its_edges(server, page):
    page.goto(server["url"] + "/")
    _loaded(page)
    edge = page.locator(".network .edge").first
    name = edge.get_attribute("data-source")
    circle = page.locator(f'.network .node[data-name="{name}"] circle')
    circle.scroll_into_view_if_needed()  # the mouse acts inside the window only (the node may lie below it)
    before, edge_before = circle.bounding_box(), edge.bounding_box()
    x, y = before["x"] + before["width"] / 2, before["y"] + before["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 30, steps=6)
    page.mouse.up()
    after = circle.bounding_box()
    assert abs(after["x"] - before["x"] - 40) < 4 and abs(after["y"] - before["y"] - 30) < 4
    assert edge.bounding_box() != edge_before  # its edge followed
    assert "party=" not in page.url  # a drag is not a click (a click filters to the node's events)
