"""One real event, one record (issue 13, item 7): which two reports the clustering merges and which it keeps
apart, report by report and in a store (SQLite and PostgreSQL alike), and what a store clustered by the former
rule does at its next update."""

from __future__ import annotations

import pytest

from annales.store import Store
from annales.store.cluster_rule import cluster_group, cluster_ids
from annales.store.clusters import recompute_clusters, update_clusters
from tests.older_store import apply_migrations, apply_one_migration

RSF = ("Rapid Support Forces", "SDN", "REB", "organization", "org:SDN:rapid-support-forces")
SLM = ("Sudan Liberation Movement", "SDN", "REB", "organization", "org:SDN:sudan-liberation-movement")
REBELS = ("Rebels in Sudan", "SDN", "REB", "group", "agent:SDN:REB")
CHAD_REBELS = ("Rebels in Chad", "TCD", "REB", "group", "agent:TCD:REB")
ARMY = ("Armed forces of Sudan", "SDN", "MIL", "group", "agent:SDN:MIL")
POLICE = ("Police of Sudan", "SDN", "COP", "group", "agent:SDN:COP")
GUNMEN = ("gunmen", None, "UAF", "group", "agent:-:UAF:gunmen")
BANDITS = ("Bandits in Sudan", "SDN", "CRM", "group", "agent:SDN:CRM")
UNPLACED_ORG = ("Sovereignty Watch", None, None, "organization", "org:-:-:sovereignty-watch")
AL_QAEDA = ("al-Qaeda", "IMG", "REB", "organization", "org:IMG:al-qaeda")
CIVILIANS = ("Civilians in Sudan", "SDN", "CVL", "group", "agent:SDN:CVL")

OMDURMAN = {"name": "Omdurman", "country": "SDN", "admin1": "29", "geo_precision": "city", "geonames_id": 365137}
EL_FASHER = {"name": "El Fasher", "country": "SDN", "admin1": "55", "geo_precision": "city", "geonames_id": 379555}
SUDAN = {"name": "Sudan", "country": "SDN", "geo_precision": "country", "geonames_id": 366755}
KHARTOUM_STATE = {"name": "Khartoum", "country": "SDN", "admin1": "29", "geo_precision": "admin1"}
NORTH_DARFUR = {"name": "North Darfur", "country": "SDN", "admin1": "55", "geo_precision": "admin1"}
# names the gazetteer does not know: a spot inside some town, and a village
SOUQ_AVENUE = {"name": "Souq Libya Avenue", "country": "SDN", "geo_precision": "none"}
ABU_SHOUK_CAMP = {"name": "Abu Shouk camp", "country": "SDN", "geo_precision": "none"}
UM_KADDADA = {"name": "Um Kaddada", "country": "SDN", "geo_precision": "none"}

