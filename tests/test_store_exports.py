"""Exports in their users' own taxonomies (issue 13): each shape against its published column list, ACLED's
types and inter codes (the rules alone: test_store_exports_acled.py), GDELT's real dates and published
Goldstein values, happened-only ACLED and GDELT, per-event fatalities, and CSV cells a spreadsheet never runs
as formulas (issue 15)."""

from __future__ import annotations

import csv
from datetime import datetime

import pandas as pd
import pytest
from typer.testing import CliRunner

from annales.cli import app
from annales.store import Store
from annales.store.clusters import recompute_clusters
from annales.store.export import SHAPES, csv_safe, export
from tests.test_store_exports_acled import ACLED_TAXONOMY

# The published column lists, in their published order, written out here from each project's own codebook
# (not imported from the code under test).
ACLED_COLUMNS = [  # ACLED Codebook (2023)
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS = (  # GDELT Event Codebook V2.0: 61 fields
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + [
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    ]
    + [f"Actor1Geo_{c}" for c in _GEO]
    + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
POLECAT_COLUMNS = [  # POLECAT weekly files, Harvard Dataverse doi:10.7910/DVN/AJGVIT
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
]
PUBLISHED = {"acled": ACLED_COLUMNS, "gdelt": GDELT_COLUMNS, "polecat": POLECAT_COLUMNS}

A1 = (
    "Rebels attacked an army base in Gao on Monday. The army denied that its aircraft had attacked Kidal. "
    "Separately, gunmen killed three civilians in Mopti on Tuesday, and 2,000 people were displaced. "
    "Police shot dead 12 protesters in Bamako."
)
A2 = '=HYPERLINK("http://evil.example","x") police arrested 40 protesters in Nairobi in March.'


def _party(name, country, sector):
    return {
        "actor_id": name,
        "name": name,
        "country": country,
        "sector": sector,
        "code": f"{country or '---'}{sector or ''}",
    }


def _event(i, typ, mode, cameo, actor, recipient, date, source, modality, text, sentence, place=None):
    start = text.index(sentence)
    return {
        "id": f"E{i}",
        "type": typ,
        "mode": mode,
        "cameo": cameo,
        "actor": actor,
        "recipient": recipient,
        "date": date,
        "date_source": source,
        "location": place,
        "modality": modality,
        "sentence": sentence,
        "start": start,
        "end": start + len(sentence),
        "trigger": sentence.split()[1],
        "trigger_start": start,
        "trigger_end": start + 3,
        "confidence": 0.9,
        "why": "test",
    }


def _quantity(text, phrase, value, unit, event=None):
    start = text.index(phrase)
    return {
        "subject": None,
        "value": value,
        "unit": unit,
        "date": None,
        "modality": "asserted",
        "text": phrase,
        "start": start,
        "end": start + len(phrase),
        "event": event,
    }


def _doc(art_id, text, date, events, quantities=()):
    return {
        "article": {
            "id": art_id,
            "title": None,
            "date": date,
            "url": f"https://news.example/{art_id}",
            "source": "News Example",
            "language": "en",
            "text": text,
        },
        "actors": [],
        "events": events,
        "quantities": list(quantities),
        "quotes": [],
        "timexes": [],
        "places": [],
        "warnings": [],
    }


REB, MIL = _party("Rebels in Mali", "MLI", "REB"), _party("Armed forces of Mali", "MLI", "MIL")
CVL, UAF = _party("Civilians in Mali", "MLI", "CVL"), _party("gunmen", "MLI", "UAF")
COP = _party("Police of Mali", "MLI", "COP")
GAO = {"name": "Gao", "country": "MLI", "lat": 16.2717, "lon": -0.0447}
MOPTI = {"name": "Mopti", "country": "MLI", "lat": 14.4843, "lon": -4.183}
KENYA_COP, KENYA_CVL = _party("Police of Kenya", "KEN", "COP"), _party("Civilians in Kenya", "KEN", "CVL")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """A store written from documents built by hand (no coder), so that each export rule is tested on known
    events: an asserted clash, a denied air strike, an attack on civilians with its own death toll and a
    displaced count in the same sentence, lethal force against protesters, and a month-dated arrest whose
    sentence starts with a spreadsheet formula."""
    path = str(tmp_path_factory.mktemp("exports") / "events.db")
    s = [x + "." if not x.endswith(".") else x for x in A1.split(". ")]
    d1 = _doc(
        "a1",
        A1,
        "2024-05-17",
        [
            _event(1, "ASSAULT", None, "190", REB, MIL, "2024-05-13", "text", "asserted", A1, s[0], GAO),
            _event(2, "ASSAULT", "aerial", "195", MIL, CVL, "2024-05-12", "text", "denied", A1, s[1]),
            _event(3, "ASSAULT", None, "190", UAF, CVL, "2024-05-14", "text", "asserted", A1, s[2], MOPTI),
            _event(4, "ASSAULT", "firearms", "190", COP, CVL, "2024-05", "publication", "asserted", A1, s[3]),
            _event(5, "REJECT", None, "016", MIL, None, "2024-05", "publication", "asserted", A1, s[1]),
        ],
        [
            _quantity(A1, "three", 3, "killed", "E3"),  # the coder links each count to its event
            _quantity(A1, "2,000", 2000, "displaced"),
            _quantity(A1, "12", 12, "killed", "E4"),
        ],
    )
    d2 = _doc(
        "a2",
        A2,
        "2024-06-03",
        [
            _event(1, "COERCE", "arrest", "173", KENYA_COP, KENYA_CVL, "2024-03", "text", "asserted", A2, A2),
            _event(2, "ASSAULT", None, "190", REB, None, "2024-06", "text", "planned", A2, A2),
        ],
    )
    with Store.open(path) as store:
        store.write_document("h1", d1)
        store.write_document("h2", d2)
        recompute_clusters(store)
    return path


def _export(store_path, tmp_path, shape, fmt="csv", **kw) -> pd.DataFrame:
    out = tmp_path / f"{shape}.{fmt}"
    with Store.open(store_path) as store:
        export(store, out, fmt=fmt, shape=shape, **kw)
    if fmt == "parquet":
        return pd.read_parquet(out)
    return pd.read_csv(out, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("shape", ["acled", "gdelt", "polecat"])
def test_store_exports_carry_the_published_columns_in_order_then_annales_own(shape, store_path, tmp_path):
    df = _export(store_path, tmp_path, shape, all_modalities=True)
    published = PUBLISHED[shape]
    assert list(df.columns[: len(published)]) == published
    assert "modality" in df.columns[len(published) :]
    book = (tmp_path / f"{shape}.codebook.md").read_text()
    for col in df.columns[len(published) :]:
        assert f"| {col} | annales:" in book, col


def test_store_exports_annales_shape_carries_modality_and_date_precision(store_path, tmp_path):
    df = _export(store_path, tmp_path, "annales")
    assert sorted(df["modality"]) == ["asserted"] * 5 + ["denied", "planned"]  # every event, with its modality
    assert dict(zip(df["uid"], df["date_precision"], strict=True))["h2:E1"] == "month"


def test_store_exports_acled_holds_asserted_events_only_unless_all_modalities(store_path, tmp_path):
    df = _export(store_path, tmp_path, "acled")
    assert set(df["modality"]) == {"asserted"}
    assert "h1:E2" not in set(df["annales_uid"])  # "denied that its aircraft had attacked" is not a Battle
    assert "Left out: " in (tmp_path / "acled.codebook.md").read_text()
    every = _export(store_path, tmp_path, "acled", all_modalities=True)
    assert {"denied", "planned"} <= set(every["modality"])


def test_store_exports_acled_rows_in_acleds_taxonomy(store_path, tmp_path):
    df = _export(store_path, tmp_path, "acled").set_index("annales_uid")
    for etype, sub in zip(df["event_type"], df["sub_event_type"], strict=True):
        assert sub in ACLED_TAXONOMY[etype]
    clash, attack, force, arrest = (df.loc[u] for u in ("h1:E1", "h1:E3", "h1:E4", "h2:E1"))
    assert (clash["event_type"], clash["sub_event_type"], clash["inter1"], clash["inter2"], clash["interaction"]) == (
        "Battles",
        "Armed clash",
        "2",
        "1",
        "12",
    )
    assert (clash["time_precision"], clash["geo_precision"], clash["location"], clash["iso"], clash["region"]) == (
        "1",
        "1",
        "Gao",
        "466",
        "Western Africa",
    )
    assert (attack["event_type"], attack["sub_event_type"], attack["interaction"], attack["civilian_targeting"]) == (
        "Violence against civilians",
        "Attack",
        "37",
        "Civilian targeting",
    )
    assert (force["sub_event_type"], force["inter2"], force["time_precision"], force["event_date"]) == (
        "Excessive force against protesters",
        "6",
        "2",
        "2024-05-17",
    )  # dated by the story: its day, precision 2
    assert (arrest["sub_event_type"], arrest["event_date"], arrest["time_precision"]) == ("Arrests", "2024-03-15", "3")
    assert "h1:E5" not in df.index  # REJECT has no ACLED counterpart: left out, not "Strategic developments/Other"


def test_store_exports_acled_fatalities_are_each_events_own(store_path, tmp_path):
    df = _export(store_path, tmp_path, "acled").set_index("annales_uid")
    killed = df["fatalities"].astype(int)
    assert killed.to_dict() == {"h1:E1": 0, "h1:E3": 3, "h1:E4": 12, "h2:E1": 0}  # 2,000 displaced are not dead
    assert killed.sum() == 15


def test_store_exports_gdelt_sqldate_is_always_a_real_day(store_path, tmp_path):
    df = _export(store_path, tmp_path, "gdelt", all_modalities=True).set_index("annales_uid")
    for value in df["SQLDATE"]:
        assert datetime.strptime(value, "%Y%m%d")  # never 20240500
    assert df.loc["h1:E1", "SQLDATE"] == "20240513" and df.loc["h1:E1", "date_source"] == "text"
    assert df.loc["h1:E5", "SQLDATE"] == "20240517" and df.loc["h1:E5", "date_source"] == "publication"
    assert "h2:E1" not in df.index  # "in March": a month, never padded to a made-up day
    assert "2 date known only to the month" in (tmp_path / "gdelt.codebook.md").read_text()  # an arrest, a plan


def test_store_exports_gdelt_columns_filled_as_gdelt_defines_them(store_path, tmp_path):
    df = _export(store_path, tmp_path, "gdelt").set_index("annales_uid")
    assert "h1:E2" not in df.index  # denied: GDELT shape is happened-only by default
    row = df.loc["h1:E1"]
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == (
        "190",
        "190",
        "19",
        "4",
        "-10.0",
    )
    assert (row["MonthYear"], row["Year"], row["FractionDate"]) == ("202405", "2024", "2024.3661")
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"], row["Actor2Type1Code"]) == (
        "MLIREB",
        "MLI",
        "REB",
        "MIL",
    )
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_FullName"]) == ("4", "ML", "Gao, Mali")
    assert row["ActionGeo_FeatureID"] == "2457163"  # GeoNames id of Gao
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"], row["IsRootEvent"]) == ("1", "1", "1", "1")
    assert row["DATEADDED"] == "20240517000000" and row["SOURCEURL"] == "https://news.example/a1"
    reject = df.loc["h1:E5"]
    assert (reject["EventCode"], reject["QuadClass"], reject["GoldsteinScale"]) == ("016", "1", "-2.0")


def test_store_exports_polecat_keeps_every_event_with_its_modality(store_path, tmp_path):
    df = _export(store_path, tmp_path, "polecat")
    assert len(df) == 7 and sorted(set(df["modality"])) == ["asserted", "denied", "planned"]
    gao = df[df["Event ID"] == "h1:E1"].iloc[0]
    assert (gao["Event Type"], gao["Quad Code"], gao["Intensity"], gao["Feature Type"], gao["GeoNames ID"]) == (
        "ASSAULT",
        "4",
        "-9.0",
        "city",
        "2457163",
    )


@pytest.mark.parametrize(
    "value, written",
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd", "'-2+3+cmd"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-12.5", "-12.5"),
        ("Rebels attacked", "Rebels attacked"),
        (-3, -3),
        (None, None),
    ],
)
def test_store_csv_safe_escapes_formula_cells(value, written):
    assert csv_safe(value) == written


@pytest.mark.parametrize("shape", ["annales", "polecat", "gdelt", "acled"])
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_store_exports_csv_never_writes_a_formula(shape, fmt, store_path, tmp_path):
    out = tmp_path / f"{shape}.{fmt}"
    with Store.open(store_path) as store:
        export(store, out, fmt=fmt, shape=shape, all_modalities=True)
    with open(out, newline="", encoding="utf-8") as f:
        cells = [c for row in csv.reader(f, delimiter="," if fmt == "csv" else "\t") for c in row]
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert not any(c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit() for c in cells)
    if shape in ("annales", "acled"):  # the shapes that carry the sentence
        assert '\'=HYPERLINK("http://evil.example","x") police arrested 40 protesters in Nairobi in March.' in cells


def test_store_events_cli_csv_escapes_formulas(store_path):
    r = CliRunner().invoke(app, ["events", "--db", store_path, "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert "modality" in rows[0]
    assert [row["sentence"][:12] for row in rows if row["uid"] == "h2:E1"] == ["'=HYPERLINK("]


def test_store_export_cli_all_modalities_flag(store_path, tmp_path):
    runner = CliRunner()
    for flags, expected in (([], {"asserted"}), (["--all-modalities"], {"asserted", "denied", "planned"})):
        out = tmp_path / "acled.csv"
        r = runner.invoke(app, ["export", str(out), "--db", store_path, "--shape", "acled", *flags])
        assert r.exit_code == 0, r.output
        assert set(pd.read_csv(out, dtype=str)["modality"]) == expected


def test_store_exports_every_shape_is_registered():
    assert sorted(SHAPES) == ["acled", "annales", "gdelt", "polecat"]


def test_store_exports_issue_13_denied_attack_is_no_acled_battle(tmp_path):
    """The issue's example, through the real coder: 'denied that its aircraft had attacked' is coded (denied)
    but never exported as an ACLED Battle or a GDELT event."""
    import json

    from annales.store.ingest import ingest

    feed = tmp_path / "in.jsonl"
    feed.write_text(
        json.dumps(
            {
                "id": "d1",
                "date": "2024-05-17",
                "text": (
                    "The Sudanese army denied on Friday that its aircraft had attacked the village of Tawila. "
                    "Rebels attacked an army base in El Fasher on Thursday."
                ),
            }
        )
        + "\n"
    )
    db = str(tmp_path / "e.db")
    ingest([str(feed)], db)
    with Store.open(db) as store:
        denied = [
            e
            for e in store.query("SELECT uid, type, modality, sentence FROM events")
            if "denied" in e["sentence"] and e["type"] == "ASSAULT"
        ]
    assert denied and {e["modality"] for e in denied} == {"denied"}
    for shape, key in (("acled", "annales_uid"), ("gdelt", "annales_uid")):
        df = _export(db, tmp_path, shape)
        assert not set(df[key]) & {e["uid"] for e in denied}, shape
        assert set(df["modality"]) <= {"asserted"}


@pytest.mark.parametrize(
    "shape,uid", [("annales", "uid"), ("polecat", "Event ID"), ("acled", "annales_uid"), ("gdelt", "annales_uid")]
)
def test_store_exports_every_shape_carries_the_stored_date_precision(store_path, tmp_path, shape, uid):
    """Issue 13: each event's date precision, as the store keeps it (migration 5), in every shape."""
    with Store.open(store_path) as store:
        stored = {r["uid"]: r["date_precision"] for r in store.query("SELECT uid, date_precision FROM events")}
    df = _export(store_path, tmp_path, shape, all_modalities=True)
    assert len(df) and "date_precision" in df.columns
    assert {u: p for u, p in zip(df[uid], df["date_precision"], strict=True)} == {u: stored[u] for u in df[uid]}
    if shape in ("acled", "gdelt"):  # shapes that date a row by the story's day say so
        assert set(df["date_source"]) <= {"text", "dateline", "publication"}


def test_store_exports_kosovo_is_kos_in_every_shape(tmp_path):
    """Kosovo, coded by the real coder: KOS in every shape (PLOVER's code; ISO 3166 has none), with the codes
    each shape joins on: COW 347 in POLECAT, FIPS KV in GDELT's geography, ACLED's region Europe; never XKX."""
    import json

    from annales.store.ingest import ingest

    feed = tmp_path / "in.jsonl"
    text = "Kosovo police arrested five Serb protesters in Pristina on Monday."
    feed.write_text(json.dumps({"id": "k1", "date": "2023-05-30", "text": text}) + "\n")
    db = str(tmp_path / "k.db")
    ingest([str(feed)], db)
    acled, gdelt, polecat = (
        _export(db, tmp_path, shape, all_modalities=True) for shape in ("acled", "gdelt", "polecat")
    )
    got = {(r["country"], r["region"], r["event_id_cnty"][:4]) for _, r in acled.iterrows()}
    assert got == {("Kosovo", "Europe", "KOS-")}
    assert set(gdelt["Actor1CountryCode"]) == {"KOS"} and set(gdelt["ActionGeo_CountryCode"]) == {"KV"}
    assert {(r["Actor Country"], r["Actor COW"], r["Country"]) for _, r in polecat.iterrows()} == {
        ("KOS", "347", "KOS")
    }
    for df in (acled, gdelt, polecat):
        assert not df.astype(str).apply(lambda col: col.str.contains("XKX")).any().any()
