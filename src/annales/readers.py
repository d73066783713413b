"""Readers: text, HTML, JSON Lines, Parquet, folders, archives and standard input -> `Article` records.

A reader never raises for one bad input: it yields a `ReadFailure` carrying the coded error, so a
batch of ten thousand articles loses only the one that could not be read, and every read is bounded
(streams.py), so no input makes a reader hold more than --max-chars allows. What each field of a row
may hold is checked before anything downstream sees it (fields.py).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path, PurePosixPath
from typing import Any

from .dates import parse_publication_date
from .errors import AnnalesError, warning
from .fields import check_date, has_visible_text, kind_of, storable, string_field
from .model import Article
from .streams import (
    STREAM_ERRORS,
    InputTooLarge,
    bounded_lines,
    count_nonblank_lines,
    document_byte_limit,
    parquet_byte_limit,
    read_at_most,
    row_byte_limit,
    sniff,
)

__all__ = [
    "check_date",
    "ReadFailure",
    "read_inputs",
    "read_file",
    "read_jsonl",
    "article_from_row",
    "article_from_text",
    "article_from_html",
    "content_id",
    "count_inputs",
    "folder_files",
    "folder_entries",
]

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

    def __post_init__(self) -> None:
        # a failure names its input, and that name may hold what no output can (a file name's stray byte)
        for name in ("id", "path", "title", "date"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, storable(value)[0])
        message = storable(self.error.message)[0]
        if message != self.error.message:
            self.error.message = message


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


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


def article_from_text(
    text: str,
    path: str,
    *,
    id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    source: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    warnings: list[dict] | None = None,
) -> Article:
    if not text.strip():
        raise AnnalesError("E002", path=path)
    if len(text) > max_chars:
        raise AnnalesError("E005", path=path, size=len(text), limit=max_chars)
    if not has_visible_text(text):
        raise AnnalesError("E042", path=path)
    art = Article(
        id=id or content_id(text),
        text=text,
        title=title or guess_title(text),
        date=date or detect_dateline(text),
        url=url,
        source=source,
        path=path,
    )
    art.warnings.extend(warnings or [])
    return art


def article_from_html(
    html: str,
    path: str,
    *,
    id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    source: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    warnings: list[dict] | None = None,
) -> Article:
    """Main text, title and byline date of an HTML page; page chrome never reaches the coder. trafilatura
    (with babel and lxml, about 56 MB) comes with `annales[html]`: without it, E030 names that extra."""
    from .extras import require

    trafilatura = require("trafilatura", "html", "Reading HTML pages")
    if len(html) > max_chars * 4:
        raise AnnalesError("E005", path=path, size=len(html), limit=max_chars * 4)
    html, replaced = storable(html)  # lxml refuses NUL; the text keeps the warning
    if replaced:
        warnings = [*(warnings or []), warning("W004", path=path, count=replaced, fields="html")]
    try:
        # extensive_search=False: a page without a byline date keeps no date, rather than a footer's year.
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a page the HTML parser chokes on (nested too deep, say) is one bad input
        raise AnnalesError(
            "E047", path=path, detail=f"the HTML could not be parsed ({exc.__class__.__name__})"
        ) from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        raise AnnalesError("E004", path=path)
    page_title = getattr(doc, "title", None)
    page_date = getattr(doc, "date", None)
    try:
        page_date = check_date(page_date, "the page date")
    except AnnalesError:
        page_date = None
    return article_from_text(
        text,
        path,
        id=id,
        title=title or page_title,
        date=date or page_date,
        url=url,
        source=source or getattr(doc, "sitename", None),
        max_chars=max_chars,
        warnings=warnings,
    )


def _failure(name: str, error: AnnalesError, *, title: str | None = None, date: str | None = None) -> ReadFailure:
    return ReadFailure(id=content_id(name), path=name, error=error, title=title, date=date)


def _too_large(name: str, what: str, exc: InputTooLarge, max_chars: int) -> AnnalesError:
    return AnnalesError("E040", path=name, what=what, limit=exc.limit, max_chars=max_chars)


def display_name(path: Path | str) -> str:
    """A path as it is shown and stored: a file name's undecodable bytes become U+FFFD."""
    return storable(str(path))[0]