# name: (the first report's changes, the second's, whether they are one event). Both start as the RSF shelling
# civilians in Omdurman on 2 September ('{y}' is the year: each case in the store test has its own).
CASES = {
    "a generic party and a named one of its country and sector": ({}, {"actor": REBELS}, True),
    "a party missing in one report": ({}, {"actor": None}, True),
    "the army and the police of one country (State forces)": ({"actor": ARMY}, {"actor": POLICE}, True),
    "two named parties": ({}, {"actor": SLM}, False),
    "parties of two countries": ({"actor": REBELS}, {"actor": CHAD_REBELS}, False),
    "a named party of unknown country and a generic one": ({"actor": UNPLACED_ORG}, {"actor": REBELS}, False),
    # al-Qaeda (CAMEO's IMG, of no one country) fights in Sudan: another outlet's 'rebels in Sudan'
    "a transnational armed group and the country's rebels": ({"actor": AL_QAEDA}, {"actor": REBELS}, True),
    "a transnational armed group and a named one": ({"actor": AL_QAEDA}, {}, False),
    "a transnational armed group and the country's army": ({"actor": AL_QAEDA}, {"actor": ARMY}, False),
    "the next day": ({}, {"date": "{y}-09-03"}, True),
    "two days apart": ({}, {"date": "{y}-09-04"}, False),
    "a week apart, same place": ({}, {"date": "{y}-09-09"}, False),
    "two towns the same day": ({}, {"place": EL_FASHER}, False),
    "a town and its country": ({}, {"place": SUDAN}, True),
    "a town and its admin1": ({}, {"place": KHARTOUM_STATE}, True),
    "a town and another admin1": ({}, {"place": NORTH_DARFUR}, False),
    "a town and no place": ({}, {"place": None}, True),
    # one outlet names the avenue, the other the city; a village is a town of its own; two spots are two places
    "a town and an unknown avenue": ({}, {"place": SOUQ_AVENUE}, True),
    "a town and an unknown village": ({}, {"place": UM_KADDADA}, False),
    "an unknown avenue and an unknown camp": ({"place": SOUQ_AVENUE}, {"place": ABU_SHOUK_CAMP}, False),
    "a day and its month": ({}, {"date": "{y}-09"}, True),
    "a day just outside a month": ({"date": "{y}-08-31"}, {"date": "{y}-09"}, False),
    "two reports of one month": ({"date": "{y}-09"}, {"date": "{y}-09"}, True),
    "two months": ({"date": "{y}-08"}, {"date": "{y}-09"}, False),
    "two undated reports": ({"date": None}, {"date": None}, False),
    "two reports dated to the year only": ({"date": "{y}"}, {"date": "{y}"}, False),
    "two types": ({}, {"type": "COERCE"}, False),
    # a day the story stood in for (its publication or dateline) is the latest the event can have happened
    "two days later, by the story's day": ({}, {"date": "{y}-09-04", "date_source": "publication"}, True),
    "the dateline's day after": ({}, {"date": "{y}-09-03", "date_source": "dateline"}, True),
    "four days later, by the story's day": ({}, {"date": "{y}-09-06", "date_source": "publication"}, False),
    "the story's day before the event's own": ({}, {"date": "{y}-09-01", "date_source": "publication"}, True),
    "the story's day two days before": ({}, {"date": "{y}-08-31", "date_source": "publication"}, False),
    # 'gunmen' say nothing of who they are: one outlet's gunmen are another's bandits, not another country's
    "gunmen and bandits": ({"actor": BANDITS}, {"actor": GUNMEN}, True),
    "gunmen, but another recipient": ({"actor": SLM}, {"actor": GUNMEN, "recipient": ARMY}, False),
    "one article: two readings of the parties": ({}, {"actor": REBELS, "article": "same"}, False),
    "one article: undated headline and lead read alike": ({"date": None}, {"date": None, "article": "same"}, True),
}


def _report(changes: dict, year: int) -> dict:
    """The RSF shelling of Omdurman, with the case's changes."""
    r = {"type": "ASSAULT", "actor": RSF, "recipient": CIVILIANS, "date": "{y}-09-02", "place": OMDURMAN}
    r.update(changes)
    if r["date"]:
        r["date"] = r["date"].format(y=year)
    return r


def _row(uid: str, r: dict) -> dict:
    """A report as a store's event row (what `cluster_group` reads)."""
    row = {"uid": uid, "type": r["type"], "date": r["date"], "date_source": r.get("date_source", "text")}
    for side in ("actor", "recipient"):
        name, country, sector, kind, key = r[side] or (None,) * 5
        row.update({f"{side}_name": name, f"{side}_country": country, f"{side}_sector": sector})
        row.update({f"{side}_kind": kind, f"{side}_key": key})
    place = r["place"] or {}
    row.update({"place_name": place.get("name"), "place_country": place.get("country")})
    row.update({k: place.get(k2) for k, k2 in (("place_admin1", "admin1"), ("geo_precision", "geo_precision"))})
    row["geonames_id"] = place.get("geonames_id")
    return row


def _merged(first: dict, second: dict, year: int = 2024) -> bool:
    a, b = _report(first, year), _report(second, year)
    uid_b = "h1:E2" if b.pop("article", None) else "h2:E1"
    ids = cluster_ids([_row("h1:E1", a), _row(uid_b, b)])  # both groups, when the types differ
    return ids["h1:E1"] == ids[uid_b]


@pytest.mark.parametrize("case", list(CASES))
def test_cluster_rule_merges_one_event_and_keeps_look_alikes_apart(case):
    first, second, one_event = CASES[case]
    assert _merged(first, second) is one_event


def test_cluster_rule_a_generic_party_joins_a_named_one_told_by_another_outlet():
    assert _merged({}, {"actor": REBELS})
    assert _merged({"actor": REBELS}, {})  # whichever comes first


