"""One bad article in a batch is reported and skipped; the rest are coded."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "annales.cli", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=300
    )


def test_batch_bad_inputs_do_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Police arrested 12 protesters in Nairobi on Monday, officials said.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\xff" * 500)
    big = tmp_path / "big.txt"
    big.write_text("x " * 3_000_000)
    r = run_cli(
        "code",
        str(good),
        str(empty),
        str(binary),
        str(FIXTURES / "no-article.html"),
        str(big),
        str(FIXTURES / "french.txt"),
        str(FIXTURES / "latin1.txt"),
        "--date",
        "2024-01-08",
        "--format",
        "jsonl",
    )
    assert r.returncode == 0, r.stderr.decode()
    docs = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert len(docs) == 7
    assert docs[0]["error"] is None and any(e["type"] == "COERCE" for e in docs[0]["events"])
    assert [d["error"]["code"] if d["error"] else None for d in docs] == [
        None,
        "E002",
        "E003",
        "E004",
        "E005",
        "E006",
        None,
    ]
    assert docs[6]["warnings"][0]["code"] == "W001"
    assert all(d["events"] == [] for d in docs[1:6])
    assert "Skipped" in r.stderr.decode()


def test_batch_exits_nonzero_when_nothing_could_be_read(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = run_cli("code", str(empty), "--format", "jsonl")
    assert r.returncode == 1
    assert "E013" in r.stderr.decode() and "E002" in r.stderr.decode()


def test_batch_jsonl_output_keeps_input_order_and_ids(tmp_path):
    p = tmp_path / "in.jsonl"
    rows = [
        {
            "id": f"doc-{i}",
            "text": f"Rebels attacked the army base in Gao on Monday, killing {i + 2} soldiers.",
            "date": "2022-05-04",
        }
        for i in range(6)
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows))
    r = run_cli("code", str(p), "--format", "jsonl", "--workers", "2")
    assert r.returncode == 0, r.stderr.decode()
    docs = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [d["article"]["id"] for d in docs] == [f"doc-{i}" for i in range(6)]
    assert [d["quantities"][0]["value"] for d in docs] == [2, 3, 4, 5, 6, 7]


def test_batch_stdin_and_bad_date_message():
    r = run_cli("code", "-", "--date", "17/12/2020", stdin=b"text")
    assert r.returncode == 2
    assert "--date 2020-12-17" in r.stderr.decode()
    r = run_cli(
        "code",
        "-",
        "--date",
        "2020-12-17",
        "--format",
        "json",
        stdin=b"Rebels attacked an army base near Gao on Monday.",
    )
    [doc] = json.loads(r.stdout)  # --format json is a list, even of one document
    assert doc["input"] == "<stdin>" and doc["article"]["date"] == "2020-12-17"
    assert doc["events"][0]["type"] == "ASSAULT"
