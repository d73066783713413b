"""Events as reviewed, for the exports: a corrected event takes the reviewer's values (the coder's are kept
beside them), a rejected one is left out of the published shapes (ACLED, GDELT, POLECAT: a row there says
"this happened") and kept, marked, in annales' own shape (the store's full record)."""

from __future__ import annotations

import json
from functools import lru_cache

from ..dates import date_precision
from .reviews import current_reviews, flat_review

# The columns every export shape carries after its own (each meaning starts "annales:", as extensions do).
REVIEW_CODEBOOK = {
    "review": "annales: a person's verdict on the event: accept, correct (the row holds the corrected values) or "
    "reject (kept in the annales shape only); empty when no one reviewed it.",
    "reviewed_by": "annales: who reviewed it (the reviewer's name on the server's token list).",
    "reviewed_at": "annales: when it was reviewed (UTC, ISO 8601).",
    "review_corrected": "annales: the fields the reviewer corrected, with their new values (JSON); empty otherwise.",
    "coder_values": "annales: for a corrected event, the coder's own values of the corrected fields (JSON): the "
    "coder's record is never overwritten.",
}


@lru_cache(maxsize=64)
def cameo_for(type_: str | None, mode: str | None) -> str | None:
    """The CAMEO code of a corrected type and mode: the mode's first code, else the type's root code (the
    shortest code the PLOVER crosswalk gives the type with no mode)."""
    from ..ontology import ontology

    o = ontology()
    codes = ((o["types"].get(type_ or "") or {}).get("modes", {}).get(mode or "") or {}).get("cameo") or []
    if codes:
        return codes[0]
    roots = sorted(
        (c for c, rec in o["cameo"].items() if rec.get("plover") == type_ and not rec.get("mode")),
        key=lambda c: (len(c), c),
    )
    return roots[0] if roots else None


def _set_party(e: dict, prefix: str, party: dict | None) -> None:
    party = party or {}
    country, sector = party.get("country"), party.get("sector")
    e[f"{prefix}_name"], e[f"{prefix}_country"], e[f"{prefix}_sector"] = party.get("name"), country, sector
    # a CAMEO actor code is the country then the role (SDNMIL); a non-state code stands alone (UNO)
    e[f"{prefix}_code"] = ((country or "") + (sector if sector and sector != country else "")) or None


def reviewed_event(e: dict, review: dict | None) -> dict:
    """The event row with a correction applied (type, mode, CAMEO, actor, recipient, date), the coder's values of
    the corrected fields in `coder_values`; unchanged when accepted, rejected or not reviewed."""
    out = {**e, **flat_review(review), "coder_values": None}
    if review is None or review.get("verdict") != "correct" or not review.get("corrected"):
        return out
    fields = review["corrected"]
    coder = {k: v for k, v in (review.get("coder") or {}).items() if k in fields}
    out["coder_values"] = json.dumps(coder, ensure_ascii=False)
    for key in ("type", "mode"):
        if key in fields:
            out[key] = fields[key]
    if "type" in fields or "mode" in fields:
        out["cameo"] = cameo_for(out["type"], out["mode"])
    for prefix in ("actor", "recipient"):
        if prefix in fields:
            _set_party(out, prefix, fields[prefix])
    if "date" in fields:
        out["date"], out["date_precision"] = fields["date"], date_precision(fields["date"])
        # a person read the date in the text: as good as the text's own words
        out["date_source"] = "text" if fields["date"] else None
    return out


def reviewed_events(store, events: list[dict], keep_rejected: bool) -> tuple[list[dict], int]:
    """The events as reviewed (see reviewed_event) and how many rejected ones were left out (none when
    keep_rejected: they stay, marked 'reject')."""
    reviews = current_reviews(store, [e["uid"] for e in events]) if events else {}
    out, rejected = [], 0
    for e in events:
        review = reviews.get(e["uid"])
        if review is not None and review["verdict"] == "reject" and not keep_rejected:
            rejected += 1
            continue
        out.append(reviewed_event(e, review))
    return out, rejected


def row_uid(row: dict) -> str | None:
    """The event uid of an export row, whatever the shape calls it."""
    return row.get("uid") or row.get("annales_uid") or row.get("Event ID")


def add_review_columns(rows: list[dict], events: list[dict]) -> None:
    """Copy each event's review columns onto its export row (matched by uid)."""
    by_uid = {e["uid"]: e for e in events}
    for r in rows:
        e = by_uid.get(row_uid(r) or "", {})
        for col in REVIEW_CODEBOOK:
            r[col] = e.get(col)
