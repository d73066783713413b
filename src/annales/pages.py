"""Web pages as inputs: an http(s) URL -> one `Article` (or a `ReadFailure` with its coded error).

The page is fetched by fetch.py (polite, bounded, --timeout) and read as an HTML file is (readers.
article_from_html: trafilatura's main text, title and byline date). The article's id is the URL as given;
its `url` is where the page was found after redirects. Only HTML is read: a PDF, an image or a plain-text
answer is error E053, since its text could not be told from its page furniture.
"""

from __future__ import annotations

import re

from .errors import AnnalesError
from .fetch import PAGE_ACCEPT, Fetcher, Response, is_url
from .model import Article
from .readers import DEFAULT_MAX_CHARS, ReadFailure, article_from_html, decode_bytes, read_inputs
from .streams import document_byte_limit

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, in the first bytes
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.I)


def read_url(
    url: str,
    fetcher: Fetcher,
    *,
    id: str | None = None,
    date: str | None = None,
    title: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article | ReadFailure:
    """The article on the page at `url`, or a ReadFailure naming the URL and why (never raises)."""
    try:
        resp = fetcher.get(url, limit=document_byte_limit(max_chars), max_chars=max_chars, accept=PAGE_ACCEPT)
        return article_from_page(resp, url, id=id, date=date, title=title, max_chars=max_chars)
    except AnnalesError as err:
        return ReadFailure(id=id or url, path=url, error=err, title=title, date=date)
    except Exception as exc:  # never let one page take the batch with it
        failure = AnnalesError("E047", path=url, detail=f"an unexpected {exc.__class__.__name__}")
        return ReadFailure(id=id or url, path=url, error=failure, title=title, date=date)


def article_from_page(
    resp: Response,
    url: str,
    *,
    id: str | None = None,
    date: str | None = None,
    title: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """An Article from a fetched page; E053 when the answer is not HTML."""
    check_html(resp, url)
    html, warnings = page_text(resp, url)
    return article_from_html(
        html, url, id=id or url, title=title, date=date, url=resp.url, max_chars=max_chars, warnings=warnings
    )


def check_html(resp: Response, url: str) -> None:
    """E053 unless the server says the answer is HTML, or says nothing and it starts as HTML does."""
    kind = resp.content_type
    if kind in HTML_TYPES:
        return
    if kind is None:
        start = resp.body.lstrip()[:200].lower()
        if start.startswith((b"<!doctype html", b"<html")):
            return
        raise AnnalesError("E053", url=url, content_type="no Content-Type and no <html> start")
    raise AnnalesError("E053", url=url, content_type=f"'{kind}'")


def page_text(resp: Response, url: str) -> tuple[str, list[dict]]:
    """The page's characters: in the charset its header or its <meta> declares, else as a file is decoded
    (UTF-8, then Windows-1252 with warning W001). A page with NUL bytes is binary (E003) either way."""
    body = resp.body
    declared = resp.charset or _meta_charset(body)
    if declared and b"\x00" not in body[:8192] and body.strip():
        codec = "utf-8-sig" if declared.lower().replace("_", "-") in ("utf-8", "utf8") else declared
        try:
            return body.decode(codec), []
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: decoded as a file would be, with its warning
    return decode_bytes(body, url)


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:4096])
    return found.group(1).decode("ascii") if found else None


def read_sources(
    paths,
    *,
    date: str | None = None,
    title: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin=None,
    fetcher: Fetcher | None = None,
):
    """Every article of the inputs, in order: http(s) URLs fetched by `fetcher` (one per run, so that its
    delay between requests to a host holds), everything else (files, folders, '-') by readers.read_inputs."""
    for p in paths:
        if is_url(p):
            fetcher = fetcher or Fetcher()
            yield read_url(p, fetcher, date=date, title=title, max_chars=max_chars)
        else:
            yield from read_inputs([p], date=date, title=title, max_chars=max_chars, stdin=stdin)
