"""A generated corpus of hostile inputs, of the kinds issue 15 found breaking readers and stores: JSON Lines
rows in 20 kinds and files in 20 kinds. Seeded, so a failure can be replayed; sized by the caller (the
fuzz tests use a few thousand inputs, benchmarks/bench_hostile.py ten thousand).

Every input is recorded with the name the readers report it under (`file:line` for a row, the path
for a file, `archive!member` for an archive's member), so a run can be checked for inputs unaccounted for.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# Short texts, so that the few hostile rows that are coded cost little time in the pipeline.
TEXTS = [
    "Police arrested ten protesters in Tbilisi on Monday.",
    "Rebels shelled the town of Gao on Friday.",
    "The minister met the ambassador in Paris.",
    "Troops fired on the crowd in Yangon.",
    "The government imposed a curfew in Khartoum.",
]
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad \t\u3000\u2028\u2029\u180e\u3164\u2800\u0301\x01\x7f"
FIELDS = ("id", "title", "url", "source", "date", "text", "html")
WRONG_VALUES = ([1, 2], {"a": 1}, True, False, 1.5, [], {}, [[["deep"]]])


@dataclass
class HostileCorpus:
    """The corpus' folder and what it holds: every input's reported name, and how many rows are valid."""

    root: Path
    max_chars: int
    inputs: list[str] = field(default_factory=list)  # every input, by the name the readers give it
    kinds: dict[str, int] = field(default_factory=dict)  # how many inputs of each kind

    def add(self, kind: str, name: str) -> None:
        self.inputs.append(name)
        self.kinds[kind] = self.kinds.get(kind, 0) + 1


def _row(rng: random.Random, **fields) -> str:
    row = {"id": f"r{rng.randrange(10**9)}", "text": rng.choice(TEXTS), **fields}
    return json.dumps(row)


def _escaped(value: str) -> str:
    """A JSON string literal that keeps lone surrogates and NULs as \\u escapes."""
    return (
        '"'
        + "".join(
            f"\\u{ord(c):04x}" if ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF else c
            for c in value.replace("\\", "\\\\").replace('"', '\\"')
        )
        + '"'
    )


def _row_kinds(rng: random.Random, max_chars: int) -> dict:
    """Each kind of hostile row: a function of the random source giving one line's bytes (no newline)."""

    def field_with(value_literal: str) -> bytes:
        name = rng.choice(("id", "title", "url", "source", "text"))
        text = rng.choice(TEXTS)
        base = {"id": f"r{rng.randrange(10**9)}", "text": text}
        base.pop(name, None)
        body = json.dumps(base)[1:-1]
        extra = f'"{name}": {value_literal}' if name != "text" else f'"text": {value_literal[:-1]} {text}"'
        return ("{" + body + ", " + extra + "}").encode("utf-8", "surrogatepass")

    return {
        "deep nesting": lambda: rng.choice(("[", '{"a":')).encode() * rng.randrange(1_000, 40_000),
        "huge integer": lambda: (
            b'{"id": ' + str(rng.randrange(1, 9)).encode() * rng.randrange(4_301, 30_000) + b', "text": "x"}'
        ),
        "invalid utf-8": lambda: (
            b'{"text": "' + bytes(rng.randrange(128, 256) for _ in range(rng.randrange(1, 40))) + b'"}'
        ),
        "not an object": lambda: json.dumps(
            rng.choice(["text", 12, None, [1, 2], 1.5e300, True, [{"text": "x"}]])
        ).encode(),
        "wrong field type": lambda: json.dumps(
            {"id": "w", "text": TEXTS[0], rng.choice(FIELDS): rng.choice(WRONG_VALUES)}
        ).encode(),
        "lone surrogate": lambda: field_with(_escaped("x" + chr(rng.randrange(0xD800, 0xE000)) + "y")),
        "nul byte": lambda: field_with(_escaped("x\x00y")),
        "invisible text": lambda: json.dumps(
            {"text": "".join(rng.choice(INVISIBLE) for _ in range(rng.randrange(1, 200)))}
        ).encode(),
        "bad date": lambda: _row(
            rng,
            date=rng.choice(
                ["2020-12-17garbage", "2020-02-30", "17/12/2020x", "2020-13-01", "yesterday", "2020-12-17T99"]
            ),
        ).encode(),
        "truncated json": lambda: _row(rng)[: rng.randrange(1, 30)].encode(),
        "random bytes": lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))).replace(b"\n", b" "),
        "over-long row": lambda: json.dumps({"text": "y" * (24 * max_chars + rng.randrange(1, 1000))}).encode(),
        "over-long text": lambda: json.dumps({"text": "word " * (max_chars // 5 + 10)}).encode(),
        "empty text": lambda: json.dumps({"id": "e", "text": rng.choice(["", " ", "\n\n", "\t"])}).encode(),
        "no text": lambda: json.dumps({"id": "n", "title": "only a title"}).encode(),
        "hostile html": lambda: json.dumps(
            {
                "html": rng.choice(
                    [
                        "<html><body>" + "<div>" * rng.randrange(100, 5000) + "</body></html>",
                        "<html><body><script>alert(1)</script></body></html>",
                        "<p>" + "\x00" * 20 + "</p>",
                    ]
                )
            }
        ).encode(),
        "line separators": lambda: json.dumps(
            {"id": "ls", "title": "a\u2028b", "text": TEXTS[1] + "\u2029"}, ensure_ascii=False
        ).encode(),
        "control characters": lambda: json.dumps(
            {"text": "".join(chr(rng.randrange(1, 32)) for _ in range(50))}
        ).encode(),
        "byte order mark": lambda: "\ufeff".encode() + _row(rng).encode(),
        "whole number id": lambda: json.dumps({"id": rng.randrange(10**12), "text": rng.choice(TEXTS)}).encode(),
    }


# How often each row kind comes, per 100 rows: the kinds that are coded come rarely (the pipeline is the cost).
ROW_WEIGHTS = {
    "deep nesting": 4,
    "huge integer": 4,
    "invalid utf-8": 8,
    "not an object": 8,
    "wrong field type": 12,
    "lone surrogate": 2,
    "nul byte": 2,
    "invisible text": 8,
    "bad date": 8,
    "truncated json": 8,
    "random bytes": 8,
    "over-long row": 1,
    "over-long text": 2,
    "empty text": 4,
    "no text": 4,
    "hostile html": 1,
    "line separators": 1,
    "control characters": 4,
    "byte order mark": 1,
    "whole number id": 1,
}


def write_rows(corpus: HostileCorpus, rng: random.Random, n_rows: int, files: int = 4) -> None:
    """`n_rows` hostile rows over `files` JSON Lines files (one of them gzipped), with blank lines between."""
    kinds = _row_kinds(rng, corpus.max_chars)
    names = list(ROW_WEIGHTS)
    weights = [ROW_WEIGHTS[k] for k in names]
    per_file = [n_rows // files + (i < n_rows % files) for i in range(files)]
    for i, count in enumerate(per_file):
        path = corpus.root / ("rows" if i else "gz") / (f"feed{i}.jsonl" + ("" if i else ".gz"))
        path.parent.mkdir(parents=True, exist_ok=True)
        lines: list[bytes] = []
        for _ in range(count):
            if rng.random() < 0.05:
                lines.append(rng.choice((b"", b"   ", b"\t")))
            kind = rng.choices(names, weights)[0]
            lines.append(kinds[kind]())
            corpus.add(kind, f"{path}:{len(lines)}")
        data = b"\n".join(lines) + b"\n"
        path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def write_files(corpus: HostileCorpus, rng: random.Random) -> None:
    """One file of each hostile kind, in a folder; files that are not inputs (a .png) are not recorded."""
    d = corpus.root / "files"
    d.mkdir(parents=True, exist_ok=True)

    def put(kind: str, name: str, data: bytes) -> Path:
        p = d / name
        p.write_bytes(data)
        corpus.add(kind, str(p))
        return p

    put("empty file", "empty.txt", b"")
    put("blank file", "blank.txt", b" \n\t\n")
    put("binary file", "binary.txt", bytes(range(256)) * 8)
    put("late nul", "late-nul.txt", TEXTS[0].encode() + b" " * 9000 + b"\x00")
    put("latin-1 file", "latin1.txt", "Troops entered Bogot\xe1 on Monday.".encode("latin-1"))
    put("no suffix", "README", TEXTS[0].encode())
    put("invisible file", "invisible.txt", "\u200b\u2060\ufeff".encode() * 50)
    put("gzip bomb", "bomb.txt.gz", gzip.compress(b"A" * (32 * corpus.max_chars)))
    put("not gzip", "fake.txt.gz", b"this is not gzip")
    put("deep html", "deep.html", ("<html><body>" + "<div>" * 20_000 + "</body></html>").encode())
    put("html without article", "nav.html", b"<html><body><nav>Home | News</nav></body></html>")
    put("broken parquet", "broken.parquet", b"PAR1" + bytes(rng.randrange(256) for _ in range(200)))
    put("not a zip", "fake.zip", b"PK\x03\x04 not really")
    with open(put("over-long file", "huge.txt", b""), "wb") as fh:
        fh.truncate(32 * corpus.max_chars)  # sparse
    (d / "image.png").write_bytes(b"\x89PNG\r\n")  # not an article: passed over, not an input
    link = d / "dangling.txt"
    link.symlink_to(d / "nowhere.txt")
    corpus.add("dangling link", str(link))
    (d / "loop").symlink_to(d)  # a link back up: not followed, not an input
    with open(os.fsencode(d) + b"/name-\xff.txt", "wb") as fh:  # a file name that is not UTF-8
        fh.write(TEXTS[2].encode())
    corpus.add("undecodable file name", str(d) + "/name-\ufffd.txt")
    cut = gzip.compress(b"".join(_row(rng).encode() + b"\n" for _ in range(50)))
    put("truncated gzip", "cut.jsonl.gz", cut[: len(cut) // 2])
    z = d / "archive.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", TEXTS[3])
        zf.writestr("bomb.txt", b"B" * (32 * corpus.max_chars))
        zf.writestr("inner.zip", b"PK")
        zf.writestr("NOSUFFIX", b"x")
        zf.writestr("../escape.txt", TEXTS[4])
    for member in ("../escape.txt", "NOSUFFIX", "a.txt", "bomb.txt", "inner.zip"):
        corpus.add("zip member", f"{z}!{member}")


def build(root: Path, n_rows: int, max_chars: int = 2_000, seed: int = 15) -> HostileCorpus:
    """A hostile corpus of `n_rows` JSON Lines rows plus the hostile files, under `root`."""
    rng = random.Random(seed)
    corpus = HostileCorpus(root=root, max_chars=max_chars)
    write_rows(corpus, rng, n_rows)
    write_files(corpus, rng)
    return corpus


def unaccounted(corpus: HostileCorpus, names: list[str]) -> list[str]:
    """What does not add up between the corpus and the names of the items a run gave back: an input
    with no item, a row with more than one, an item that is no input. Empty when all is accounted for."""
    recorded = set(corpus.inputs)
    problems = [f"item for no input: {n}" for n in names if n not in recorded and n.rsplit(":", 1)[0] not in recorded]
    seen: dict[str, int] = {}
    for n in names:
        key = n if n in recorded else n.rsplit(":", 1)[0]
        seen[key] = seen.get(key, 0) + 1
    for name in corpus.inputs:
        if name not in seen:
            problems.append(f"input with no item: {name}")
        elif ":" in name.rsplit("/", 1)[-1] and seen[name] != 1:
            problems.append(f"row with {seen[name]} items: {name}")
    return problems