def read_file(
    path: Path, *, date: str | None = None, title: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Article | ReadFailure]:
    """Articles from one file (a JSON Lines, Parquet or .zip file yields many)."""
    name = display_name(path)
    suffixes = [s.lower() for s in path.suffixes]
    try:
        if not path.exists():
            if path.is_symlink():
                raise AnnalesError("E044", path=name, target=display_name(path.readlink()))
            raise AnnalesError("E001", path=name)
        if suffixes and suffixes[-1] == ".zip":
            yield from read_zip(path, date=date, max_chars=max_chars)
            return
        if suffixes and suffixes[-1] in PARQUET_SUFFIXES:
            yield from read_parquet(path, name, date=date, max_chars=max_chars)
            return
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except AnnalesError as err:
        yield _failure(name, err, title=title, date=date)
        return
    except OSError as exc:
        yield _failure(name, AnnalesError("E046", path=name, detail=exc.strerror or str(exc)), title=title, date=date)
        return
    with fh:
        yield from read_stream(fh, name, date=date, title=title, max_chars=max_chars)


def read_stream(
    stream,
    name: str,
    *,
    date: str | None = None,
    title: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    suffix: str | None = None,
    sniffed: bool = False,
) -> Iterator[Article | ReadFailure]:
    """Articles from an open binary stream holding the file `name`, read as its suffixes (or `suffix`) say
    and never more than the limits in streams.py: the one implementation of "file -> articles"."""
    suffixes = [s.lower() for s in PurePosixPath(name).suffixes] if suffix is None else [suffix]
    suffix = suffixes[-1] if suffixes else ""
    what = "the input"
    try:
        if suffix == ".gz":
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
            suffix = suffixes[-2] if len(suffixes) > 1 else ".txt"
            what = "the input, uncompressed,"
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(stream, name, date=date, max_chars=max_chars)
            return
        if suffix in PARQUET_SUFFIXES:
            raw = read_at_most(stream, parquet_byte_limit(max_chars))
            yield from read_parquet(io.BytesIO(raw), name, date=date, max_chars=max_chars)
            return
        raw = read_at_most(stream, document_byte_limit(max_chars))
        yield _document(raw, name, suffix, date=date, title=title, max_chars=max_chars, sniffed=sniffed)
    except AnnalesError as err:
        yield _failure(name, err, title=title, date=date)
    except InputTooLarge as exc:
        yield _failure(name, _too_large(name, what, exc, max_chars), title=title, date=date)
    except (*STREAM_ERRORS, zipfile.BadZipFile) as exc:
        detail = f"not a valid gzip file ({exc})" if what != "the input" else f"a read error ({exc})"
        yield _failure(name, AnnalesError("E008", path=name, detail=detail), title=title, date=date)
    except Exception as exc:  # never let one input take the batch with it
        yield _failure(
            name,
            AnnalesError("E047", path=name, detail=f"an unexpected {exc.__class__.__name__}"),
            title=title,
            date=date,
        )


def _document(raw: bytes, name: str, suffix: str, *, date, title, max_chars, sniffed) -> Article:
    """One text or HTML document from its bytes."""
    text, warns = decode_bytes(raw, name)
    looks_html = text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_html):
        return article_from_html(text, name, title=title, date=date, max_chars=max_chars, warnings=warns)
    if suffix in TEXT_SUFFIXES or suffix == "" or sniffed:
        # An explicit --date wins over a dateline guessed from the text.
        return article_from_text(text, name, title=title, date=date, max_chars=max_chars, warnings=warns)
    raise AnnalesError("E009", path=name)


def read_zip(
    path: Path, *, date: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Article | ReadFailure]:
    """Every member of a .zip archive, in name order, each streamed within the limits (never unpacked to
    disk, so a member's name cannot point outside); members with no suffix and nested archives are reported."""
    name = display_name(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield _failure(
            name, AnnalesError("E008", path=name, detail=f"not a valid zip archive ({exc.__class__.__name__})")
        )
        return
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            member = PurePosixPath(info.filename)
            if info.is_dir() or _hidden(member.parts):
                continue
            where = display_name(f"{name}!{info.filename}")
            suffixes = [s.lower() for s in member.suffixes]
            if not suffixes:
                yield _failure(where, AnnalesError("E043", path=where))
            elif suffixes[-1] == ".zip":
                yield _failure(where, AnnalesError("E045", path=where))
            elif _readable_suffix(member):
                yield from _read_member(zf, info, where, date=date, max_chars=max_chars)


def _read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, *, date, max_chars
) -> Iterator[Article | ReadFailure]:
    try:
        fh = zf.open(info)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, ValueError) as exc:
        # encrypted, an unknown compression method, a damaged header
        yield _failure(
            where, AnnalesError("E008", path=where, detail=f"an archive member that cannot be opened ({exc})")
        )
        return
    with fh:
        yield from read_stream(fh, where, date=date, max_chars=max_chars)


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles the inputs hold, for a progress bar's ETA; None when it cannot be told cheaply."""
    from .fetch import is_url

    total = 0
    for p in paths:
        if is_url(p):  # one page, one article
            total += 1
            continue
        path = Path(p)
        try:
            files = [f for f, _ in folder_entries(path)] if path.is_dir() else [path]
            for f in files:
                n = _count_file(f)
                if n is None:
                    return None
                total += n
        except OSError:  # unreadable: its error row comes when it is read
            total += 1
    return total