def test_cluster_rule_two_towns_the_same_day_stay_two_events():
    assert not _merged({}, {"place": EL_FASHER})
    # a third report with no place joins one of them, never both
    rows = [_row("h1:E1", _report({}, 2024)), _row("h2:E1", _report({"place": EL_FASHER}, 2024))]
    rows.append(_row("h3:E1", _report({"place": None}, 2024)))
    assert sorted(len(c) for _, c in cluster_group(rows)) == [1, 2]


def test_cluster_rule_a_week_apart_at_one_place_stays_two_events():
    assert not _merged({}, {"date": "{y}-09-09"})
    assert not _merged({"date": "{y}-09-02"}, {"date": "{y}-09-04"})  # the window is one day
    assert _merged({"date": "{y}-09-02"}, {"date": "{y}-09-03"})


def test_cluster_rule_a_month_only_report_belongs_to_its_month_not_to_every_window():
    assert _merged({"date": "{y}-09-30"}, {"date": "{y}-09"})
    assert not _merged({"date": "{y}-10-01"}, {"date": "{y}-09"})  # the day after the month is outside it
    # a month-only report joins one day's event, and then keeps out a day that event's first report is far from
    rows = [_row(f"h{i}:E1", _report({"date": d}, 2024)) for i, d in enumerate(["{y}-09-02", "{y}-09", "{y}-09-20"])]
    assert sorted(sorted(m["uid"] for m in c) for _, c in cluster_group(rows)) == [["h0:E1", "h1:E1"], ["h2:E1"]]


def _document(article: str, reports: list[dict]) -> dict:
    """A coded article (built by hand, no coder) holding these reports as events, their parties as actors."""
    text = f"The RSF shelled Omdurman ({article})."
    actors, events = {}, []
    for i, r in enumerate(reports):
        parties = {}
        for side in ("actor", "recipient"):
            if r[side] is None:
                parties[side] = None
                continue
            name, country, sector, kind, key = r[side]
            aid = actors.setdefault(key, {"actor_id": f"A{len(actors) + 1}"})["actor_id"]
            actors[key].update(name=name, country=country, sector=sector, kind=kind, actor_key=key, role=None)
            actors[key].update(code=f"{country}{sector}", why="test", mentions=[])
            parties[side] = {"actor_id": aid, "name": name, "country": country, "sector": sector, "actor_key": key}
            parties[side]["code"] = f"{country}{sector}"
        place = dict(r["place"], lat=15.6, lon=32.5, source="text") if r["place"] else None
        events.append(
            {
                "id": f"E{i + 1}",
                "type": r["type"],
                "mode": None,
                "cameo": "195",
                **parties,
                "date": r["date"],
                "date_source": r.get("date_source", "text"),
                "location": place,
                "modality": "asserted",
                "sentence": text,
                "start": 0,
                "end": len(text),
                "trigger": "shelled",
                "trigger_start": 8,
                "trigger_end": 15,
                "confidence": 0.9,
                "why": "test",
            }
        )
    article_row = {"id": article, "title": None, "date": None, "url": None, "source": None, "language": "en"}
    return {
        "article": dict(article_row, text=text),
        "actors": list(actors.values()),
        "events": events,
        **{k: [] for k in ("quantities", "quotes", "timexes", "places", "warnings")},
    }


def _write_cases(store) -> dict[str, list[str]]:
    """Every case as one or two articles of the store, each case in a year of its own; the uids of its two
    reports by case."""
    uids = {}
    for i, (case, (first, second, _)) in enumerate(CASES.items()):
        year = 1900 + 3 * i
        a, b = _report(first, year), _report(second, year)
        if b.pop("article", None):
            store.write_document(f"c{i:02d}a", _document(f"c{i}a", [a, b]))
            uids[case] = [f"c{i:02d}a:E1", f"c{i:02d}a:E2"]
        else:
            store.write_document(f"c{i:02d}a", _document(f"c{i}a", [a]))
            store.write_document(f"c{i:02d}b", _document(f"c{i}b", [b]))
            uids[case] = [f"c{i:02d}a:E1", f"c{i:02d}b:E1"]
    return uids


