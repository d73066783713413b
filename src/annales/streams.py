"""Bounded reads: no input, however long (a gzip bomb, an endless pipe, a line without a newline),
makes a reader hold more than a limit derived from --max-chars.

- One document (a text or HTML file, a .gz or .zip member, standard input) is read up to
  `document_byte_limit(max_chars)` bytes: an HTML page may have 4 x --max-chars characters (the
  markup the limit does not count) of up to 4 UTF-8 bytes each.
- One JSON Lines row is read up to `row_byte_limit(max_chars)` bytes: that page again, each character
  escaped in JSON as at most 6 bytes (\\uXXXX). A longer row becomes an error row; the reader skips
  to the next newline without holding the rest.
- A Parquet file inside an archive or a pipe is read whole, up to `parquet_byte_limit(max_chars)`.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

CHUNK = 1 << 16


class InputTooLarge(Exception):
    """A stream held more than its limit allows; `limit` is that limit in bytes."""

    def __init__(self, limit: int):
        super().__init__(f"over {limit:,} bytes")
        self.limit = limit


def document_byte_limit(max_chars: int) -> int:
    return 16 * max_chars


def row_byte_limit(max_chars: int) -> int:
    return 24 * max_chars


def parquet_byte_limit(max_chars: int) -> int:
    return 64 * max_chars


def read_at_most(stream, limit: int) -> bytes:
    """The whole stream, or InputTooLarge as soon as it is known to be over `limit` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(limit)
    return data


def bounded_lines(stream, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for every line of a binary stream, split on b"\\n" only (never on U+2028);
    a line over `limit` bytes comes as None, and its rest is skipped without being held."""
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip to the end of this line, a chunk at a time
                rest = stream.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def count_nonblank_lines(stream) -> int:
    """How many lines of a binary stream hold more than whitespace, in bounded memory."""
    total = 0
    blank = True
    while True:
        part = stream.readline(CHUNK)
        if not part:
            break
        blank = blank and not part.strip()
        if part.endswith(b"\n"):
            total += not blank
            blank = True
    return total + (not blank)


class _Prepended(io.RawIOBase):
    """The bytes already read from a stream (to sniff it), followed by the rest of the stream."""

    def __init__(self, head: bytes, rest):
        self._head = memoryview(head)  # a view: handing it out in slices copies nothing twice
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = getattr(self._rest, "read1", self._rest.read)(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sniff(stream, limit: int) -> tuple[bytes, io.BufferedReader]:
    """The first non-whitespace byte of a stream (b"" when it has none within `limit` bytes) and a
    stream that reads it again from the start."""
    head = bytearray()
    first = b""
    while not first and len(head) <= limit:
        chunk = getattr(stream, "read1", stream.read)(CHUNK)
        if not chunk:
            break
        head += chunk
        first = chunk.lstrip()[:1]
    return first, io.BufferedReader(_Prepended(bytes(head), stream))


# What a broken stream raises while being read: I/O errors, a truncated or corrupt gzip member.
STREAM_ERRORS = (OSError, EOFError, zlib.error)