def _count_file(f: Path) -> int | None:
    suffixes = [s.lower() for s in f.suffixes]
    if not suffixes or not f.is_file():
        return 1
    if suffixes[-1] in (".gz", ".zip"):
        return None
    if suffixes[-1] in PARQUET_SUFFIXES:
        from .extras import require

        pq = require("pyarrow.parquet", "data", "Reading .parquet inputs")
        try:
            return pq.ParquetFile(f).metadata.num_rows
        except Exception:  # unreadable: its error row comes when it is read
            return 1
    if suffixes[-1] in JSONL_SUFFIXES:
        with open(f, "rb") as fh:
            return count_nonblank_lines(fh)
    return 1


def read_jsonl(
    stream, name: str, *, date: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Article | ReadFailure]:
    """One article or error row per non-blank line of a binary stream; a bad line costs only itself."""
    limit = row_byte_limit(max_chars)
    lineno = 0
    try:
        for lineno, raw in bounded_lines(stream, limit):
            where = f"{name}:{lineno}"
            if raw is None:
                err = AnnalesError("E040", path=where, what="the row", limit=limit, max_chars=max_chars)
                yield ReadFailure(id=where, path=where, error=err)
            elif raw.strip():
                yield _row_item(raw, name, lineno, date=date, max_chars=max_chars)
    except STREAM_ERRORS as exc:  # a truncated or corrupt .gz: the rows before it stand
        where = f"{name}:{lineno + 1}"
        err = AnnalesError("E008", path=where, detail=f"the stream broke after line {lineno} ({exc})")
        yield ReadFailure(id=where, path=where, error=err)


def _row_item(raw: bytes, name: str, lineno: int, *, date, max_chars) -> Article | ReadFailure:
    where = f"{name}:{lineno}"
    try:
        try:
            row = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            raise AnnalesError("E007", path=name, line=lineno, detail=f"not valid UTF-8 (byte {exc.start})") from None
        except RecursionError:
            raise AnnalesError("E007", path=name, line=lineno, detail="not valid JSON (nested too deeply)") from None
        except ValueError as exc:  # JSONDecodeError, or an integer of more digits than Python converts
            detail = "a number with too many digits" if "digits" in str(exc) else exc.__class__.__name__
            raise AnnalesError("E007", path=name, line=lineno, detail=f"not valid JSON ({detail})") from None
        return article_from_row(row, name, lineno, date=date, max_chars=max_chars)
    except AnnalesError as err:
        return ReadFailure(id=where, path=where, error=err)
    except Exception as exc:  # never let one row take its neighbours with it
        unexpected = AnnalesError("E047", path=where, detail=f"an unexpected {exc.__class__.__name__}")
        return ReadFailure(id=where, path=where, error=unexpected)


def read_parquet(
    source, name: str, *, date: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Article | ReadFailure]:
    """The rows of a Parquet file (a path or a binary stream) with the JSON Lines columns (id, text or html,
    date, title, url, source), read a few rows at a time."""
    from .extras import require

    pa = require("pyarrow", "data", "Reading .parquet inputs")
    pq = require("pyarrow.parquet", "data", "Reading .parquet inputs")

    lineno = 0
    try:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=64):
            for row in batch.to_pylist():
                lineno += 1
                yield article_from_row(row, name, lineno, date=date, max_chars=max_chars)
    except (pa.ArrowException, OSError) as exc:
        where = f"{name}:{lineno + 1}" if lineno else name
        yield ReadFailure(
            id=where,
            path=where,
            error=AnnalesError("E008", path=where, detail=f"not a readable Parquet file ({str(exc)[:120]})"),
        )


