"""When two reports can be one real event, and the clustering of a group of reports by that rule.

Two reports (event rows, of one article or of two) are *compatible*, i.e. can tell one real event, when:

- **type**: they have the same PLOVER type;
- **dates**: both are dated to a day, at most `window` days apart (default 1: outlets date an overnight
  attack, or a toll updated the next morning, a day apart); or one is dated to a month only and the other's
  date is inside that month (two month-only reports: the same month). A day the text does not give (the
  story's dateline or publication day stood in: `date_source`) is the latest the event can have happened:
  such a report covers that day and the `STORY_DAY_LOOKBACK` days before it (a story filed on Friday about
  "Wednesday night's attack" whose weekday was not read). A report dated to a year only, or not
  at all, is compatible only with such reports of its own article read alike and of the same year, if any
  (the headline and the lead of an undated story): nothing tells its event from another outlet's;
- **place**: no level of the two places conflicts: country, admin1, town (its GeoNames id, else its name)
  and site (a landmark) each either the same or known for one report only. A town is compatible with its own
  country or admin1 and with no place at all; two different towns are never one event, however close;
- **actor, and recipient**: no conflict between the two reports' parties on that side: the same country
  where both are known, the same sector where both are known (government, military, police and intelligence
  are one: ACLED's "State forces", data/exports/acled_actors.tsv) and the same canonical id where both are
  named people or organisations. A missing party is compatible with any; a generic one ('Police of Kenya',
  'gunmen') with a named one of its country and sector; 'RSF' and the 'Sudanese army' never. An unidentified
  armed party ('gunmen', 'armed men': sector UAF) says nothing of its sector: one outlet's 'gunmen' are
  another's 'bandits'; a named party of no one country (CAMEO's IMG, IGO ...: al-Qaeda) says nothing of the
  country: one outlet's al-Qaeda is another's 'rebels in Mali';
- **one article**: two reports of one article are one event only when their parties are read alike (the
  same canonical id, or the same country and sector for generic parties): a writer names a party one way
  throughout, so another reading there is another act; the looser party rule above is for two outlets;
- **group**: they are in the same *group*: the same type and the same country of the event (the place's
  country, else the recipient's, else the actor's), so that clustering reads one group at a time.

Place and parties hold *per level*: a level known to both reports must agree. So a set of reports is
pairwise compatible exactly when each level has at most one known value among them; a cluster keeps those
values (its *traits*), with the first and last days of its reports and the reading of each article's
reports, and checks a new report against them in constant time, never against each of its members.

A cluster is a set of pairwise compatible reports. Reports are taken in date order, then uid, and each joins
the compatible cluster that knows the most of its levels alike (a cluster with the same town and recipient
before one that only leaves them open; its own days, where the cluster's day reports span exactly those,
count as one more), the first opened among equals, so the result does not depend on the
order articles were ingested in. Within a group the reports split into *runs*: taken in date
order, a run ends where the next report starts more than the window after every report so far has ended.
No cluster can take a report of a later run, so each run clusters on its own and gives the clusters the
whole group would: clustering is incremental (a new report reclusters its run, never the store).
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..actors.codes import NON_STATE
from ..dates import day_range

DEFAULT_WINDOW_DAYS = 1
# The version of the rule: a store clustered by another version is clustered again whole at its next update.
# 1: same type, actor and recipient, 3-day window; 2: the rule above (issue 13).
RULE_VERSION = "7"
# 3: a day from the story's dateline or publication covers the days before it; 'gunmen' (UAF) of any sector.
# 4: a report joins the compatible cluster it agrees with most, not the first opened one.
# 5: a name the gazetteer does not know that names a spot ('Rustaveli Avenue') is a site, not a town.
# 6: among compatible clusters, one whose day reports all tell the report's own day agrees one level more.
# 7: a named party of no one country (al-Qaeda: IMG) fits a generic party of any country.
STORY_DAY_LOOKBACK = 2
# sectors that name no sector: the party is armed, who they are is not said (PLOVER/CAMEO 'UAF')
UNIDENTIFIED_SECTORS = frozenset({"UAF"})
GENERIC_KINDS = ("group", "country")
# CAMEO's codes for parties of no one country (actors/codes.py NON_STATE): a named one's country level is open
TRANSNATIONAL = frozenset(NON_STATE)
# the columns of an event row the rule reads (the actors' kinds joined from the actors table)
RULE_COLUMNS = [
    "uid",
    "type",
    "actor_country",
    "actor_sector",
    "actor_name",
    "actor_kind",
    "actor_key",
    "recipient_country",
    "recipient_sector",
    "recipient_name",
    "recipient_kind",
    "recipient_key",
    "date",
    "date_source",
    "place_name",
    "place_country",
    "place_admin1",
    "geo_precision",
    "geonames_id",
]
_LAST_DAY = date.max.toordinal() + 1
STORY_DAYS = ("dateline", "publication")  # date sources that are the story's day, not the event's
TOWN = 2  # the place level open clusters are indexed by (see `place_traits`)


@lru_cache(maxsize=1)
def _state_sectors() -> frozenset[str]:
    """The sectors ACLED counts as State forces: one party for clustering ('the army' and 'the police' of one
    country shelling one town on one day are one event told two ways)."""
    from .shapes.common import data_rows

    return frozenset(key for key, cls, _inter, _why in data_rows("acled_actors.tsv", 4) if cls == "state")


@lru_cache(maxsize=1)
def _site_words() -> frozenset[str]:
    from ..lang import english

    return english().site_words


def party_traits(row: dict, side: str) -> tuple:
    """(country, sector, named id) of one side's party, each None where unknown: a generic party ('Government
    of Mali', 'gunmen') has no named id; the state's forces share one sector."""
    country, sector, name = row.get(f"{side}_country"), row.get(f"{side}_sector"), row.get(f"{side}_name")
    if sector in _state_sectors():
        sector = "state"
    elif sector in UNIDENTIFIED_SECTORS:
        sector = None
    if row.get(f"{side}_kind") in GENERIC_KINDS or not name:
        return country, sector, None
    # named people and organisations by their canonical id ('RSF' and 'Rapid Support Forces' are one), else
    # (rows stored before migration 8) by name
    named = row.get(f"{side}_key") or f"{country}|{sector}|{name.lower()}"
    if country in TRANSNATIONAL:  # al-Qaeda fights in Mali: one outlet's al-Qaeda is another's 'rebels in Mali'
        return None, sector or f"?{named}", named
    # a named party whose country or sector the knowledge base does not know is no generic party's: 'Public
    # Defender' is not 'Opposition in Georgia' (its own id stands for the unknown value)
    return country or f"?{named}", sector or f"?{named}", named


def place_traits(row: dict) -> tuple:
    """(country, admin1, town, site) of the event's place, each None where unknown or coarser than the place.
    A landmark is a site in a town not known (compatible with the towns of its admin1). So is a name the
    gazetteer does not know that names a spot ('Rustaveli Avenue', 'Abu Shouk camp': lang/en/place_nouns.yaml
    `site_words`): one outlet names the avenue, the other the city, and which town it lies in cannot be told.
    Another unknown name (a village: 'Kisunga') is a town's; two unknown names are two places (rows stored
    before migration 8, with no precision, are towns by name too)."""
    name = row.get("place_name")
    if not name:
        return None, None, None, None
    country, precision, gid = row.get("place_country"), row.get("geo_precision"), row.get("geonames_id")
    admin1 = f"{country}.{row['place_admin1']}" if row.get("place_admin1") else None
    ident = f"g:{gid}" if gid else "n:" + name.casefold()
    if precision == "country":
        return country, None, None, None
    if precision == "admin1":
        return country, admin1 or ident, None, None
    if precision == "landmark" or (precision == "none" and name.split()[-1].casefold() in _site_words()):
        return country, admin1, None, ident
    return country, admin1, ident, None


def reading(row: dict) -> tuple:
    """How a report reads its two parties, exactly (a named party's canonical id, a generic one's country
    and sector), and a year-only date: what two reports of one article must share to be one event."""
    return (
        _party_key(row, "actor"),
        _party_key(row, "recipient"),
        row.get("date") if len(row.get("date") or "") == 4 else None,
    )


def _party_key(row: dict, side: str) -> str:
    country, sector, name = row.get(f"{side}_country"), row.get(f"{side}_sector"), row.get(f"{side}_name")
    if row.get(f"{side}_kind") in GENERIC_KINDS or not name:
        return f"{country}|{sector}"
    return row.get(f"{side}_key") or f"{country}|{sector}|{name.lower()}"


def traits_fit(a: tuple, b: tuple) -> bool:
    """No level known to both holds two different values."""
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def cluster_key(r: dict) -> tuple[str | None, str | None]:
    """The group an event row's reports are clustered within: its type and the country of the event (the
    place's, else the recipient's, else the actor's)."""
    return r.get("type"), r.get("place_country") or r.get("recipient_country") or r.get("actor_country")


@dataclass
class Report:
    """An event row as the rule reads it."""

    row: dict
    span: tuple[int, int] | None  # first and last day (ordinals) the date can mean; None: no day or month
    day: bool  # dated to a day (the window applies), else to a month
    traits: tuple  # place (4 levels), actor (3), recipient (3): see `place_traits`, `party_traits`
    article: str  # the article it was coded from (its uid's hash)
    reading: tuple  # see `reading`

    @classmethod
    def of(cls, row: dict) -> Report:
        days = day_range(row.get("date"))
        day = days is not None and days[0] == days[1]
        in_month = days is not None and days[0].month == days[1].month  # a day or a month, not a year
        span = (days[0].toordinal(), days[1].toordinal()) if days and in_month else None
        if span and day and row.get("date_source") in STORY_DAYS:  # the latest day it can have happened
            span = (span[0] - STORY_DAY_LOOKBACK, span[1])
        traits = place_traits(row) + party_traits(row, "actor") + party_traits(row, "recipient")
        return cls(row, span, day, traits, row["uid"].rsplit(":", 1)[0], reading(row))

    def order(self) -> tuple:
        return (self.span[0] if self.span else _LAST_DAY, self.row["uid"])


def compatible(a: Report, b: Report, window: int = DEFAULT_WINDOW_DAYS) -> bool:
    """The rule for two reports of one group (see the module's docstring), checked directly."""
    if a.article == b.article and a.reading != b.reading:
        return False
    if a.span is None or b.span is None:
        return a.span is None and b.span is None and a.article == b.article and traits_fit(a.traits, b.traits)
    tolerance = window if a.day and b.day else 0
    gap = max(a.span[0] - b.span[1], b.span[0] - a.span[1])
    return gap <= tolerance and traits_fit(a.traits, b.traits)


@dataclass
class _OpenCluster:
    """A cluster being built, with what its compatibility with one more report depends on: per level, the one
    value its reports know (`traits`); for its day-dated and its month-dated reports apart, the earliest last
    day and the latest first day (a report's date fits every member's iff it fits these); and how each of its
    articles reads the parties (all of one article's reports read them alike)."""

    rank: int  # the order it was opened in: among clusters that fit equally well, the first wins
    traits: tuple
    members: list[dict] = field(default_factory=list)
    days: list[int] = field(default_factory=lambda: [_LAST_DAY, -_LAST_DAY])  # min end, max start of day reports
    months: list[int] = field(default_factory=lambda: [_LAST_DAY, -_LAST_DAY])  # the same of month reports
    readings: dict[str, tuple] = field(default_factory=dict)  # article -> its reports' reading

    def add(self, r: Report) -> None:
        if r.span:
            bounds = self.days if r.day else self.months
            bounds[0], bounds[1] = min(bounds[0], r.span[1]), max(bounds[1], r.span[0])
        self.traits = tuple(x if x is not None else y for x, y in zip(self.traits, r.traits, strict=True))
        self.readings[r.article] = r.reading
        self.members.append(r.row)

    # closed_for and fits are asked of dated reports only: an undated one is never checked against open clusters
    def closed_for(self, r: Report, window: int) -> bool:
        """No report from r on (in date order) can join: r and every later report start too late."""
        first, _last = r.span or (_LAST_DAY, _LAST_DAY)
        return first > min(self.days[0] + window, self.months[0])

    def fits(self, r: Report, window: int) -> bool:
        first, last = r.span or (_LAST_DAY, _LAST_DAY)
        near = window if r.day else 0
        return (
            first - self.days[0] <= near
            and self.days[1] - last <= near
            and first <= self.months[0]
            and self.months[1] <= last
            and self.readings.get(r.article, r.reading) == r.reading
            and traits_fit(self.traits, r.traits)
        )


def _agreement(c: _OpenCluster, r: Report) -> int:
    """How many levels of place and parties a cluster and a report both know, and know alike; one more when
    the cluster's reports dated to a day span exactly the report's own days (their earliest last day and latest
    first day are its own: a lead's Tuesday over the same article's other attack dated by its dateline)."""
    same = sum(1 for x, y in zip(c.traits, r.traits, strict=True) if x is not None and x == y)
    return same + bool(r.day and r.span and c.days == [r.span[1], r.span[0]])


