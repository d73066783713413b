"""Reviews of coded events: a person accepts, rejects or corrects an event; the coder's record is never changed.

A review is a row of the `reviews` table (migration 7) beside the event it judges: the verdict, the corrected
fields as the reviewer gave them, the coder's values of the correctable fields when it was reviewed, who
(the reviewer's name from the server's token list) and when (UTC). A new review of the same event supersedes
the last one (its `superseded_at` is set) and the history stays.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime

from ..errors import AnnalesError

VERDICTS = ("accept", "reject", "correct")
CORRECTABLE = ("type", "mode", "actor", "recipient", "date")
PARTY_FIELDS = ("name", "country", "sector")
MAX_NAME = 200
MAX_NOTE = 2000
IN_CHUNK = 500  # uids per IN (...) query
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
REVIEW_COLUMNS = (
    "review_id",
    "event_uid",
    "article_hash",
    "verdict",
    "corrected",
    "coder",
    "note",
    "reviewer",
    "reviewed_at",
    "superseded_at",
)


def now_utc() -> str:
    """The time of a review: UTC, to the microsecond, so that two reviews of one event never tie."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# -- checking what a reviewer sends ----------------------------------------------------------------------------
def _refuse(uid: str, detail: str) -> AnnalesError:
    return AnnalesError("E060", uid=uid, detail=detail)


def _checked_type(uid: str, value) -> str:
    from ..ontology import ontology

    types = ontology()["types"]
    if not isinstance(value, str) or value.upper() not in types:
        raise _refuse(uid, f"type {value!r} is not a PLOVER type ({', '.join(types)})")
    return value.upper()


def _checked_mode(uid: str, value, type_: str | None) -> str | None:
    from ..ontology import ontology

    if value is None or value == "":
        return None
    modes = (ontology()["types"].get(type_ or "") or {}).get("modes") or {}
    if not isinstance(value, str) or value.lower() not in modes:
        raise _refuse(uid, f"mode {value!r} is not a mode of {type_} ({', '.join(modes) or 'it has none'})")
    return value.lower()


def _checked_party(uid: str, field: str, value) -> dict | None:
    """A corrected actor or recipient: null (none), a name, or {name, country, sector}."""
    from ..keys import NON_STATE, iso3_codes
    from ..ontology import ontology

    if value is None:
        return None
    party = {"name": value} if isinstance(value, str) else value
    if not isinstance(party, dict) or set(party) - set(PARTY_FIELDS):
        raise _refuse(uid, f"{field} must be null, a name, or an object with name, country and sector")
    name = party.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise _refuse(uid, f"{field}.name must be a name of 1 to {MAX_NAME} characters")
    if not all(isinstance(party.get(k) or "", str) for k in ("country", "sector")):
        raise _refuse(uid, f"{field}.country and {field}.sector must be codes (text) or null")
    country = (party.get("country") or "").upper() or None
    if country is not None and country not in NON_STATE and country not in iso3_codes():
        raise _refuse(
            uid,
            f"{field}.country {party.get('country')!r} is not an ISO 3166 alpha-3 code or one of "
            f"{', '.join(sorted(NON_STATE))}",
        )
    sector = (party.get("sector") or "").upper() or None
    if sector is not None and sector not in ontology()["sectors"] and sector not in NON_STATE:
        raise _refuse(uid, f"{field}.sector {party.get('sector')!r} is not a PLOVER sector (MIL, GOV, REB, ...)")
    return {"name": name.strip(), "country": country, "sector": sector}


def _checked_date(uid: str, value) -> str | None:
    if value is None or value == "":
        return None
    m = _DATE.match(value) if isinstance(value, str) else None
    try:
        if m is None:
            raise ValueError
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise _refuse(uid, f"date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY") from None
    return value


def checked_correction(uid: str, event: dict, corrected) -> dict:
    """The fields a correction changes, checked against the ontology and normalised; a type whose modes do
    not include the coder's mode clears the mode unless the reviewer gives one."""
    if not isinstance(corrected, dict) or not corrected:
        raise _refuse(uid, "a correction needs 'corrected' with at least one of " + ", ".join(CORRECTABLE))
    unknown = sorted(set(corrected) - set(CORRECTABLE))
    if unknown:
        raise _refuse(uid, f"{', '.join(unknown)} cannot be corrected (only {', '.join(CORRECTABLE)})")
    out: dict = {}
    if "type" in corrected:
        out["type"] = _checked_type(uid, corrected["type"])
    type_ = out.get("type", event.get("type"))
    if "mode" in corrected:
        out["mode"] = _checked_mode(uid, corrected["mode"], type_)
    elif "type" in out and event.get("mode"):
        try:
            _checked_mode(uid, event["mode"], type_)
        except AnnalesError:
            out["mode"] = None
    for field in ("actor", "recipient"):
        if field in corrected:
            out[field] = _checked_party(uid, field, corrected[field])
    if "date" in corrected:
        out["date"] = _checked_date(uid, corrected["date"])
    return out


