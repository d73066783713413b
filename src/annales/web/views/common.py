"""What the route groups share: the app's store, jobs and token (ApiContext), cursors and pages, and the
filters of the event views."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import threading

from fastapi import Header, Query
from fastapi.responses import JSONResponse, PlainTextResponse

from ...errors import AnnalesError
from ...store import Store
from ...store.export import csv_safe_rows
from ...store.query import strict_date
from ..errors import ISO3_PATTERN, ApiError
from ..guard import token_refusal
from ..jobs import CodingJobs

MAX_LIMIT = 1000
# a cursor is an offset this server handed out; past this it cannot be one (and SQL's OFFSET would overflow)
MAX_OFFSET = 2**53
MAX_FILTER_CHARS = 200


class ApiContext:
    """What the routes of one app share: the store at `db` (one connection per worker thread), the coding jobs,
    the lock that lets one writer write at a time, and the token that allows writes (None: read-only)."""

    def __init__(self, db: str, token: str | None, jobs: CodingJobs):
        self.db, self.token, self.jobs = db, token, jobs
        self.write_lock = threading.Lock()
        self._local = threading.local()

    def store(self) -> Store:
        # one connection per worker thread; SQLite in WAL mode lets them read while a writer writes
        s = getattr(self._local, "store", None)
        if s is None:
            s = self._local.store = Store.open(self.db, migrate=False)
        return s

    def require_token(self, authorization: str | None = Header(None)) -> None:
        # the guard refused already before reading the body; this keeps the rule with the route (and in /docs)
        refusal = token_refusal(self.token, authorization)
        if refusal is not None:
            raise refusal


def cursor_out(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode()


def cursor_in(cursor: str | None) -> int:
    """The offset a 'cursor' parameter stands for (0 without one); 400 for one this server never handed out."""
    if not cursor:
        return 0
    try:
        if len(cursor) > 24:  # base64 of a 16-digit offset; longer is not one of ours
            raise ValueError
        digits = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        if not digits.isdigit() or int(digits) > MAX_OFFSET:
            raise ValueError
        return int(digits)
    except (ValueError, UnicodeError, binascii.Error):
        raise ApiError(400, "invalid_cursor", "Invalid 'cursor': pass the 'next' value of the previous page.") from None


def rows_response(rows: list[dict], fmt: str, offset: int, limit: int, total: int):
    """A page of rows as CSV, JSON Lines or the JSON success shape with the next page's cursor."""
    if fmt == "csv":
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(csv_safe_rows(rows))  # no cell a spreadsheet would run as a formula
        return PlainTextResponse(buf.getvalue(), media_type="text/csv")
    if fmt == "jsonl":
        return PlainTextResponse(
            "".join(json.dumps(r, default=str) + "\n" for r in rows), media_type="application/x-ndjson"
        )
    nxt = cursor_out(offset + limit) if offset + limit < total else None
    return JSONResponse({"ok": True, "data": rows, "next": nxt, "total": total})


def page(store, sql: str, params: list, offset: int, limit: int, fmt: str):
    """One page of `sql`'s rows, cut by the database: a request never loads the whole table."""
    rows = store.query(f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}", params)
    total = int(store.query(f"SELECT COUNT(*) AS n FROM ({sql}) AS listed", params)[0]["n"])
    return rows_response(rows, fmt, offset, limit, total)


def words(description: str):
    """A free-text query parameter, at most MAX_FILTER_CHARS long."""
    return Query(None, max_length=MAX_FILTER_CHARS, description=description)


def event_filters(
    actor: str | None = words(
        "Actor name (part), CAMEO code, or canonical id (any spelling the "
        "knowledge base knows: RSF finds Rapid Support Forces)"
    ),
    recipient: str | None = words("Recipient name (part), CAMEO code, or canonical id"),
    party: str | None = words(
        "Actor or recipient: the events this party takes part in, in either role (name (part), CAMEO code, or"
        " canonical id)"
    ),
    type: str | None = Query(None, max_length=40, description="PLOVER event type"),
    mode: str | None = Query(None, max_length=40, description="PLOVER mode"),
    country: str | None = Query(None, pattern=ISO3_PATTERN, description="ISO3 of the actor, recipient or place"),
    place: str | None = words("Place name (part)"),
    since: str | None = Query(None, description="Earliest event date YYYY-MM-DD"),
    until: str | None = Query(None, description="Latest event date YYYY-MM-DD"),
    modality: str | None = Query(None, max_length=40, description="asserted, planned, negated, ..."),
    text: str | None = words("Words in the event's sentence"),
    min_confidence: float | None = Query(
        None,
        ge=0.0,
        le=1.0,
        description=(
            "Only events at least this probable: the event verifier's calibrated probability that the record is right"
        ),
    ),
) -> dict:
    """The filters every event view shares, as query parameters; codes are checked against the ontology, dates
    are exactly YYYY-MM-DD (E010)."""
    check_codes(type=type, mode=mode, modality=modality)
    for name, value in (("since", since), ("until", until)):
        if value:
            strict_date(value, f"'{name}'")
    return dict(
        actor=actor,
        recipient=recipient,
        party=party,
        type=type,
        mode=mode,
        country=country,
        place=place,
        since=since,
        until=until,
        modality=modality,
        text=text,
        min_confidence=min_confidence,
    )


def check_codes(type: str | None = None, mode: str | None = None, modality: str | None = None) -> None:
    """400 for a type, mode or modality the ontology does not have: a typo answers an error, not an empty list."""
    from ...ontology import ontology

    o = ontology()
    if type and type.upper() not in o["types"]:
        raise AnnalesError("E011", value=type)
    if mode and mode.lower() not in {m for t in o["types"].values() for m in t["modes"]}:
        raise AnnalesError("E011", value=mode)
    if modality and modality.lower() not in o["modality"]:
        raise ApiError(
            400, "invalid_parameter", f"Unknown modality '{modality}': use one of " + ", ".join(o["modality"]) + "."
        )