def _first_fit(candidates: list[_OpenCluster] | None, r: Report, window: int) -> _OpenCluster | None:
    """The cluster of `candidates` (ordered by rank) that r fits best: the one that knows the most of its
    levels alike (the same town and recipient over a cluster that only leaves them open), the first opened
    among equals; those closed for good are dropped."""
    if not candidates:
        return None
    found, closed = None, []
    for i, c in enumerate(candidates):
        if c.closed_for(r, window):
            closed.append(i)
        elif c.fits(r, window) and (found is None or _agreement(c, r) > _agreement(found, r)):
            found = c
    for i in reversed(closed):
        del candidates[i]
    return found


def _cluster_id(members: list[dict]) -> str:
    return "C" + hashlib.sha256(min(m["uid"] for m in members).encode()).hexdigest()[:12]


def cluster_group(members: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> list[tuple[str, list[dict]]]:
    """The clusters of one group's event rows (one cluster_key), each with its id: the one clustering
    function of the store (recompute_clusters, update_clusters) and of the Ray dataset writer (a
    groupby's map_groups). Each report is compared with the clusters still open in its date window that
    could take its town (its own, or none yet), in constant time each: never with every report of the group."""
    reports = sorted((Report.of(r) for r in members), key=Report.order)
    by_town: dict[str | None, list[_OpenCluster]] = {}  # open clusters by their town (None: none known yet)
    undated: dict[tuple, list[_OpenCluster]] = {}  # clusters of undated reports by article and reading
    made: list[_OpenCluster] = []
    for r in reports:
        if r.span:
            best = _best_fit(by_town, r, window_days)
        else:  # taken last (see Report.order): only its own article's undated reports read alike are left
            best = next((c for c in undated.get((r.article, r.reading), []) if traits_fit(c.traits, r.traits)), None)
        if best is None:
            best = _OpenCluster(rank=len(made), traits=r.traits)
            made.append(best)
            if r.span:
                by_town.setdefault(r.traits[TOWN], []).append(best)
            else:
                undated.setdefault((r.article, r.reading), []).append(best)
        elif r.traits[TOWN] and best.traits[TOWN] is None and r.span:  # its first town: filed under it, in rank
            by_town[None].remove(best)
            ranks = by_town.setdefault(r.traits[TOWN], [])
            ranks.insert(bisect.bisect([c.rank for c in ranks], best.rank), best)
        best.add(r)
    return [(_cluster_id(c.members), c.members) for c in made]


def _best_fit(by_town: dict[str | None, list[_OpenCluster]], r: Report, window: int) -> _OpenCluster | None:
    """The first opened cluster r fits among those filed under its town and those with no town yet (a report
    with no town can fit any)."""
    towns = (None, r.traits[TOWN]) if r.traits[TOWN] else tuple(by_town)
    best = None
    for town in towns:
        c = _first_fit(by_town.get(town), r, window)
        if c is not None and (best is None or (_agreement(c, r), -c.rank) > (_agreement(best, r), -best.rank)):
            best = c
    return best


def group_runs(members: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> list[list[dict]]:
    """One group's event rows split into runs that cluster independently (see the module's docstring):
    in date order, a run ends where the next report starts more than the window after every report so
    far has ended; the reports with no day or month are a run per article."""
    runs: list[list[dict]] = []
    undated: dict[str, list[dict]] = {}
    last_end: int | None = None  # the latest last day of the run so far (None: no run yet)
    for r in sorted((Report.of(m) for m in members), key=Report.order):
        if r.span is None:
            undated.setdefault(r.article, []).append(r.row)
            continue
        if last_end is None or r.span[0] - last_end > window_days:
            runs.append([])
            last_end = r.span[1]
        runs[-1].append(r.row)
        last_end = max(last_end, r.span[1])
    return runs + list(undated.values())


def groups(rows: list[dict]) -> dict[tuple, list[dict]]:
    """Event rows by their cluster_key."""
    out: dict[tuple, list[dict]] = {}
    for r in rows:
        out.setdefault(cluster_key(r), []).append(r)
    return out


def cluster_ids(rows: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, str]:
    """uid -> cluster id for event rows holding whole groups (any number of them)."""
    return {
        m["uid"]: cid for members in groups(rows).values() for cid, c in cluster_group(members, window_days) for m in c
    }