def checked_review(uid: str, event: dict, verdict, corrected=None, note=None) -> tuple[str, dict | None, str | None]:
    """(verdict, corrected fields or None, note) as stored; E060 for anything else."""
    if verdict not in VERDICTS:
        raise _refuse(uid, f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise _refuse(uid, f"note must be text of at most {MAX_NOTE} characters")
    if verdict != "correct":
        if corrected:
            raise _refuse(uid, f"a verdict '{verdict}' takes no corrected fields (use verdict 'correct')")
        return verdict, None, note or None
    return verdict, checked_correction(uid, event, corrected), note or None


# -- reading and writing ---------------------------------------------------------------------------------------
def coder_values(event: dict) -> dict:
    """The coder's values of the correctable fields of a stored event row."""

    def party(prefix: str) -> dict | None:
        if not event.get(f"{prefix}_name"):
            return None
        return {k: event.get(f"{prefix}_{k}") for k in PARTY_FIELDS}

    return {
        "type": event.get("type"),
        "mode": event.get("mode"),
        "actor": party("actor"),
        "recipient": party("recipient"),
        "date": event.get("date"),
    }


def event_row(store, uid: str) -> dict | None:
    rows = store.query("SELECT * FROM events WHERE uid = ?", (uid,))
    return rows[0] if rows else None


def write_review(store, event: dict, verdict, reviewer: str, corrected=None, note=None, at: str | None = None) -> dict:
    """Store a review of `event` (a row of the events table) by `reviewer`, superseding the event's last review,
    in one transaction; returns it as `review_record` gives it."""
    uid = event["uid"]
    verdict, fields, note = checked_review(uid, event, verdict, corrected, note)
    row = {
        "review_id": uuid.uuid4().hex,
        "event_uid": uid,
        "article_hash": event["article_hash"],
        "verdict": verdict,
        "corrected": json.dumps(fields) if fields is not None else None,
        "coder": json.dumps(coder_values(event)),
        "note": note,
        "reviewer": reviewer,
        "reviewed_at": at or now_utc(),
        "superseded_at": None,
    }
    store.begin()
    try:
        store.execute(
            "UPDATE reviews SET superseded_at = ? WHERE event_uid = ? AND superseded_at IS NULL",
            (row["reviewed_at"], uid),
        )
        store.execute(
            f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) VALUES ({', '.join('?' * len(REVIEW_COLUMNS))})",
            [row[c] for c in REVIEW_COLUMNS],
        )
        store.commit()
    except Exception:
        store.rollback()
        raise
    return review_record(row)


def review_record(row: dict) -> dict:
    """A reviews row as the API and exports show it: verdict, by, at, corrected values, the coder's values."""
    return {
        "review_id": row["review_id"],
        "event_uid": row["event_uid"],
        "article_hash": row["article_hash"],
        "verdict": row["verdict"],
        "by": row["reviewer"],
        "at": row["reviewed_at"],
        "corrected": json.loads(row["corrected"]) if row["corrected"] else None,
        "coder": json.loads(row["coder"]) if row["coder"] else None,
        "note": row["note"],
        "superseded_at": row["superseded_at"],
    }


def review_history(store, uid: str) -> list[dict]:
    """Every review of one event, oldest first (the last one is in force unless superseded)."""
    rows = store.query("SELECT * FROM reviews WHERE event_uid = ? ORDER BY reviewed_at, review_id", (uid,))
    return [review_record(r) for r in rows]


def current_reviews(store, uids=None, article_hash: str | None = None) -> dict[str, dict]:
    """event uid -> the review in force, for the given events (all reviewed events when uids is None)."""
    sql = "SELECT * FROM reviews WHERE superseded_at IS NULL"
    if article_hash is not None:
        rows = store.query(sql + " AND article_hash = ?", (article_hash,))
    elif uids is None:
        rows = store.query(sql)
    else:
        ordered, rows = sorted(set(uids)), []
        for i in range(0, len(ordered), IN_CHUNK):
            chunk = ordered[i : i + IN_CHUNK]
            rows += store.query(sql + f" AND event_uid IN ({', '.join('?' * len(chunk))})", chunk)
    return {r["event_uid"]: review_record(r) for r in rows}


def review_summary(review: dict | None) -> dict | None:
    """What a list of events shows of an event's review: verdict, by, at, the corrected values, the note."""
    if review is None:
        return None
    return {k: review[k] for k in ("verdict", "by", "at", "corrected", "note")}


def with_reviews(store, rows: list[dict], flat: bool = False) -> list[dict]:
    """The event rows, each with its review in force: a `review` object (or null), or with `flat`, the columns
    review, reviewed_by, reviewed_at and review_corrected (JSON) for a CSV."""
    reviews = current_reviews(store, [r["uid"] for r in rows if r.get("uid")]) if rows else {}
    out = []
    for r in rows:
        review = reviews.get(r.get("uid") or "")
        out.append({**r, **(flat_review(review) if flat else {"review": review_summary(review)})})
    return out


def flat_review(review: dict | None) -> dict:
    """A review as flat columns (CSV, tables): verdict, who, when, and the corrected values as JSON."""
    if review is None:
        return {"review": None, "reviewed_by": None, "reviewed_at": None, "review_corrected": None}
    corrected = json.dumps(review["corrected"], ensure_ascii=False) if review.get("corrected") else None
    return {
        "review": review["verdict"],
        "reviewed_by": review["by"],
        "reviewed_at": review["at"],
        "review_corrected": corrected,
    }
