"""Readers: text, HTML, JSON Lines, Parquet, folders and standard input -> `Article` records.

A reader never raises for one bad input: it yields a `ReadFailure` carrying the coded error,
so a batch of ten thousand articles loses only the one that could not be read.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path

from .dates import parse_publication_date
from .errors import AnnalesError, warning
from .model import Article

DEFAULT_MAX_CHARS = 1_000_000
MIN_ARTICLE_WORDS = 12  # an HTML page whose main text is shorter has no article (an index, a blank page)
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet"}

MONTHS = ("january february march april may june july august september october november december").split()
_MONTH_RE = "|".join(m.capitalize() for m in MONTHS) + "|" + "|".join(m[:3].capitalize() + r"\.?" for m in MONTHS)
# A line that is nothing but a date ("17 December, 2020", "December 17, 2020", "2020-12-17"): a byline date.
DATELINE_RE = re.compile(
    rf"^\s*(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_RE}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\s*$"
)


@dataclass
class ReadFailure:
    """An input that could not be read; it still gets its own output line."""

    id: str
    path: str
    error: AnnalesError
    title: str | None = None
    date: str | None = None


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def check_date(value: str | None, what: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return _date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise AnnalesError("E010", value=value, what=what) from None


def decode_bytes(data: bytes, path: str) -> tuple[str, list[dict]]:
    """Bytes -> text, refusing binary files and falling back from UTF-8 with a warning."""
    if not data.strip():
        raise AnnalesError("E002", path=path)
    head = data[:8192]
    if b"\x00" in head:
        raise AnnalesError("E003", path=path, detail="it contains NUL bytes")
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    if control / max(1, len(head)) > 0.05:
        raise AnnalesError("E003", path=path, detail=f"{control} control bytes in its first {len(head)}")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), [warning("W001", path=path, encoding=enc)]
        except UnicodeDecodeError:
            continue
    raise AnnalesError("E008", path=path, detail="undecodable text")


def detect_dateline(text: str) -> str | None:
    """A publication date written on its own line near the top of a plain-text article."""
    for line in text.splitlines()[:10]:
        m = DATELINE_RE.match(line)
        if not m:
            continue
        g = m.groupdict()
        try:
            if g["y3"]:
                return _date(int(g["y3"]), int(g["m3"]), int(g["d3"])).isoformat()
            mon = (g["m1"] or g["m2"]).rstrip(".").lower()
            month = next(i for i, name in enumerate(MONTHS, 1) if name.startswith(mon[:3]))
            return _date(int(g["y1"] or g["y2"]), month, int(g["d1"] or g["d2"])).isoformat()
        except (ValueError, StopIteration):
            continue
    return None


def guess_title(text: str) -> str | None:
    """First line of a plain-text article when it reads like a headline."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= 160 and not line.endswith((".", '"', "”")):
            return line
        return None
    return None


def article_from_text(text: str, path: str, *, id: str | None = None, title: str | None = None,
                      date: str | None = None, url: str | None = None, source: str | None = None,
                      max_chars: int = DEFAULT_MAX_CHARS, warnings: list[dict] | None = None) -> Article:
    if not text.strip():
        raise AnnalesError("E002", path=path)
    if len(text) > max_chars:
        raise AnnalesError("E005", path=path, size=len(text), limit=max_chars)
    art = Article(id=id or content_id(text), text=text, title=title or guess_title(text),
                  date=date or detect_dateline(text), url=url, source=source, path=path)
    art.warnings.extend(warnings or [])
    return art


def article_from_html(html: str, path: str, *, id: str | None = None, title: str | None = None,
                      date: str | None = None, url: str | None = None, source: str | None = None,
                      max_chars: int = DEFAULT_MAX_CHARS, warnings: list[dict] | None = None) -> Article:
    """Main text, title and byline date of an HTML page; page chrome never reaches the coder."""
    import trafilatura

    if len(html) > max_chars * 4:
        raise AnnalesError("E005", path=path, size=len(html), limit=max_chars * 4)
    # extensive_search=False: a page without a byline date keeps no date, rather than a footer's year.
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        raise AnnalesError("E004", path=path)
    page_title = getattr(doc, "title", None)
    page_date = getattr(doc, "date", None)
    try:
        page_date = check_date(page_date, "the page date")
    except AnnalesError:
        page_date = None
    return article_from_text(text, path, id=id, title=title or page_title, date=date or page_date, url=url,
                             source=source or getattr(doc, "sitename", None), max_chars=max_chars,
                             warnings=warnings)


