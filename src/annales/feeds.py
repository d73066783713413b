"""RSS and Atom feeds as inputs: each new item of a feed -> one `Article` (or a `ReadFailure`).

A feed is asked for with the ETag and Last-Modified it gave last time (a 304 answer: nothing new, no body
read); its items are read with feedparser, and an item already seen (by its id, else its link, as the
store remembers them: store/feeds.py) is passed over without a request. A new item is coded from the text
the feed carries when that is the whole article (`<content:encoded>` in RSS, `<content>` in Atom, of at
least FULL_TEXT_WORDS words); otherwise its link is fetched and read as a URL input is (pages.py). An
item with no link is coded from whatever text it has, its summary included.

An item's date is the feed's (RFC 2822 in RSS, ISO 8601 in Atom: dates.py), else the page's byline date,
else --date; its title is the feed's; its id is its link (its guid when it has none).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .dates import parse_publication_date
from .errors import AnnalesError
from .extras import require
from .fetch import FEED_ACCEPT, Fetcher
from .model import Article
from .pages import read_url
from .readers import DEFAULT_MAX_CHARS, ReadFailure, article_from_text
from .streams import document_byte_limit

FULL_TEXT_WORDS = 100  # a feed's text shorter than this is a teaser: the item's page is fetched instead
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass
class FeedPosition:
    """What a store remembers of a feed: the validators of its last answer and the items already coded."""

    url: str
    etag: str | None = None
    modified: str | None = None
    title: str | None = None
    seen: set[str] = field(default_factory=set)
    status: str | None = None  # what the last request got: "200", "304"
    answered: bool = False  # whether the feed answered this run (200 or 304): its position is to be saved


@dataclass
class FeedEntry:
    """Where an article read from a feed came from."""

    feed: str
    item_id: str
    link: str | None


class FeedReader:
    """The new items of some feeds, as articles, in feed order. Runs where the inputs are read (it may be a
    pool's feeder thread: it never touches the store); `entry_of` tells the store's writer which feed item
    an article came from, and `notes` what each feed gave, for the run's summary."""

    def __init__(
        self,
        positions: dict[str, FeedPosition],
        fetcher: Fetcher,
        *,
        date: str | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ):
        self.positions = positions
        self.fetcher = fetcher
        self.date = date
        self.max_chars = max_chars
        self.notes: list[str] = []
        self._origin: dict[int, FeedEntry] = {}  # id(article) -> its entry, while the article is in flight

    def items(self) -> Iterator[Article | ReadFailure]:
        for url, position in self.positions.items():
            yield from self._feed_items(url, position)

    def entry_of(self, item) -> FeedEntry | None:
        """The feed entry `item` was read from (None for any other input); asked once per item."""
        return self._origin.pop(id(item), None)

    def _feed_items(self, url: str, position: FeedPosition) -> Iterator[Article | ReadFailure]:
        try:
            parsed = self._fetch(url, position)
        except AnnalesError as err:
            self.notes.append(f"Feed {url}: failed ({err.code}).")
            yield ReadFailure(id=url, path=url, error=err)
            return
        if parsed is None:
            self.notes.append(f"Feed {url}: not modified since the last run (HTTP 304): nothing new.")
            return
        entries = parsed.entries
        new = [e for e in entries if _item_id(e) not in position.seen]
        self.notes.append(f"Feed {url}: {len(entries)} item(s), {len(new)} not seen before.")
        source = parsed.feed.get("title") or None
        done: set[str] = set()
        for entry in new:
            item_id = _item_id(entry)
            if item_id in done:  # the same item twice in one feed
                continue
            done.add(item_id)
            item = self._article(entry, item_id, url, source)
            self._origin[id(item)] = FeedEntry(feed=url, item_id=item_id, link=entry.get("link"))
            yield item

    def _fetch(self, url: str, position: FeedPosition):
        """The parsed feed, or None when it has not changed since the validators remembered."""
        feedparser = require("feedparser", "html", "Reading RSS and Atom feeds (ingest --feed)")

        resp = self.fetcher.get(
            url,
            limit=document_byte_limit(self.max_chars),
            max_chars=self.max_chars,
            what="the feed",
            accept=FEED_ACCEPT,
            etag=position.etag,
            modified=position.modified,
        )
        position.status = str(resp.status)
        if resp.status == 304:
            position.answered = True
            return None
        headers = {"content-location": resp.url}
        if resp.headers.get("Content-Type"):
            headers["content-type"] = resp.headers["Content-Type"]
        # a stream, never a string: feedparser would fetch a string that looks like a URL by itself
        parsed = feedparser.parse(io.BytesIO(resp.body), response_headers=headers)
        if not parsed.get("version") and not parsed.entries:
            problem = parsed.get("bozo_exception")
            detail = (
                "the answer is an HTML page, not a feed"
                if resp.content_type in ("text/html", "application/xhtml+xml")
                else f"no RSS or Atom feed in the answer ({str(problem)[:120] or 'no feed element'})"
            )
            raise AnnalesError("E055", url=url, detail=detail)
        position.etag = resp.headers.get("ETag") or None
        position.modified = resp.headers.get("Last-Modified") or None
        position.title = parsed.feed.get("title") or position.title
        position.answered = True
        return parsed

    def _article(self, entry, item_id: str, feed: str, source: str | None) -> Article | ReadFailure:
        """One new item as an article: from the feed's full text, else from its page, else from its summary."""
        link = entry.get("link") or None
        title = entry.get("title") or None
        where = link or f"{feed}#{item_id}"
        date = self._entry_date(entry, where)
        text = _entry_text(entry, with_summary=not link)
        if link and (text is None or len(text.split()) < FULL_TEXT_WORDS):
            item = read_url(link, self.fetcher, id=link, date=date, title=title, max_chars=self.max_chars)
            if isinstance(item, Article) and item.date is None:
                item.date = self.date
            return item
        try:
            if text is None:
                raise AnnalesError("E055", url=feed, detail=f"its item '{item_id}' has no link and no text")
            return article_from_text(
                text,
                where,
                id=link or item_id,
                title=title,
                date=date or self.date,
                url=link,
                source=source,
                max_chars=self.max_chars,
            )
        except AnnalesError as err:
            return ReadFailure(id=link or item_id, path=where, error=err, title=title, date=date)

    def _entry_date(self, entry, where: str) -> str | None:
        """The item's publication date as the feed gives it; None (the page's or --date then) when it has
        none or one that is not a date."""
        raw = entry.get("published") or entry.get("updated") or entry.get("created")
        try:
            return parse_publication_date(raw, f"the date of the feed item '{where}'")
        except AnnalesError:
            return None


def _item_id(entry) -> str:
    """An item's identity across runs: its guid (Atom id), else its link, else a hash of its title and text."""
    found = entry.get("id") or entry.get("link")
    if found:
        return found
    blob = "\n".join(str(entry.get(k) or "") for k in ("title", "summary"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _entry_text(entry, *, with_summary: bool) -> str | None:
    """The item's own text: its full content, or (`with_summary`) its summary when it has nothing else."""
    candidates = list(entry.get("content") or [])
    if with_summary and entry.get("summary"):
        candidates.append({"value": entry["summary"], "type": entry.get("summary_detail", {}).get("type")})
    for part in candidates:
        value = part.get("value") or ""
        text = fragment_text(value) if "html" in (part.get("type") or "text/html") else value.strip()
        if text:
            return text
    return None


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed's sanitised content): one line per block, spaces collapsed."""
    require("lxml", "html", "Reading RSS and Atom feeds (ingest --feed)")
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