def article_from_row(
    row, name: str, lineno: int, *, date: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Article | ReadFailure:
    """One JSON Lines (or Parquet) row -> an Article, or a ReadFailure carrying the coded error; every
    field is checked first (fields.py), so a wrong type is this row's error, never the store's."""
    where = f"{name}:{lineno}"
    row_id = where
    try:
        if not isinstance(row, dict):
            raise AnnalesError("E007", path=name, line=lineno, detail=f"not a JSON object but {kind_of(row)}")
        row_id = string_field(row.get("id"), "id", name, lineno) or where
        kwargs: dict[str, Any] = {f: string_field(row.get(f), f, name, lineno) for f in ("title", "url", "source")}
        row_date = row.get("date")
        if not (row_date is None or isinstance(row_date, str | _date)):
            string_field(row_date, "date", name, lineno)  # raises E041 naming the type
        kwargs["date"] = parse_publication_date(row_date, f"the 'date' of line {lineno} of {name}") or date
        if row.get("id") is not None:
            kwargs["id"] = row_id
        for field in ("text", "html"):
            if not isinstance(row.get(field), str | None):
                raise AnnalesError("E041", path=name, line=lineno, field=field, kind=kind_of(row[field]))
        for field, make in (("text", article_from_text), ("html", article_from_html)):
            if row.get(field) is not None:
                return make(row[field], where, max_chars=max_chars, **kwargs)
        raise AnnalesError("E007", path=name, line=lineno, detail="no 'text' or 'html' string")
    except AnnalesError as err:
        return ReadFailure(id=row_id, path=where, error=err)


def read_inputs(
    paths: Iterable[str],
    *,
    date: str | None = None,
    title: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin=None,
) -> Iterator[Article | ReadFailure]:
    """Every article under the given paths, in order: files, folders (sorted, recursive) and '-' (http(s)
    URLs too: pages.read_sources reads them and hands the rest here)."""
    for p in paths:
        try:
            if p == "-":
                yield from read_stdin(stdin or sys.stdin.buffer, date=date, title=title, max_chars=max_chars)
                continue
            path = Path(p)
            if path.is_dir():
                for f, problem in folder_entries(path):
                    if problem is None:
                        yield from read_file(f, date=date, title=None, max_chars=max_chars)
                    else:
                        yield _failure(display_name(f), problem, date=date)
                continue
            yield from read_file(path, date=date, title=title, max_chars=max_chars)
        except (OSError, ValueError) as exc:  # a path the system refuses (too long, in an unreadable folder)
            name = display_name(p)
            yield _failure(name, AnnalesError("E046", path=name, detail=getattr(exc, "strerror", None) or str(exc)))
        except Exception as exc:  # never let one input take the batch with it
            name = display_name(p)
            yield _failure(name, AnnalesError("E047", path=name, detail=f"an unexpected {exc.__class__.__name__}"))


def read_stdin(
    stream, *, date: str | None = None, title: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Article | ReadFailure]:
    """Standard input: JSON Lines when it starts with '{', else one text or HTML document; streamed."""
    first, stream = sniff(stream, document_byte_limit(max_chars))
    yield from read_stream(
        stream,
        "<stdin>",
        date=date,
        title=title,
        max_chars=max_chars,
        suffix=".jsonl" if first == b"{" else "",
        sniffed=True,
    )


def folder_entries(path: Path) -> list[tuple[Path, AnnalesError | None]]:
    """What a folder holds that is read, in the order it is read (recursive, sorted, nothing hidden), each
    with the error it gets instead when it cannot be read: no suffix, or a link to nothing. Files with
    another suffix (.png, .pdf) are not articles and are passed over."""
    entries: list[tuple[Path, AnnalesError | None]] = []
    for f in sorted(path.rglob("*")):
        if _hidden(f.relative_to(path).parts):
            continue
        name = display_name(f)
        if f.is_symlink() and not f.exists():
            entries.append((f, AnnalesError("E044", path=name, target=display_name(f.readlink()))))
        elif not f.is_file():
            continue
        elif not f.suffixes:
            entries.append((f, AnnalesError("E043", path=name)))
        elif _readable_suffix(f):
            entries.append((f, None))
    return entries


def folder_files(path: Path) -> list[Path]:
    """The files of a folder that are read, in the order they are read (see folder_entries)."""
    return [f for f, problem in folder_entries(path) if problem is None]


def _hidden(parts: tuple[str, ...]) -> bool:
    """Whether a path (as parts below the folder or archive read) is hidden: a dot file, or in a dot folder."""
    return any(part.startswith(".") and part not in (".", "..") for part in parts)


def _readable_suffix(path: Path | PurePosixPath) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".zip":
        return True
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES
