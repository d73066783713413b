"""Readers under hostile input: one bad row, file or member costs only itself; every read is bounded;
every field is checked before anything downstream sees it (issue 15, items 2, 3, 6 and 7)."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
import zipfile

import pytest

from annales.model import Article
from annales.readers import ReadFailure, read_inputs
from annales.records import json_line

OK = "Police arrested ten people in Paris on Monday."


def _items(paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def _summary(items):
    """(id, error code or None) of each item, in order."""
    return [(i.id, i.error.code if isinstance(i, ReadFailure) else None) for i in items]


def _write_rows(path, lines: list[bytes]):
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


MALFORMED_ROWS = [
    (b"[" * 100_000, "not valid JSON (nested too deeply)"),
    (b'{"id": ' + b"7" * 5000 + b', "text": "x"}', "not valid JSON (a number with too many digits)"),
    (b'{"text": "caf\xe9"}', "not valid UTF-8 (byte 13)"),
    (b'"a string"', "not a JSON object but a string"),
    (b"[1, 2]", "not a JSON object but a list"),
    (b"null", "not a JSON object but null"),
    (b"12", "not a JSON object but a number"),
    (b'{"text": "unterminated', "not valid JSON (JSONDecodeError)"),
]


@pytest.mark.parametrize("raw,detail", MALFORMED_ROWS, ids=[d for _, d in MALFORMED_ROWS])
def test_readers_malformed_row_is_its_own_error_and_keeps_neighbours(tmp_path, raw, detail):
    p = _write_rows(
        tmp_path / "feed.jsonl",
        [json.dumps({"id": "a", "text": OK}).encode(), raw, json.dumps({"id": "b", "text": OK}).encode()],
    )
    items = _items([p])
    assert _summary(items) == [("a", None), (f"{p}:2", "E007"), ("b", None)]
    assert items[1].error.message == (
        f"[E007] Could not read '{p}' line 2: {detail}. Each JSON Lines row must be an object with 'text' or 'html'."
    )


def test_readers_stdin_malformed_rows_keep_neighbours():
    lines = (
        [json.dumps({"id": "a", "text": OK}).encode()]
        + [raw for raw, _ in MALFORMED_ROWS]
        + [json.dumps({"id": "b", "text": OK}).encode()]
    )
    items = list(read_inputs(["-"], stdin=io.BytesIO(b"\n".join(lines))))
    assert _summary(items) == ([("a", None)] + [(f"<stdin>:{n}", "E007") for n in range(2, 10)] + [("b", None)])


@pytest.mark.parametrize("field", ["id", "title", "url", "source", "date", "text", "html"])
@pytest.mark.parametrize(
    "value,kind", [([1], "a list"), ({"a": 1}, "an object"), (True, "a boolean"), (1.5, "a fractional number")]
)
def test_readers_field_of_wrong_type_is_an_error_row(tmp_path, field, value, kind):
    row = {"id": "x", "text": OK, field: value}
    p = _write_rows(tmp_path / "f.jsonl", [json.dumps(row).encode(), json.dumps({"id": "next", "text": OK}).encode()])
    items = _items([p])
    assert isinstance(items[0], ReadFailure)
    assert items[0].error.message == (
        f"[E041] Could not read '{p}' line 1: '{field}' is {kind}, not a string. Give '{field}' as a JSON string "
        "(or leave it out); the other rows are read as usual."
    )
    assert items[1].id == "next"


def test_readers_whole_numbers_are_written_as_strings(tmp_path):
    p = _write_rows(tmp_path / "f.jsonl", [json.dumps({"id": 7, "title": 2020, "source": 5, "text": OK}).encode()])
    [art] = _items([p])
    assert (art.id, art.title, art.source) == ("7", "2020", "5")


def test_readers_nul_and_lone_surrogates_are_replaced_with_a_warning(tmp_path):
    row = '{"id": "x\\ud800", "title": "t\\u0000", "url": "u\\udfff", "source": "s\\u0000", "text": "TEXT\\u0000"}'.replace(
        "TEXT", OK
    )
    p = _write_rows(tmp_path / "f.jsonl", [row.encode()])
    [art] = _items([p])
    assert (art.id, art.title, art.url, art.source, art.text) == (
        "x\ufffd",
        "t\ufffd",
        "u\ufffd",
        "s\ufffd",
        OK + "\ufffd",
    )
    assert art.warnings == [
        {
            "code": "W004",
            "message": f"[W004] '{p}:1': 5 character(s) no store can hold "
            "(NUL or lone surrogates) in id, text, title, url, source "
            "replaced by U+FFFD.",
        }
    ]
    assert json_line(art.to_dict(with_text=True)).encode("utf-8")  # the output can be written


def test_readers_nul_after_the_first_bytes_of_a_text_file_is_replaced(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(OK.encode() + b" " * 9000 + b"\x00 more.")
    [art] = _items([p])
    assert art.text.endswith("\ufffd more.") and art.warnings[0]["code"] == "W004"


def test_readers_file_name_with_undecodable_bytes_is_reported_readably(tmp_path):
    import os

    raw_dir = os.fsencode(tmp_path)
    with open(raw_dir + b"/bad\xff.txt", "wb") as fh:
        fh.write(OK.encode())
    [art] = _items([tmp_path])
    assert art.path == f"{tmp_path}/bad\ufffd.txt"
    assert art.text == OK


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2020-12-17", "2020-12-17"),
        (" 2020-12-17 ", "2020-12-17"),
        ("2020-12-17T09:30:00Z", "2020-12-17"),
        ("2020-12-17 09:30", "2020-12-17"),
        ("2020-12-17T23:59:59.123456+05:30", "2020-12-17"),
        ("2020-12-17garbage", None),
        ("2020-12-17T", None),
        ("2020-02-30", None),
        ("20201217x", None),
        ("2020-12-17T09:30:00Z trailing", None),
    ],
)
def test_readers_dates_are_whole_iso_dates_or_date_times(tmp_path, value, expected):
    p = _write_rows(tmp_path / "f.jsonl", [json.dumps({"id": "x", "text": OK, "date": value}).encode()])
    [item] = _items([p])
    if expected:
        assert item.date == expected
    else:
        assert item.error.message.startswith(
            f"[E035] Invalid date '{value.strip()}' for the 'date' of line 1 of "
            f"{p}: not a date annales reads. Use 2024-05-01, "
        )


@pytest.mark.parametrize(
    "text", ["\u200b\u200c\u200d", " \u2060\ufeff\u00ad\n", "\u3164\u2800", "\u0301\u0302", "\x01\x02\t"]
)
def test_readers_text_of_only_invisible_characters_is_not_coded(tmp_path, text):
    p = _write_rows(tmp_path / "f.jsonl", [json.dumps({"id": "x", "text": text}).encode()])
    [item] = _items([p])
    assert item.error.message == (
        f"[E042] Could not code '{p}:1': its text has no visible characters (only "
        "whitespace, zero-width, control or combining characters). Remove it from the "
        "input or give it some text."
    )


def test_readers_text_with_one_visible_letter_among_invisible_ones_is_read(tmp_path):
    p = _write_rows(tmp_path / "f.jsonl", [json.dumps({"id": "x", "text": "\u200b\u00e9\u200b"}).encode()])
    assert isinstance(_items([p])[0], Article)


def test_readers_folder_reports_files_without_suffix_and_dangling_links(tmp_path):
    (tmp_path / "a.txt").write_text(OK)
    (tmp_path / "NOTES").write_text(OK)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path)  # a link back up is not followed
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # not an article: passed over
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "HEAD").write_text("ref")
    items = _items([tmp_path])
    assert [(i.path, i.error.code if isinstance(i, ReadFailure) else None) for i in items] == [
        (f"{tmp_path}/NOTES", "E043"),
        (f"{tmp_path}/a.txt", None),
        (f"{tmp_path}/gone.txt", "E044"),
    ]
    assert items[0].error.message == (
        f"[E043] Could not read '{tmp_path}/NOTES': it has no suffix, so annales cannot tell text from HTML or "
        "JSON Lines. Rename it with .txt, .html or .jsonl, or pass it by name to read it as text."
    )
    assert items[2].error.message == (
        f"[E044] Could not read '{tmp_path}/gone.txt': it is a symbolic link to "
        f"'{tmp_path}/nowhere.txt', which does not exist. Fix or remove the link."
    )
    [named] = _items([tmp_path / "NOTES"])  # by name, it is read as text
    assert named.text == OK


def test_readers_count_inputs_counts_reported_entries(tmp_path):
    from annales.readers import count_inputs

    (tmp_path / "a.txt").write_text(OK)
    (tmp_path / "NOTES").write_text(OK)
    (tmp_path / "b.jsonl").write_bytes(b'{"text": "a"}\n' + b"x" * 300_000 + b"\n  \n{}")
    assert count_inputs([str(tmp_path)]) == 5


def test_readers_ray_shards_leave_folders_with_reported_entries_to_the_driver(tmp_path):
    pytest.importorskip("pyarrow")
    from annales.ray_engine import shard_files

    (tmp_path / "a.txt").write_text(OK)
    assert shard_files([str(tmp_path)]) == [str(tmp_path / "a.txt")]
    (tmp_path / "NOTES").write_text(OK)
    assert shard_files([str(tmp_path)]) is None


def _peak_bytes(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_readers_gzip_bomb_is_refused_within_the_limit(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        for _ in range(64):
            fh.write(b"A" * (1 << 20))  # 64 MB of text in about 64 KB
    items, peak = _peak_bytes(lambda: _items([bomb, tmp_path / "missing.txt"], max_chars=10_000))
    assert _summary(items)[0][1] == "E040" and _summary(items)[1][1] == "E001"
    assert items[0].error.message == (
        f"[E040] Could not read '{bomb}': the input, uncompressed, is over 160,000 bytes, more than an article of "
        "--max-chars 10,000 characters can take. Split it, or raise the limit with --max-chars."
    )
    assert peak < 4 * 1024 * 1024


def test_readers_gzip_bomb_in_json_lines_costs_only_its_row(tmp_path):
    bomb = tmp_path / "feed.jsonl.gz"
    with gzip.open(bomb, "wb") as fh:
        fh.write(json.dumps({"id": "a", "text": OK}).encode() + b"\n")
        fh.write(b'{"text": "' + b"A" * (32 << 20) + b'"}\n')
        fh.write(json.dumps({"id": "b", "text": OK}).encode() + b"\n")
    items, peak = _peak_bytes(lambda: _items([bomb], max_chars=10_000))
    assert _summary(items) == [("a", None), (f"{bomb}:2", "E040"), ("b", None)]
    assert "the row is over 240,000 bytes" in items[1].error.message
    assert peak < 4 * 1024 * 1024


def test_readers_truncated_gzip_keeps_the_rows_before_the_break(tmp_path):
    data = gzip.compress(b"".join(json.dumps({"id": f"r{i}", "text": OK}).encode() + b"\n" for i in range(200)))
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    items = _items([p])
    assert all(isinstance(i, Article) for i in items[:-1]) and len(items) > 2
    assert items[-1].error.code == "E008" and "the stream broke after line" in items[-1].error.message


def test_readers_zip_members_are_bounded_and_reported(tmp_path):
    z = tmp_path / "feed.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", OK)
        zf.writestr("b.txt", b"B" * (8 << 20))  # expands past the limit
        zf.writestr("c/NOTES", OK)
        zf.writestr("d/inner.zip", b"PK")
        zf.writestr("../e.txt", OK)  # never written to disk: its name cannot escape
    items, peak = _peak_bytes(lambda: _items([z], max_chars=10_000))
    assert [(i.path, i.error.code if isinstance(i, ReadFailure) else None) for i in items] == [
        (f"{z}!../e.txt", None),
        (f"{z}!a.txt", None),
        (f"{z}!b.txt", "E040"),
        (f"{z}!c/NOTES", "E043"),
        (f"{z}!d/inner.zip", "E045"),
    ]
    assert peak < 4 * 1024 * 1024


def test_readers_text_file_over_the_limit_is_not_read_whole(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(64 << 20)  # sparse: 64 MB of NULs that cost no disk
    items, peak = _peak_bytes(lambda: _items([big], max_chars=10_000))
    assert items[0].error.code == "E040"
    assert peak < 4 * 1024 * 1024


class _Endless(io.RawIOBase):
    """A pipe that never ends."""

    def readable(self):
        return True

    def readinto(self, buffer):
        buffer[:] = b"a" * len(buffer)
        return len(buffer)


def test_readers_endless_stdin_is_cut_off_at_the_limit():
    items, peak = _peak_bytes(lambda: list(read_inputs(["-"], stdin=io.BufferedReader(_Endless()), max_chars=10_000)))
    assert _summary(items) == [(items[0].id, "E040")]
    assert "'<stdin>': the input is over 160,000 bytes" in items[0].error.message
    assert peak < 4 * 1024 * 1024


def test_readers_stdin_json_lines_row_over_the_limit_costs_only_itself():
    data = (
        json.dumps({"id": "a", "text": OK})
        + "\n"
        + '{"text": "'
        + "x" * 500_000
        + '"}\n'
        + json.dumps({"id": "b", "text": OK})
        + "\n"
    ).encode()
    items = list(read_inputs(["-"], stdin=io.BytesIO(data), max_chars=10_000))
    assert _summary(items) == [("a", None), ("<stdin>:2", "E040"), ("b", None)]


def test_readers_unreadable_file_is_an_error_row(tmp_path, monkeypatch):
    import builtins
    import os

    from annales import readers

    p = tmp_path / "locked.txt"
    p.write_text(OK)
    p.chmod(0)
    if os.geteuid() == 0:  # root reads every file whatever its mode (as in CI): the system's refusal is simulated

        def refusing_open(path, *args, **kwargs):
            if os.fspath(path) == os.fspath(p):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return builtins.open(path, *args, **kwargs)

        monkeypatch.setattr(readers, "open", refusing_open, raising=False)
    [item] = _items([p])
    assert (
        item.error.message
        == f"[E046] Could not open '{p}': Permission denied. Check that it exists and is readable by this user."
    )


@pytest.mark.parametrize("name", ["a" * 300 + ".txt", "b" * 300])
def test_readers_path_the_system_refuses_is_an_error_row(tmp_path, name):
    p = tmp_path / name
    items = _items([p, tmp_path / "next.txt"])
    assert items[0].error.message == (
        f"[E046] Could not open '{p}': File name too long. Check that it exists and is readable by this user."
    )
    assert items[1].error.code == "E001"


@pytest.mark.parametrize(
    "html",
    ["<html><body>" + "<div>" * 100_000 + "</body></html>", "<html><body><p>" + "\x00" * 50 + "</p></body></html>"],
)
def test_readers_hostile_html_is_one_error_row(tmp_path, html):
    p = _write_rows(
        tmp_path / "f.jsonl",
        [json.dumps({"id": "h", "html": html}).encode(), json.dumps({"id": "b", "text": OK}).encode()],
    )
    items = _items([p])
    assert isinstance(items[0], ReadFailure) and items[0].error.code in ("E004", "E047")
    assert items[1].id == "b"


def test_json_line_escapes_unicode_line_separators():
    line = json_line({"text": "one\u2028two\u2029three\u0085four é"})
    assert line == '{"text": "one\\u2028two\\u2029three\\u0085four é"}'
    assert json.loads(line) == {"text": "one\u2028two\u2029three\u0085four é"}
    assert len(line.splitlines()) == 1


def test_readers_unexpected_failure_on_one_file_is_its_error_row(tmp_path, monkeypatch):
    import annales.readers as readers

    real = readers.decode_bytes

    def flaky(data, path):
        if path.endswith("a.txt"):
            raise RuntimeError("boom")
        return real(data, path)

    monkeypatch.setattr(readers, "decode_bytes", flaky)
    (tmp_path / "a.txt").write_text(OK)
    (tmp_path / "b.txt").write_text(OK)
    items = _items([tmp_path])
    assert items[0].error.message == (
        f"[E047] Could not read '{tmp_path}/a.txt': an unexpected RuntimeError. It was "
        "skipped and the batch went on; if the input looks valid, please report this "
        "with it."
    )
    assert items[1].text == OK
