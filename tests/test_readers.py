from __future__ import annotations

import io
import json

from annales.readers import ReadFailure, detect_dateline, read_inputs
from tests.conftest import FIXTURES


def _items(paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_readers_plain_text_title_and_dateline(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Army shells rebel town\n\n17 December, 2020\nThe army shelled the town on Monday.\n")
    [art] = _items([p])
    assert art.title == "Army shells rebel town"
    assert art.date == "2020-12-17"


def test_readers_explicit_date_wins_over_dateline(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Headline\n17 December, 2020\nText of the article here.\n")
    [art] = _items([p], date="2021-01-02")
    assert art.date == "2021-01-02"


def test_readers_html_main_text_without_page_chrome():
    [art] = _items([FIXTURES / "page.html"])
    assert "released 30 hostages" in art.text
    for chrome in ("Follow us on", "Subscribe", "min read", "Sport"):
        assert chrome not in art.text
    assert art.title.startswith("Rebels free 30 hostages")
    assert art.date == "2022-05-04"


def test_readers_html_without_byline_date_keeps_no_date(tmp_path):
    html = (
        (FIXTURES / "page.html")
        .read_text()
        .replace('<meta property="article:published_time" content="2022-05-04T09:30:00Z">', "")
    )
    p = tmp_path / "nodate.html"
    p.write_text(html)
    [art] = _items([p])
    assert art.date is None  # not the footer's 2019


def test_readers_jsonl_keeps_ids_and_order(tmp_path):
    p = tmp_path / "batch.jsonl"
    rows = [
        {"id": "b", "text": "Police arrested ten people.", "date": "2020-01-02"},
        {"id": "a", "html": (FIXTURES / "page.html").read_text()},
        "not an object",
        {"id": "c"},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken json\n")
    items = _items([p])
    assert [getattr(i, "id", None) for i in items][:2] == ["b", "a"]
    assert isinstance(items[2], ReadFailure) and items[2].error.code == "E007"
    assert isinstance(items[3], ReadFailure) and "no 'text' or 'html'" in items[3].error.message
    assert isinstance(items[4], ReadFailure) and "line 5" in items[4].error.message


def test_readers_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Second article text.")
    (tmp_path / "a.txt").write_text("First article text.")
    (tmp_path / "sub" / "c.txt").write_text("Third article text.")
    (tmp_path / "ignore.bin").write_bytes(b"\x00\x01")
    items = _items([tmp_path])
    assert [i.text for i in items] == ["First article text.", "Second article text.", "Third article text."]


def test_readers_stdin_text():
    [art] = list(read_inputs(["-"], stdin=io.BytesIO(b"Rebels attacked the base on Friday."), date="2020-05-05"))
    assert art.text.startswith("Rebels attacked") and art.date == "2020-05-05"


def test_readers_bad_inputs_get_coded_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    big = tmp_path / "big.txt"
    big.write_text("The army attacked the town. " * 200_000)
    missing = tmp_path / "missing.txt"
    items = _items([empty, binary, FIXTURES / "no-article.html", big, missing])
    codes = [i.error.code for i in items]
    assert codes == ["E002", "E003", "E004", "E005", "E001"]
    assert "--max-chars" in items[3].error.message
    assert str(empty) in items[0].error.message


def test_readers_non_utf8_text_decoded_with_warning():
    [art] = _items([FIXTURES / "latin1.txt"])
    assert "Bogotá" in art.text
    assert art.warnings and art.warnings[0]["code"] == "W001"


def test_readers_dateline_forms():
    assert detect_dateline("Title\nDecember 17, 2020\nBody") == "2020-12-17"
    assert detect_dateline("Title\n2021-03-04\nBody") == "2021-03-04"
    assert detect_dateline("Title\nThe army said on December 17, 2020 that...") is None


def test_readers_zip_archive_members_in_order(tmp_path):
    import zipfile

    z = tmp_path / "feed.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("b/2.txt", "Second article text.")
        zf.writestr("a/1.txt", "First article text.")
        zf.writestr("c/3.jsonl", '{"id": "x", "text": "Third article text."}\n')
        zf.writestr("d/empty.txt", "")
        zf.writestr("e/image.png", b"\x89PNG")
    items = _items([z])
    assert [getattr(i, "text", None) for i in items[:3]] == [
        "First article text.",
        "Second article text.",
        "Third article text.",
    ]
    assert isinstance(items[3], ReadFailure) and "feed.zip!d/empty.txt" in items[3].error.message


def test_readers_count_inputs_for_progress(tmp_path):
    from annales.readers import count_inputs

    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n\n')
    assert count_inputs([str(tmp_path)]) == 3
