"""`annales export --shape keys`: every reviewed article in the corpus' answer-key format (docs/annotation.md):
NAME.txt (the article's text, the one the coder's offsets point into) beside NAME.expected.yaml, so that
`annales evaluate OUT_DIR` scores the coder against its reviewers, and review becomes training data.

A key holds the events a reviewer accepted or corrected (with the corrected values), in text order; rejected
and unreviewed events are not keyed, and are listed in the key's `review` block (so that a trainer can tell a
complete key from a partial one). Each keyed event says who reviewed it and when.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import AnnalesError
from ..keys import KEY_SUFFIX
from .reviewed import reviewed_event
from .reviews import current_reviews, now_utc

MANIFEST = "manifest.tsv"
MANIFEST_COLUMNS = ("doc", "article_hash", "reviewers", "keyed_events", "rejected", "unreviewed")
# The tier a keyed event gets from its modality (docs/annotation.md section 2: demanded, negated, hypothetical
# and denied acts are extra; a reviewer judges the record, not the tier).
CORE_MODALITIES = ("asserted", "claimed", "planned")


@dataclass
class KeysWritten:
    """What an export of keys wrote: the folder, one document name per reviewed article, the events keyed
    and rejected, and the articles left out by reason."""

    folder: Path
    documents: list[str] = field(default_factory=list)
    events: int = 0
    rejected: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def _doc_name(article: dict) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", str(article.get("id") or "article")).strip("-")[:60] or "article"
    return f"{slug}-{article['hash'][:10]}"


def _evidence(text: str, e: dict) -> str | None:
    """The event's sentence as an exact span of the text (what a key's evidence must be), or None."""
    start, end = e.get("start_char"), e.get("end_char")
    span = text[start:end].strip() if isinstance(start, int) and isinstance(end, int) else ""
    if span:
        return span
    sentence = (e.get("sentence") or "").strip()
    return sentence if sentence and sentence in text else None


def _party_entry(actors: dict[str, dict], e: dict, prefix: str) -> str | None:
    """The party's name, adding its actor entry (country, sector) the first time the name is used."""
    name = e.get(f"{prefix}_name")
    if name and name not in actors:
        entry = {"name": name}
        for k in ("country", "sector"):
            if e.get(f"{prefix}_{k}"):
                entry[k] = e[f"{prefix}_{k}"]
        actors[name] = entry
    return name or None


def _key_event(n: int, e: dict, review: dict, evidence: str, actors: dict, places: dict) -> dict:
    """One keyed event from an event as reviewed (reviewed_event) and its review."""
    ev: dict = {
        "id": f"E{n}",
        "tier": "core" if e.get("modality") in CORE_MODALITIES else "extra",
        "type": e["type"],
        "mode": e.get("mode"),
    }
    if e.get("cameo"):
        ev["cameo"] = str(e["cameo"])
    if e.get("trigger") and e["trigger"] in evidence:
        ev["trigger"] = e["trigger"]
    ev["actor"] = _party_entry(actors, e, "actor")
    ev["recipient"] = _party_entry(actors, e, "recipient")
    ev["date"] = e.get("date")
    if e.get("place_name"):
        ev["location"] = e["place_name"]
        places.setdefault(e["place_name"], {"name": e["place_name"], "country": e.get("place_country")})
    ev["modality"] = e.get("modality") or "asserted"
    ev["evidence"] = evidence
    ev["review"] = {"verdict": review["verdict"], "by": review["by"], "at": review["at"], "coder_event": e["event_id"]}
    if review["verdict"] == "correct":
        ev["review"]["coder"] = {k: v for k, v in (review.get("coder") or {}).items() if k in review["corrected"]}
    if review.get("note"):
        ev["review"]["note"] = review["note"]
    return ev


