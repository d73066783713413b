"""Convert the ISO 3166 country lists that pycountry packages into annales' compact country files.

Run from the repository root:  python tools/build_iso3166.py   (needs `pip install annales[places-source]`)

pycountry installs 23 MB (every ISO 639, 3166-2, 4217 and 15924 table in dozens of languages); annales reads
only the English names and codes of ISO 3166-1 and the codes of ISO 3166-3, so they are converted once here and
committed under src/annales/data/places/, and a plain install never needs the package:
  - iso3166.tsv: every current country in pycountry's order, with its alpha-2, alpha-3 and numeric codes,
    its name, official name and common name (read by annales/iso3166.py);
  - iso3166_historic.tsv: the withdrawn countries of ISO 3166-3 (Yugoslavia, Serbia and Montenegro, ...),
    whose codes older stories still name.
Source: pycountry (Debian's iso-codes data), LGPL-2.1; the licence is written in each file's header.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "src" / "annales" / "data" / "places"
CURRENT_FIELDS = ("alpha_2", "alpha_3", "numeric", "name", "official_name", "common_name")
HISTORIC_FIELDS = ("alpha_3", "name", "withdrawal_date")


def _write(name: str, what: str, fields: tuple[str, ...], records) -> None:
    from importlib.metadata import version

    rows = [[getattr(r, f, None) or "" for f in fields] for r in records]
    for row in rows:
        if any("\t" in v or "\n" in v for v in row):
            raise SystemExit(f"{name}: a field holds a tab or a line break: {row}")
    PLACES.mkdir(parents=True, exist_ok=True)
    with open(PLACES / name, "w", encoding="utf-8") as f:
        f.write(
            f"# source: {what} via pycountry {version('pycountry')} (Debian iso-codes), licence: LGPL-2.1; "
            "converted by tools/build_iso3166.py\n"
        )
        f.write("# " + "\t".join(fields) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{name}: {len(rows)} rows")


def build_iso3166() -> None:
    try:
        import pycountry
    except ImportError:
        raise SystemExit("tools/build_iso3166.py reads pycountry: pip install 'annales[places-source]'") from None
    # pycountry's order is kept: a reader that keeps the first or the last of two same names sees what it saw
    _write("iso3166.tsv", "ISO 3166-1", CURRENT_FIELDS, list(pycountry.countries))
    _write("iso3166_historic.tsv", "ISO 3166-3", HISTORIC_FIELDS, list(pycountry.historic_countries))


if __name__ == "__main__":
    build_iso3166()
