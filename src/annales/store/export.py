"""Exports in the shapes analysts load in one line: annales' own, POLECAT, GDELT 2.0 and ACLED, as CSV, TSV,
JSON Lines or Parquet, each with a codebook describing every column (docs/exports.md says more).

CAMEO codes stay text (leading zeros kept), dates are ISO, countries carry ISO3 plus Correlates of
War and Gleditsch-Ward codes where known. Shapes live in store/shapes/, one module each, registered in
SHAPES the way a plugin would add one. Every CSV or TSV cell that a spreadsheet would run as a formula is
escaped (csv_safe).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import AnnalesError
from .query import event_rows
from .reviewed import REVIEW_CODEBOOK, add_review_columns, reviewed_events
from .shapes import SHAPES, Shape
from .shapes.common import country_codes

__all__ = ["FORMATS", "SHAPES", "Shape", "country_codes", "csv_safe", "csv_safe_rows", "export", "write_rows"]

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets (OWASP, "CSV
# Injection"): '=HYPERLINK(...)', '+cmd', '-2+3', '@SUM(...)', and tab or carriage return before any of them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number ('-12.5') is shown as a number by every spreadsheet and runs nothing: left as it is.
SIGNED_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def csv_safe(value):
    """The value as a spreadsheet will show it and never run it: a text starting with a formula character gets
    a leading apostrophe (OWASP's advice); numbers and everything else are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.match(value):
        return "'" + value
    return value


def csv_safe_rows(rows: Iterable[dict]) -> list[dict]:
    """The rows with every cell passed through csv_safe: for every CSV the project writes (exports, `annales
    events --format csv`, the API's CSV)."""
    return [{k: csv_safe(v) for k, v in r.items()} for r in rows]


FORMATS = ("csv", "tsv", "jsonl", "parquet")
CHILD_TABLES = {
    "quantities": "SELECT article_hash, idx, subject, value, unit, date, modality, text, start_char, end_char, cumulative, part, event_id FROM quantities ORDER BY article_hash, idx",
    "quotes": "SELECT article_hash, idx, text, speaker_name, via_name, direct, start_char, end_char FROM quotes ORDER BY article_hash, idx",
}


def write_rows(rows: list[dict], columns: list[str], path: Path, fmt: str, text_columns=()) -> None:
    if fmt in ("csv", "tsv"):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=columns, delimiter="," if fmt == "csv" else "\t", extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: ("" if r.get(k) is None else csv_safe(r.get(k))) for k in columns})
    elif fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps({k: r.get(k) for k in columns}, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        from ..extras import require

        pa = require("pyarrow", "data", "Export to Parquet")
        pq = require("pyarrow.parquet", "data", "Export to Parquet")

        arrays = {}
        for k in columns:
            values = [r.get(k) for r in rows]
            if k in text_columns:
                values = [None if v is None else str(v) for v in values]
                arrays[k] = pa.array(values, type=pa.string())
            else:
                arrays[k] = pa.array(values)
        pq.write_table(pa.table(arrays), path)
    else:
        raise AnnalesError("E017", value=fmt)


def shape_rows(store, sh: Shape, level: str, all_modalities: bool, filters: dict) -> tuple[list[dict], dict]:
    """The shape's rows for the events matching the filters, and how many events it left out, by reason.
    A happened-only shape (ACLED, GDELT) keeps asserted events unless all_modalities."""
    left_out: dict[str, int] = {}
    if sh.happened_only and not all_modalities:
        asked = filters.get("modality")
        if asked and asked.lower() != "asserted":
            left_out[f"modality {asked} (pass --all-modalities)"] = event_rows(
                store, level=level, count_only=True, **filters
            )
            return [], left_out
        n_all = event_rows(store, level=level, count_only=True, **{**filters, "modality": None})
        filters = {**filters, "modality": "asserted"}
    events = event_rows(store, level=level, **filters)
    if sh.happened_only and not all_modalities and n_all > len(events):
        left_out["not asserted (pass --all-modalities to keep them)"] = n_all - len(events)
    # the published shapes say "this happened": an event a reviewer rejected is not one of their rows
    events, rejected = reviewed_events(store, events, keep_rejected=sh.name == "annales")
    if rejected:
        left_out["rejected by a reviewer"] = rejected
    result = sh.rows(store, events)
    dropped: dict[str, int]
    rows, dropped = result if isinstance(result, tuple) else (result, {})
    for reason, n in dropped.items():
        left_out[reason] = left_out.get(reason, 0) + n
    add_review_columns(rows, events)
    if level == "cluster":
        extra = {e["uid"]: e for e in events}
        for r in rows:
            e = extra.get(r.get("uid") or r.get("annales_uid") or "")
            if e is not None:
                r["n_reports"], r["reports"] = e.get("n_reports"), e.get("reports")
    return rows, left_out


def export(
    store,
    out: str | Path,
    *,
    fmt: str = "csv",
    shape: str = "annales",
    level: str = "report",
    all_modalities: bool = False,
    **filters,
) -> list[Path]:
    """Write the events (and, in the annales shape, the child tables) plus a codebook; returns the files.
    The ACLED and GDELT shapes hold asserted (happened) events only unless all_modalities."""
    if fmt not in FORMATS:
        raise AnnalesError("E017", value=fmt)
    if shape not in SHAPES:
        raise AnnalesError("E018", value=shape)
    sh = SHAPES[shape]
    rows, left_out = shape_rows(store, sh, level, all_modalities, filters)
    meanings = {**sh.codebook, **sh.extensions, **REVIEW_CODEBOOK}
    columns = [c for c in sh.columns if c not in ("n_reports", "reports") or level == "cluster"]
    columns += [c for c in REVIEW_CODEBOOK if c not in columns]
    out = Path(out)
    written = [out]
    write_rows(rows, columns, out, fmt, sh.text_columns + tuple(REVIEW_CODEBOOK))
    if shape == "annales":
        for table, sql in CHILD_TABLES.items():
            child = out.with_name(f"{out.stem}.{table}{out.suffix}")
            crow = store.query(sql)
            write_rows(crow, list(crow[0].keys()) if crow else ["article_hash"], child, fmt)
            written.append(child)
    book = out.with_name(f"{out.stem}.codebook.md")
    book.write_text(codebook_text(out, sh, level, fmt, columns, meanings, len(rows), left_out), encoding="utf-8")
    written.append(book)
    return written


def codebook_text(
    out: Path,
    sh: Shape,
    level: str,
    fmt: str,
    columns: list[str],
    meanings: dict,
    n_rows: int,
    left_out: dict[str, int],
) -> str:
    reader = (
        f"pd.read_parquet('{out.name}')"
        if fmt == "parquet"
        else f"pd.read_json('{out.name}', lines=True, dtype=False)"
        if fmt == "jsonl"
        else f"pd.read_csv('{out.name}', dtype=str{', sep=chr(9)' if fmt == 'tsv' else ''})"
    )
    lines = [
        f"# Codebook: {out.name} ({sh.name} shape, {level} level, {fmt})",
        "",
        f"Read it with pandas: {reader}",
        "",
        f"{n_rows} rows."
        + (" Left out: " + "; ".join(f"{n} {why}" for why, n in sorted(left_out.items())) + "." if left_out else ""),
        "",
    ]
    if sh.name != "annales":
        lines += [
            f"The columns up to {list(sh.codebook)[-1]} are the {sh.name.upper()} published columns in their order; "
            "the columns after it are annales' own (marked 'annales:').",
            "",
        ]
    lines += [
        "Reviewed events (the `review` columns): a corrected event's columns hold the reviewer's values, the "
        "coder's are in coder_values; "
        + (
            "a rejected event is kept, marked reject."
            if sh.name == "annales"
            else "a rejected event is left out (counted above)."
        ),
        "",
    ]
    if fmt in ("csv", "tsv"):
        lines += [
            "A text cell starting with =, +, -, @, tab or carriage return is written with a leading ' so that "
            "spreadsheets show it and never run it as a formula.",
            "",
        ]
    lines += ["| column | meaning |", "|---|---|"]
    lines += [f"| {c} | {meanings[c]} |" for c in columns]
    if sh.name == "annales":
        lines += [
            "",
            f"Child tables (joined on article_hash): {out.stem}.quantities{out.suffix} (counts: value, unit, "
            f"date, modality) and {out.stem}.quotes{out.suffix} (quotes with speaker and via).",
        ]
    return "\n".join(lines) + "\n"
