"""Feeds (feeds.py, store/feeds.py) through the real `annales ingest --feed`, against a web site on
127.0.0.1: a feed that changes between two runs (the second codes only the new item), conditional
requests (304), an Atom feed carrying its full text, and the failures of a feed and of an item."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from annales.cli import app
from annales.store import Store
from tests.local_http import LocalSite, article_page

STORIES = {
    "gao": "Rebels attacked an army base near Gao on Monday, killing five soldiers, the army said in a statement.",
    "kabul": "Police arrested twenty protesters in Kabul on Tuesday after a march on the interior ministry.",
    "juba": "Government troops clashed with rebels near Juba on Wednesday, the United Nations mission said.",
}
FILLER = "Officials said reinforcements had been sent to the area, and residents said the roads were closed."


@pytest.fixture
def site(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with LocalSite() as s:
        for name, text in STORIES.items():
            s.put(f"/news/{name}.html", article_page(f"Story from {name.title()}", f"{text}\n\n{FILLER}"))
        yield s


def ingest(*args):
    return CliRunner().invoke(
        app, ["ingest", *map(str, args), "--delay", "0", "--workers", "1"], env={"COLUMNS": None, "LINES": None}
    )


def rss(names: list[str], title: str = "Local news") -> str:
    items = "".join(
        f"<item><title>Story from {n.title()}</title><link>/news/{n}.html</link><guid>urn:story:{n}</guid>"
        f"<pubDate>Wed, 01 May 2024 23:30:00 -0500</pubDate><description>A teaser.</description></item>"
        for n in names
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


def stored(db) -> dict:
    with Store.open(str(db)) as store:
        return {
            "articles": {r["id"]: r for r in store.query("SELECT id, title, date, url, source FROM articles")},
            "errors": [(r["path"], r["code"]) for r in store.query("SELECT path, code FROM errors ORDER BY path")],
            "items": sorted(r["item_id"] for r in store.query("SELECT item_id FROM feed_items")),
            "feeds": store.query("SELECT url, etag, last_modified, last_status FROM feeds"),
        }


def test_feeds_second_run_codes_only_the_new_items(site, tmp_path):
    db = tmp_path / "events.db"
    feed = site.put("/rss.xml", rss(["gao", "kabul"]), content_type="application/rss+xml")
    r = ingest("--feed", feed, "--db", db)
    assert r.exit_code == 0, r.output
    assert f"Feed {feed}: 2 item(s), 2 not seen before." in r.stderr.splitlines()
    site.put("/rss.xml", rss(["juba", "gao", "kabul"]), content_type="application/rss+xml")  # a new item on top
    r = ingest("--feed", feed, "--db", db)
    assert r.exit_code == 0, r.output
    assert f"Feed {feed}: 3 item(s), 1 not seen before." in r.stderr.splitlines()
    assert "Done: 1 articles read, 1 coded, 0 already stored, 0 failed" in r.stderr
    assert [site.asked(f"/news/{n}.html") for n in ("gao", "kabul", "juba")] == [1, 1, 1]  # nothing fetched twice
    got = stored(db)
    assert got["items"] == ["urn:story:gao", "urn:story:juba", "urn:story:kabul"]
    gao = got["articles"][site.url("/news/gao.html")]
    # the feed's title and RFC 2822 date (the publisher's own day, not UTC's 2 May)
    assert (gao["title"], gao["date"], gao["url"]) == ("Story from Gao", "2024-05-01", site.url("/news/gao.html"))


def test_feeds_unchanged_feed_answers_304_and_nothing_is_fetched(site, tmp_path):
    db = tmp_path / "events.db"
    by_etag = site.put("/etag.xml", rss(["gao"]), content_type="application/rss+xml", etag='"v1"')
    by_date = site.put(
        "/dated.xml", rss(["kabul"]), content_type="application/rss+xml", last_modified="Wed, 01 May 2024 10:00:00 GMT"
    )
    assert ingest("--feed", by_etag, "--feed", by_date, "--db", db).exit_code == 0
    before = stored(db)
    r = ingest("--feed", by_etag, "--feed", by_date, "--db", db)
    assert r.exit_code == 0, r.output
    for feed in (by_etag, by_date):
        assert f"Feed {feed}: not modified since the last run (HTTP 304): nothing new." in r.stderr.splitlines()
    asked = [(path, h.get("If-None-Match"), h.get("If-Modified-Since")) for path, h in site.requests]
    assert asked[-2:] == [("/etag.xml", '"v1"', None), ("/dated.xml", None, "Wed, 01 May 2024 10:00:00 GMT")]
    assert len(site.requests) == 6  # two feeds twice, two stories once: no story asked for again
    after = stored(db)
    assert after["articles"] == before["articles"] and after["items"] == before["items"]
    assert sorted((f["url"], f["etag"], f["last_modified"], f["last_status"]) for f in after["feeds"]) == [
        (by_date, None, "Wed, 01 May 2024 10:00:00 GMT", "304"),
        (by_etag, '"v1"', None, "304"),
    ]


def test_feeds_atom_feed_with_full_text_is_coded_without_fetching_its_links(site, tmp_path):
    db = tmp_path / "events.db"
    full = " ".join([STORIES["juba"], FILLER] * 6)  # over 100 words: the whole story
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire service</title><id>urn:wire</id>
<updated>2024-05-02T08:00:00Z</updated>
<entry><title>Clashes near Juba</title><id>urn:wire:1</id><link href="/news/juba-full.html"/>
<published>2024-05-02T08:00:00+03:00</published><updated>2024-05-03T08:00:00Z</updated>
<content type="html">&lt;p&gt;{full}&lt;/p&gt;</content></entry>
<entry><title>Arrests in Kabul</title><id>urn:wire:2</id><link href="/news/kabul.html"/>
<updated>2024-05-04T09:00:00Z</updated><summary>Police arrested protesters.</summary></entry>
</feed>"""
    feed = site.put("/atom.xml", atom, content_type="application/atom+xml")
    r = ingest("--feed", feed, "--db", db)
    assert r.exit_code == 0, r.output
    assert site.asked("/news/juba-full.html") == 0 and site.asked("/news/kabul.html") == 1  # a teaser: fetched
    arts = stored(db)["articles"]
    juba = arts[site.url("/news/juba-full.html")]
    assert (juba["title"], juba["date"], juba["source"]) == ("Clashes near Juba", "2024-05-02", "Wire service")
    assert arts[site.url("/news/kabul.html")]["date"] == "2024-05-04"
    assert stored(db)["items"] == ["urn:wire:1", "urn:wire:2"]


def test_feeds_failures_are_rows_and_a_failed_item_is_tried_again(site, tmp_path):
    db = tmp_path / "events.db"
    feed = site.put("/rss.xml", rss(["gao", "missing"]), content_type="application/rss+xml")
    page = site.put("/page.html", article_page("Not a feed", f"{STORIES['gao']}\n\n{FILLER}"))
    gone = site.url("/gone.xml")
    r = ingest("--feed", feed, "--feed", page, "--feed", gone, "--db", db)
    assert r.exit_code == 1, r.output
    assert "3 input(s) failed — by reason: E052: 2, E055: 1" in r.stderr.splitlines()
    assert (
        f"  [E055] Could not read the feed '{page}': the answer is an HTML page, not a feed. Check that the "
        "address gives an RSS or Atom feed"
    ) in r.stderr
    missing = site.url("/news/missing.html")
    assert stored(db)["errors"] == [(gone, "E052"), (missing, "E052"), (page, "E055")]
    assert stored(db)["items"] == ["urn:story:gao"]  # the failed item is not remembered ...
    site.put("/news/missing.html", article_page("Found", f"{STORIES['kabul']}\n\n{FILLER}"))
    site.put("/rss.xml", rss(["gao", "missing"], title="Local news, updated"), content_type="application/rss+xml")
    r = ingest("--feed", feed, "--db", db)
    assert r.exit_code == 0, r.output  # ... so the next full read of the feed codes it, and its error row goes
    assert stored(db)["items"] == ["urn:story:gao", "urn:story:missing"]
    assert stored(db)["errors"] == [(gone, "E052"), (page, "E055")]


def test_feeds_need_a_store_and_ingest_needs_an_input(tmp_path):
    r = ingest("--feed", "http://127.0.0.1:9/rss.xml", "--out", tmp_path / "ds")
    assert r.exit_code == 2 and "[E056] --feed needs a store (--db), not --out" in r.stderr
    r = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "[E057] Nothing to ingest" in r.stderr
    assert not (tmp_path / "x.db").exists()


def test_feeds_library_ingest_reads_rss_full_text(site, tmp_path):
    import annales

    full = " ".join([STORIES["kabul"], FILLER] * 6)
    feed = site.put(
        "/full.xml",
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Full text news</title><item><title>Arrests in Kabul</title><link>/news/kabul.html</link>"
        "<pubDate>Tue, 07 May 2024 09:00:00 +0430</pubDate><description>Police arrested protesters.</description>"
        f"<content:encoded><![CDATA[<p>{full}</p>]]></content:encoded></item></channel></rss>",
        content_type="application/rss+xml",
    )
    corpus = annales.open(str(tmp_path / "events.db"))
    summary = corpus.ingest(feeds=(feed,), delay=0)
    assert (summary.coded, summary.failed) == (1, 0)
    assert site.asked("/news/kabul.html") == 0  # the feed carried the whole story
    art = stored(tmp_path / "events.db")["articles"][site.url("/news/kabul.html")]
    assert (art["title"], art["date"], art["source"]) == ("Arrests in Kabul", "2024-05-07", "Full text news")
    assert corpus.ingest(feeds=(feed,), delay=0).read == 0  # seen: not read again
