"""URL inputs (fetch.py, pages.py) against a web site on 127.0.0.1: a page coded through the real
`annales code`, one error row with its reason for each way a fetch fails, the user agent, the delay
between requests to one host, charsets and redirects."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from annales.cli import app
from annales.fetch import USER_AGENT, Fetcher, Response
from annales.model import Article
from annales.pages import page_text, read_url
from tests.local_http import LocalSite, article_page

TEXT = (
    "Rebels attacked an army base near Gao on Monday, killing five soldiers, the army said in a statement.\n\n"
    "The attack was the third on the base this year. Officials said reinforcements had been sent to the area."
)


@pytest.fixture
def site(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # 127.0.0.1 is asked directly, whatever the machine's proxy
    with LocalSite() as s:
        yield s


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": None, "LINES": None})


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a host that cannot be reached, without the internet."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_fetch_code_command_codes_a_url_with_the_page_title_and_date(site):
    url = site.put("/world/gao.html", article_page("Rebels attack army base near Gao", TEXT, "2024-05-06"))
    r = invoke("code", url, "--format", "json", "--delay", "0")
    assert r.exit_code == 0, r.output
    [doc] = json.loads(r.stdout)
    assert doc["input"] == url and doc["error"] is None
    art = doc["article"]
    assert (art["id"], art["url"], art["title"], art["date"]) == (
        url,
        url,
        "Rebels attack army base near Gao",
        "2024-05-06",
    )
    # the attack on Monday, dated from the page's date (the reinforcements sent may be read too: undated)
    assert [(e["type"], e["date"]) for e in doc["events"]][:1] == [("ASSAULT", "2024-05-06")]
    [(path, headers)] = site.requests
    assert path == "/world/gao.html" and headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("annales/")


def test_fetch_code_command_gives_each_failed_url_its_error_row(site):
    ok = site.put("/ok.html", article_page("Rebels attack army base near Gao", TEXT))
    pdf = site.put("/report.pdf", b"%PDF-1.4 not a page", content_type="application/pdf")
    big = site.put("/big.html", "<html><body>" + "word " * 5000, length=False)  # no Content-Length: read and cut
    huge = site.put("/huge.html", "<html><body>" + "word " * 5000)  # Content-Length says it: refused unread
    slow = site.put("/slow.html", article_page("Late", TEXT), delay=3)
    missing = site.url("/gone.html")
    down = f"http://127.0.0.1:{_closed_port()}/story.html"
    r = invoke(
        "code",
        ok,
        missing,
        down,
        pdf,
        big,
        huge,
        slow,
        "--format",
        "jsonl",
        "--delay",
        "0",
        "--timeout",
        "0.5",
        "--max-chars",
        "1000",
    )
    assert r.exit_code == 0, r.output  # one URL was coded
    rows = {d["input"]: d for d in map(json.loads, r.stdout.splitlines())}
    assert rows[ok]["error"] is None and rows[ok]["article"]["id"] == ok
    codes = {url: rows[url]["error"]["code"] for url in (missing, down, pdf, big, huge, slow)}
    assert codes == {missing: "E052", down: "E051", pdf: "E053", big: "E040", huge: "E040", slow: "E054"}
    said = {url: rows[url]["error"]["message"] for url in codes}
    assert said[missing] == (
        f"[E052] Could not fetch '{missing}': the server answered HTTP 404 (Not Found). Check "
        "the address; a 429 or 5xx answer may pass if you try again later, with a longer --delay."
    )
    assert "the connection was refused" in said[down]
    assert "the server sent 'application/pdf', not an HTML page" in said[pdf]
    assert "the page is over 16,000 bytes, more than an article of --max-chars 1,000" in said[big]
    assert said[slow] == (
        f"[E054] Could not fetch '{slow}': no complete answer within 0.5 s. Try again later, or "
        "raise the limit with --timeout."
    )
    for url, message in said.items():
        assert r.stderr.count(message) == 1, url  # each reason said once, on stderr


def test_fetch_code_command_exits_1_when_no_url_could_be_read(site):
    r = invoke("code", site.url("/nothing.html"), "--delay", "0")
    assert r.exit_code == 1
    assert "[E052]" in r.stderr and "[E013] No input could be read: 1 input(s) failed" in r.stderr


def test_fetch_waits_between_requests_to_the_same_host(site):
    now, slept = [1000.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(delay=2.5, clock=lambda: now[0], sleep=sleep)
    for path in ("/a.html", "/b.html"):
        site.put(path, article_page("Page", TEXT))
    assert isinstance(read_url(site.url("/a.html"), fetcher), Article)
    now[0] += 1.0
    read_url(site.url("/b.html"), fetcher)  # the same host 1 s later: waits the 1.5 s left
    other = site.url("/a.html").replace("127.0.0.1", "localhost")
    read_url(other, fetcher)  # another host: no wait
    assert slept == [1.5] and len(site.requests) == 3


def test_fetch_follows_redirects_within_http_and_refuses_others(site):
    site.put("/old.html", b"", status=301, headers={"Location": "/new.html"})
    new = site.put("/new.html", article_page("Moved story", TEXT))
    art = read_url(site.url("/old.html"), Fetcher(delay=0))
    assert (art.id, art.path, art.url) == (site.url("/old.html"), site.url("/old.html"), new)
    site.put("/away", b"", status=302, headers={"Location": "file:///etc/passwd"})
    failure = read_url(site.url("/away"), Fetcher(delay=0))
    assert failure.error.code == "E051"
    assert "redirects to 'file:///etc/passwd', which is not http(s)" in failure.error.message


def test_fetch_reads_the_declared_charset(site):
    page = article_page("Café attack", TEXT.replace("base", "café")).encode("latin-1")
    site.put("/latin.html", page, content_type="text/html; charset=iso-8859-1")
    art = read_url(site.url("/latin.html"), Fetcher(delay=0))
    assert "café" in art.text and art.warnings == []  # no W001: the header said how to decode it
    meta = page.replace(b"<head>", b'<head><meta charset="windows-1252">')
    text, warnings = page_text(Response(url="u", status=200, body=meta), "u")
    assert "café" in text and warnings == []