def read_file(path: Path, *, date: str | None = None, title: str | None = None,
              max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    """Articles from one file (a JSON Lines or Parquet file yields many)."""
    name = str(path)
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".zip" and path.exists():
        yield from read_zip(path, date=date, max_chars=max_chars)
        return
    if not path.exists():
        yield ReadFailure(id=content_id(name), path=name, error=AnnalesError("E001", path=name), title=title, date=date)
        return
    yield from read_bytes(path.read_bytes(), name, date=date, title=title, max_chars=max_chars)


def read_bytes(raw: bytes, name: str, *, date: str | None = None, title: str | None = None,
               max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    """Articles from the bytes of the file `name`, read as its suffixes say: the one implementation of
    "file -> articles" for the local readers and for the Ray workers that read shards."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    try:
        suffix = suffixes[-1] if suffixes else ""
        if suffix == ".gz":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as exc:
                raise AnnalesError("E008", path=name, detail=f"not a valid gzip file ({exc})") from None
            suffix = suffixes[-2] if len(suffixes) > 1 else ".txt"
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(io.BytesIO(raw), name, date=date, max_chars=max_chars)
            return
        if suffix in PARQUET_SUFFIXES:
            yield from read_parquet(raw, name, date=date, max_chars=max_chars)
            return
        text, warns = decode_bytes(raw, name)
        if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))):
            yield article_from_html(text, name, title=title, date=date, max_chars=max_chars, warnings=warns)
        elif suffix in TEXT_SUFFIXES or suffix == "":
            # An explicit --date wins over a dateline guessed from the text.
            yield article_from_text(text, name, title=title, date=date, max_chars=max_chars, warnings=warns)
        else:
            raise AnnalesError("E009", path=name)
    except AnnalesError as err:
        yield ReadFailure(id=content_id(name), path=name, error=err, title=title, date=date)


def read_zip(path: Path, *, date: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    """Every readable member of a .zip archive, in name order, one member in memory at a time."""
    import tempfile
    import zipfile

    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        yield ReadFailure(id=content_id(str(path)), path=str(path),
                          error=AnnalesError("E008", path=str(path), detail="not a valid zip archive"))
        return
    with zf, tempfile.TemporaryDirectory(prefix="annales-zip-") as tmp:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            member = Path(info.filename)
            if info.is_dir() or member.name.startswith(".") or not _readable_suffix(member):
                continue
            target = Path(tmp) / "member" / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            for item in read_file(target, date=date, max_chars=max_chars):
                where = f"{path}!{info.filename}"
                if isinstance(item, ReadFailure):
                    item.path = where
                    item.error = AnnalesError(item.error.code, **{**item.error.params, "path": where})
                else:
                    item.path = where
                yield item
            target.unlink()


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles the inputs hold, for a progress bar's ETA; None when it cannot be told cheaply."""
    total = 0
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            suffixes = [s.lower() for s in f.suffixes]
            if not suffixes or not _readable_suffix(f):
                continue
            if suffixes[-1] in (".gz", ".zip"):
                return None
            if suffixes[-1] in PARQUET_SUFFIXES:
                from .extras import require

                pq = require("pyarrow.parquet", "data", "Reading .parquet inputs")

                try:
                    total += pq.ParquetFile(f).metadata.num_rows
                except Exception:  # unreadable: its error row comes when it is read
                    total += 1
            elif suffixes[-1] in JSONL_SUFFIXES:
                with open(f, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total


def read_jsonl(stream: Iterable[bytes], name: str, *, date: str | None = None,
               max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            row = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            err = AnnalesError("E007", path=name, line=lineno, detail=f"not valid JSON ({exc.__class__.__name__})")
            yield ReadFailure(id=f"{name}:{lineno}", path=f"{name}:{lineno}", error=err)
            continue
        yield article_from_row(row, name, lineno, date=date, max_chars=max_chars)


def read_parquet(raw: bytes, name: str, *, date: str | None = None,
                 max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    """The rows of a Parquet file with the JSON Lines columns (id, text or html, date, title, url, source)."""
    from .extras import require

    pa = require("pyarrow", "data", "Reading .parquet inputs")
    pq = require("pyarrow.parquet", "data", "Reading .parquet inputs")

    try:
        table = pq.read_table(io.BytesIO(raw))
    except (pa.ArrowException, OSError) as exc:
        raise AnnalesError("E008", path=name, detail=f"not a readable Parquet file ({str(exc)[:120]})") from None
    lineno = 0
    for batch in table.to_batches(max_chunksize=1024):
        for row in batch.to_pylist():
            lineno += 1
            yield article_from_row(row, name, lineno, date=date, max_chars=max_chars)


def article_from_row(row, name: str, lineno: int, *, date: str | None = None,
                     max_chars: int = DEFAULT_MAX_CHARS) -> Article | ReadFailure:
    """One JSON Lines (or Parquet) row -> an Article, or a ReadFailure carrying the coded error."""
    row_id = f"{name}:{lineno}"
    try:
        if not isinstance(row, dict):
            raise AnnalesError("E007", path=name, line=lineno, detail="not a JSON object")
        row_id = str(row["id"]) if row.get("id") is not None else row_id
        row_date = parse_publication_date(row.get("date"), f"the 'date' of line {lineno} of {name}") or date
        where = f"{name}:{lineno}"
        kwargs = dict(title=row.get("title"), date=row_date, url=row.get("url"), source=row.get("source"),
                      max_chars=max_chars)
        if row.get("id") is not None:
            kwargs["id"] = str(row["id"])
        if isinstance(row.get("text"), str):
            return article_from_text(row["text"], where, **kwargs)
        if isinstance(row.get("html"), str):
            return article_from_html(row["html"], where, **kwargs)
        raise AnnalesError("E007", path=name, line=lineno, detail="no 'text' or 'html' string")
    except AnnalesError as err:
        return ReadFailure(id=row_id, path=f"{name}:{lineno}", error=err)


def read_inputs(paths: Iterable[str], *, date: str | None = None, title: str | None = None,
                max_chars: int = DEFAULT_MAX_CHARS, stdin=None) -> Iterator[Article | ReadFailure]:
    """Every article under the given paths, in order: files, folders (sorted, recursive) and '-'."""
    for p in paths:
        if p == "-":
            stream = stdin or sys.stdin.buffer
            data = stream.read()
            text_start = data.lstrip()[:1]
            if text_start == b"{":
                yield from read_jsonl(io.BytesIO(data), "<stdin>", date=date, max_chars=max_chars)
                continue
            try:
                text, warns = decode_bytes(data, "<stdin>")
                if text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
                    yield article_from_html(text, "<stdin>", title=title, date=date, max_chars=max_chars, warnings=warns)
                else:
                    yield article_from_text(text, "<stdin>", title=title, date=date, max_chars=max_chars, warnings=warns)
            except AnnalesError as err:
                yield ReadFailure(id=content_id("<stdin>"), path="<stdin>", error=err)
            continue
        path = Path(p)
        if path.is_dir():
            for f in folder_files(path):
                yield from read_file(f, date=date, title=None, max_chars=max_chars)
            continue
        yield from read_file(path, date=date, title=title, max_chars=max_chars)


def folder_files(path: Path) -> list[Path]:
    """The files of a folder that are read, in the order they are read (recursive, sorted, no hidden files)."""
    return [f for f in sorted(path.rglob("*")) if f.is_file() and not f.name.startswith(".") and _readable_suffix(f)]


def _readable_suffix(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".zip":
        return True
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES
