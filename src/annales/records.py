"""What every runner (local engine, Ray, the store) does per input: code a batch into document dicts, and
make each input's record (key, path, document or error). A bottom module: the runners import it, it
imports none of them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator

from .model import Article
from .readers import ReadFailure

# The line breaks json.dumps leaves raw (it escapes only those below U+0020).
_UNICODE_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\u0085\u2028\u2029"}
_HAS_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")


def json_line(obj) -> str:
    """`obj` as one line of JSON Lines, UTF-8 kept readable, with U+0085, U+2028 and U+2029 escaped: they
    are valid inside JSON strings but line breaks to readers that split on Unicode lines (Python's
    str.splitlines, JavaScript), which would cut the row in two."""
    line = json.dumps(obj, ensure_ascii=False, default=str)
    return line.translate(_UNICODE_LINE_BREAKS) if _HAS_LINE_BREAK.search(line) else line


def article_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def path_key(path: str) -> str:
    """The key an unreadable input's error row is stored under: a hash of its path (or URL)."""
    return "path:" + hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def store_key(item: Article | ReadFailure) -> str:
    """The key an input is stored under: its text's hash, or for an unreadable input its path's."""
    if isinstance(item, ReadFailure):
        return path_key(item.path)
    return article_hash(item.text)


def article_record(item: Article | ReadFailure, doc: dict | None = None) -> dict:
    """One input's record: its store key, path, and its document (as JSON) or its error; an article
    given without a document was not coded (it is stored already) and has neither."""
    record = {
        "key": store_key(item),
        "path": item.path,
        "article_id": item.id,
        "error_code": None,
        "error_message": None,
        "document": None,
        "n_events": 0,
        "ok": 0,
    }
    if isinstance(item, ReadFailure):
        record.update(error_code=item.error.code, error_message=item.error.message)
    elif doc is not None and doc["error"]:
        record.update(
            path=item.path or doc["article"]["id"],
            article_id=doc["article"]["id"],
            error_code=doc["error"]["code"],
            error_message=doc["error"]["message"],
        )
    elif doc is not None:
        record.update(
            article_id=doc["article"]["id"],
            document=json.dumps(doc, ensure_ascii=False),
            n_events=len(doc["events"]),
            ok=1,
        )
    return record


def code_items(pipe, items: list[Article | ReadFailure], with_text: bool = False) -> Iterator[dict]:
    """The per-article function every runner runs on a batch: articles in, document dicts out, in order."""
    for doc in pipe.code_batch(items):
        yield doc.to_dict(with_text=with_text)
