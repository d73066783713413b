"""ISO 3166 codes and names ship as small files under data/places (tools/build_iso3166.py): the lookups answer as
pycountry's did, and the files are what the build script writes from the locked pycountry."""

from __future__ import annotations

import importlib.util

from annales import iso3166
from annales.keys import iso3_codes
from tests.conftest import ROOT, missing_dependency


def test_iso3166_lookup_by_code_or_name_any_case():
    assert iso3166.lookup("Sudan").alpha_3 == "SDN"
    assert iso3166.lookup("sdn").alpha_3 == iso3166.lookup("SD").alpha_3 == iso3166.lookup("729").alpha_3 == "SDN"
    assert iso3166.lookup("Islamic Republic of Iran").alpha_3 == "IRN"  # an official name
    assert iso3166.lookup("iran").alpha_3 == "IRN"  # a common name
    assert iso3166.lookup("Côte d'Ivoire").alpha_3 == "CIV"
    assert iso3166.lookup("Kosovo") is None and iso3166.lookup("") is None and iso3166.lookup(None) is None


def test_iso3166_display_names_and_numeric_codes():
    by3 = iso3166.by_alpha_3()
    assert len(iso3166.countries()) == len(by3) == 249
    assert (by3["RUS"].display_name, by3["AFG"].display_name) == ("Russian Federation", "Afghanistan")
    assert by3["IRN"].display_name == "Iran"
    assert by3["AFG"].numeric == "004"  # the leading zeros ISO writes
    assert iso3166.alpha_2_to_3()["DE"] == "DEU"


def test_iso3166_keys_accept_current_and_withdrawn_codes():
    codes = iso3_codes()
    assert {"SDN", "YUG", "SCG", "SUN"} <= codes and "XKX" not in codes
    assert iso3166.historic_alpha_3() <= codes


def test_iso3166_files_are_what_the_build_script_writes_from_pycountry(tmp_path, monkeypatch):
    """A pycountry update in the lock file without rerunning tools/build_iso3166.py fails here."""
    if importlib.util.find_spec("pycountry") is None:
        missing_dependency("pycountry is not installed: pip install 'annales[places-source]' (part of annales[dev])")
    spec = importlib.util.spec_from_file_location("build_iso3166", ROOT / "tools" / "build_iso3166.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "PLACES", tmp_path)
    build.build_iso3166()
    shipped = ROOT / "src" / "annales" / "data" / "places"
    for name in ("iso3166.tsv", "iso3166_historic.tsv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), f"rerun tools/build_iso3166.py ({name})"