def test_cluster_rule_in_a_store_on_sqlite_and_postgresql(store_url):
    with Store.open(store_url) as store:
        uids = _write_cases(store)
        update_clusters(store)
        cluster = {r["uid"]: r["cluster_id"] for r in store.query("SELECT uid, cluster_id FROM events")}
        merged = {case: cluster[a] == cluster[b] for case, (a, b) in uids.items()}
        assert merged == {case: one_event for case, (_, _, one_event) in CASES.items()}
        # a cluster names its most specific reading of a party, and the country its reports are grouped by
        first = uids["a generic party and a named one of its country and sector"][0]
        row = store.query("SELECT * FROM clusters WHERE cluster_id = ?", [cluster[first]])[0]
        assert (row["actor_key"], row["recipient_key"], row["country"], row["place"]) == (
            "org:SDN:rapid-support-forces",
            "agent:SDN:CVL",
            "SDN",
            "Omdurman",
        )
        assert row["n_reports"] == 2


def test_cluster_rule_a_store_clustered_by_the_former_rule_is_clustered_again(store_url):
    """Migration 9 gives the clusters their country; the store's next update reclusters it whole (its clusters
    were made by rule 1), and the update after that is incremental again."""
    with Store.open(store_url, migrate=False) as store:
        apply_migrations(store, 8)
        apply_one_migration(store, 10)  # the columns today's writer fills
        store.commit()
        store.write_document("h1", _document("a1", [_report({}, 2024)]))
        store.write_document("h2", _document("a2", [_report({"actor": REBELS}, 2024)]))
        store.begin()  # as rule 1 left them: one cluster per dyad, the window of 3 days recorded
        for uid, key in (("h1:E1", "org:SDN:rapid-support-forces"), ("h2:E1", "SDN|REB")):
            store.execute("UPDATE events SET cluster_id = ? WHERE uid = ?", ("K" + uid, uid))
            store.execute(
                "INSERT INTO clusters (cluster_id, type, actor_key, recipient_key, n_reports) VALUES (?, ?, ?, ?, 1)",
                ("K" + uid, "ASSAULT", key, "SDN|CVL"),
            )
        store.execute("INSERT INTO store_settings (name, value) VALUES ('cluster_window_days', '3')")
        store.commit()
        assert store.migrate() == [9]
        assert "country" in store._columns("clusters")
        assert update_clusters(store, window_days=1) == 1
        assert [r["country"] for r in store.query("SELECT country FROM clusters")] == ["SDN"]
        before = store.query("SELECT uid, cluster_id FROM events ORDER BY uid")
        store.write_document("h3", _document("a3", [_report({"place": None}, 2024)]))
        update_clusters(store)
        after = store.query("SELECT uid, cluster_id FROM events ORDER BY uid")
        assert after[:2] == before and len({r["cluster_id"] for r in after}) == 1
        assert recompute_clusters(store) == 1


def test_cluster_rule_a_report_joins_the_cluster_it_agrees_with_most():
    """Outlet A tells the RSF shelling civilians in Omdurman, and, on its dateline day, the police firing on
    gunmen there; outlet B tells the shelling of civilians without naming who shelled. B's report fits both of A's
    (no actor; gunmen say nothing of their sector) and the police's report comes first in date order (a
    dateline day covers the days before it): it used to join that one. It joins the one that shares its
    recipient."""
    shelling = _row("hA:E1", _report({}, 2024))
    police = _row("hA:E5", _report({"actor": POLICE, "recipient": GUNMEN, "date": "2024-09-03"}, 2024))
    police["date_source"] = "dateline"
    told = _row("hB:E2", _report({"actor": None}, 2024))
    ids = cluster_ids([shelling, police, told])
    assert ids["hB:E2"] == ids["hA:E1"] != ids["hA:E5"]


def test_cluster_rule_a_report_joins_the_report_of_its_own_day_among_equals():
    """Outlet A tells the attack on Omdurman's police on Tuesday, and another attack on police elsewhere dated
    only by its dateline (Wednesday: it covers Monday to Wednesday, so it comes first in date order). Outlet B
    tells Tuesday's attack with no place. B agrees with both on every level it knows; it joins the one told on
    its own day, not the first opened (rule version 6)."""
    tuesday = _row("hA:E1", _report({"actor": REBELS, "recipient": POLICE}, 2024))
    elsewhere = _row(
        "hA:E7", _report({"actor": REBELS, "recipient": POLICE, "date": "2024-09-03", "place": EL_FASHER}, 2024)
    )
    elsewhere["date_source"] = "dateline"
    told = _row("hB:E3", _report({"recipient": POLICE, "place": None}, 2024))
    ids = cluster_ids([tuesday, elsewhere, told])
    assert ids["hB:E3"] == ids["hA:E1"] != ids["hA:E7"]