def article_key(article: dict, events: list[dict], reviews: dict[str, dict]) -> dict:
    """The answer key of one reviewed article (its `events` ordered by position in the text)."""
    text = article["text"]
    actors: dict[str, dict] = {}
    places: dict[str, dict] = {}
    keyed: list[dict] = []
    rejected: list[dict] = []
    unreviewed: list[str] = []
    for e in events:
        review = reviews.get(e["uid"])
        evidence = _evidence(text, e)
        if review is None or evidence is None:
            unreviewed.append(e["event_id"])
        elif review["verdict"] == "reject":
            rejected.append(
                {
                    "coder_event": e["event_id"],
                    "type": e["type"],
                    "by": review["by"],
                    "at": review["at"],
                    "evidence": evidence,
                }
            )
        else:
            keyed.append(_key_event(len(keyed) + 1, reviewed_event(e, review), review, evidence, actors, places))
    reviewers = sorted({r["by"] for r in reviews.values()})
    return {
        "article": {"title": article.get("title"), "date": article.get("date"), "annotator": ", ".join(reviewers)},
        "actors": list(actors.values()),
        "events": keyed,
        "places": list(places.values()),
        "review": {
            "source": "annales export --shape keys",
            "exported_at": now_utc(),
            "coder_version": article.get("coder_version"),
            "reviewers": reviewers,
            "complete": not unreviewed,
            "rejected": rejected,
            "unreviewed": unreviewed,
        },
    }


KEY_HEADER = (
    "# note: written by 'annales export --shape keys' from the reviews in an annales store: the events a "
    "reviewer accepted or corrected (with the corrected values); rejected and unreviewed events are not "
    "keyed (see review: at the end). Format: docs/annotation.md.\n"
)


def _prepare(folder: Path) -> set[str]:
    """Make sure `folder` may receive keys: new, empty, or written by an earlier export (whose files are
    replaced); returns the files that earlier export wrote."""
    if folder.exists() and not folder.is_dir():
        raise AnnalesError("E062", path=str(folder), detail="it is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / MANIFEST
    if manifest.is_file():
        with open(manifest, encoding="utf-8") as fh:
            docs = [row["doc"] for row in csv.DictReader(fh, delimiter="\t")]
        return {f"{d}.txt" for d in docs} | {f"{d}{KEY_SUFFIX}" for d in docs} | {MANIFEST}
    if any(folder.iterdir()):
        raise AnnalesError("E062", path=str(folder), detail="it holds files that an export of keys did not write")
    return set()


def write_keys(store, out_dir: str | Path) -> KeysWritten:
    """Write every reviewed article of the store as NAME.txt and NAME.expected.yaml under `out_dir`, and a
    manifest.tsv listing them."""
    folder = Path(out_dir)
    result = KeysWritten(folder)
    reviews = current_reviews(store)
    if not reviews:  # nothing to write: the folder is left as it was (the command warns, W005)
        return result
    earlier = _prepare(folder)
    by_article: dict[str, dict[str, dict]] = {}
    for uid, review in reviews.items():
        by_article.setdefault(review["article_hash"], {})[uid] = review
    manifest_rows = []
    for h in sorted(by_article):
        arts = store.query("SELECT hash, id, title, date, text, coder_version FROM articles WHERE hash = ?", (h,))
        if not arts or not arts[0]["text"]:
            reason = "article no longer in the store" if not arts else "no text kept (ingested before texts were)"
            result.skipped[reason] = result.skipped.get(reason, 0) + 1
            continue
        events = store.query(
            "SELECT * FROM events WHERE article_hash = ? ORDER BY start_char, trigger_start, event_id", (h,)
        )
        key = article_key(arts[0], events, by_article[h])
        name = _doc_name(arts[0])
        (folder / f"{name}.txt").write_text(arts[0]["text"], encoding="utf-8")
        (folder / f"{name}{KEY_SUFFIX}").write_text(
            KEY_HEADER + yaml.safe_dump(key, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8"
        )
        result.documents.append(name)
        result.events += len(key["events"])
        result.rejected += len(key["review"]["rejected"])
        manifest_rows.append(
            {
                "doc": name,
                "article_hash": h,
                "reviewers": ",".join(key["review"]["reviewers"]),
                "keyed_events": len(key["events"]),
                "rejected": len(key["review"]["rejected"]),
                "unreviewed": len(key["review"]["unreviewed"]),
            }
        )
    _write_manifest(folder, manifest_rows, earlier)
    return result


def _write_manifest(folder: Path, rows: list[dict], earlier: set[str]) -> None:
    written = {f"{r['doc']}.txt" for r in rows} | {f"{r['doc']}{KEY_SUFFIX}" for r in rows} | {MANIFEST}
    for stale in earlier - written:  # an earlier export's document no longer reviewed
        (folder / stale).unlink(missing_ok=True)
    with open(folder / MANIFEST, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=MANIFEST_COLUMNS, delimiter="\t")
        w.writeheader()
        w.writerows(rows)
