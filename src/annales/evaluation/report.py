"""Document scores added up: precision, recall and F1 of events, per PLOVER type, per field, confusion.

Precision is over every output event (a key lists every event a reader should code, core and extra);
recall is given for core events (what a coder must find) and for all events; F1 for each.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .score import FIELDS, MISS_KINDS, DocumentScore


def _prf(tp_out: int, n_out: int, tp_key: int, n_key: int) -> dict:
    p = tp_out / n_out if n_out else 0.0
    r = tp_key / n_key if n_key else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "matched": tp_key,
        "key": n_key,
        "output": n_out,
    }


@dataclass
class Report:
    """The scores of a set of documents (`name` says which set and split)."""

    name: str
    documents: list[DocumentScore] = field(default_factory=list)
    coder: str = "annales"

    def add(self, s: DocumentScore) -> None:
        self.documents.append(s)

    def totals(self) -> dict:
        docs = self.documents
        matched = sum(len(d.matched) for d in docs)
        core_found = sum(len(d.core_found) for d in docs)
        n_core = sum(len(d.core) for d in docs)
        n_key = sum(len(d.key_events) for d in docs)
        n_out = sum(len(d.out_events) for d in docs)
        fields: Counter[str] = Counter()
        missed: Counter[str] = Counter()
        for d in docs:
            fields.update(d.fields)
            missed.update(d.why_missed)
        return {
            "documents": len(docs),
            "events_core": _prf(matched, n_out, core_found, n_core),
            "events_all": _prf(matched, n_out, matched, n_key),
            "fields": {
                f: {
                    "right": fields[f + "_right"],
                    "total": fields[f + "_total"],
                    "share": round(fields[f + "_right"] / fields[f + "_total"], 3) if fields[f + "_total"] else None,
                }
                for f in FIELDS
            },
            "core_missed": {k: missed[k] for k in MISS_KINDS},
            "quantities": {
                "found": sum(d.quantities_found for d in docs),
                "total": sum(d.quantities_total for d in docs),
            },
            "traps": {"hit": sum(len(d.traps) for d in docs), "total": sum(d.traps_total for d in docs)},
            "documents_passed": sum(d.passed for d in docs),
        }

    def per_type(self) -> dict:
        key_n: Counter[str] = Counter()
        key_tp: Counter[str] = Counter()
        out_n: Counter[str | None] = Counter()
        out_tp: Counter[str | None] = Counter()
        for d in self.documents:
            key_n.update(e["type"] for e in d.key_events)
            out_n.update(o.get("type") for o in d.out_events)
            for k, o in d.matched:
                key_tp[k["type"]] += 1
                out_tp[o.get("type")] += 1
        types = sorted(set(key_n) | {t for t in out_n if t})
        return {t: _prf(out_tp[t], out_n[t], key_tp[t], key_n[t]) for t in types}

    def confusion(self) -> dict:
        c: Counter[tuple[str | None, str | None]] = Counter()
        for d in self.documents:
            c.update(d.confusion)
        table: dict = {}
        for (k, o), n in sorted(c.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
            table.setdefault(k or "(none)", {})[o or "(none)"] = n
        return table

    def per_rule(self) -> dict:
        """How often each reading fired (the rule, lexicon entry or model named first in an output event's
        `why`), how often its event had a key event's type in that event's sentence (`typed`: the reading was
        right even if the parties were not) and how often it was strictly right: what `annales evaluate --by-rule` shows, so that a
        rule that no longer earns its place on dev can be found and deleted."""
        return self._count_readings(lambda why: [rule_name(why)])

    def later_readings(self) -> dict:
        """The same counts for every later part of an output event's `why`: the named rules and models that
        chose its parties, modality, place or a PLOVER recoding after the reading that found it ("actor: the
        state's armed forces", "recipient by the argument ranker", "planned: future tense"), so that they too
        can be weighed on dev (`annales evaluate --by-rule`)."""
        return self._count_readings(lambda why: [n for p in why.split("; ")[1:] for n in later_rule_names(p) if n])

    def _count_readings(self, names_in) -> dict:
        """reading -> fired, typed, right, precision, for the readings `names_in(why)` gives each output event
        (each counted once an event), the most frequent first."""
        fired: Counter[str] = Counter()
        typed: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for d in self.documents:
            good = {id(o) for _k, o in d.matched}
            aligned = {id(o) for o in d.typed}
            for o in d.out_events:
                for name in dict.fromkeys(names_in(o.get("why") or "")):
                    fired[name] += 1
                    typed[name] += id(o) in aligned
                    right[name] += id(o) in good
        return {
            n: {"fired": fired[n], "typed": typed[n], "right": right[n], "precision": round(right[n] / fired[n], 3)}
            for n in sorted(fired, key=lambda n: (-fired[n], n))
        }

    def to_dict(self) -> dict:
        return {
            "set": self.name,
            "coder": self.coder,
            **self.totals(),
            "per_type": self.per_type(),
            "confusion": self.confusion(),
            "per_document": [
                {
                    "name": d.name,
                    "split": d.split,
                    "core": len(d.core),
                    "core_found": len(d.core_found),
                    "key": len(d.key_events),
                    "matched": len(d.matched),
                    "output": len(d.out_events),
                    "traps_hit": len(d.traps),
                }
                for d in self.documents
            ],
        }


def rule_name(why: str) -> str:
    """The reading that found an event, from its explanation: "verb 'arrest' -> CAMEO 173 (annales lexicon);
    actor A2 by the argument ranker" is "verb 'arrest'" (what later stages added is cut off)."""
    head = re.split(r" -> |; |: ", why, maxsplit=1)[0].strip()
    return head[:60] or "(no explanation)"


def later_rule_names(part: str) -> list[str]:
    """The readings a later part of `why` names: one, or for the grammar's party rules ("actor rules: head of
    dependent > own subjects > own mention") each rule on its own ("actor rule: own subjects", ...)."""
    role, sep, rules = part.partition(" rules: ")
    if sep and role in ("actor", "recipient"):
        return [f"{role} rule: {r}" for r in dict.fromkeys(re.split(r" > | / ", rules))]
    return [later_rule_name(part)]


def later_rule_name(part: str) -> str:
    """A later part of `why` without what varies from event to event: "place BEIJING by the place ranker
    (0.84)" is "place by the place ranker", "recipient: the place it concerns (UKR)" is "recipient: the place it
    concerns", quoted words are '…'."""
    s = re.sub(r"\([^)]*\)", "", part)
    s = re.sub(r"'[^']*'", "…", s)
    s = re.sub(r"\d[\d-]*", "#", s)  # "also reported at characters 600-845", "date: 2016-12 is after ..."
    s = re.sub(r"^(no place|place|actor|recipient)\s+\S.*?\s+by\b", r"\1 by", s)
    return re.sub(r"\s+", " ", s).strip(" :;,")[:60]


def render_rules(console, report: Report, top: int = 40) -> None:
    """The readings that fired most, with how often their events were right, and those never right."""
    from rich.table import Table

    rules = report.per_rule()
    rt = Table(
        title=f"Readings that found events ({len(rules)}; the {min(top, len(rules))} that fired most): "
        "fired, a key event's type in its sentence, strictly right, precision"
    )
    for col in ("reading", "fired", "typed", "right", "precision"):
        rt.add_column(col, justify="left" if col == "reading" else "right")
    for name, v in list(rules.items())[:top]:
        rt.add_row(name, str(v["fired"]), str(v["typed"]), str(v["right"]), f"{v['precision']:.2f}")
    console.print(rt)
    never = [(n, v["fired"]) for n, v in rules.items() if v["typed"] == 0 and v["fired"] >= 3]
    if never:
        console.print(
            "Never of a key event's type in its sentence (fired 3 times or more): "
            + ", ".join(f"{n} ({k})" for n, k in never),
            markup=False,
            highlight=False,
        )
    later = report.later_readings()
    lt = Table(
        title=f"Later readings: the rules and models that chose an event's parties, modality, place or PLOVER "
        f"recoding ({len(later)}; the {min(top, len(later))} that fired most)"
    )
    for col in ("reading", "fired", "typed", "right", "precision"):
        lt.add_column(col, justify="left" if col == "reading" else "right")
    for name, v in list(later.items())[:top]:
        lt.add_row(name, str(v["fired"]), str(v["typed"]), str(v["right"]), f"{v['precision']:.2f}")
    console.print(lt)


def render(console, report: Report, verbose: bool = False) -> None:
    """The report as Rich tables: totals, per type, per field, confusion (the types that occur)."""
    from rich.table import Table

    t = report.totals()
    head = Table(title=f"{report.name}: {t['documents']} documents, coder {report.coder} (strict)")
    for col in ("events", "precision", "recall", "F1", "matched / key", "output"):
        head.add_column(col, justify="right" if col != "events" else "left")
    for label, v in (("core", t["events_core"]), ("all (core + extra)", t["events_all"])):
        head.add_row(
            label,
            f"{v['precision']:.3f}",
            f"{v['recall']:.3f}",
            f"{v['f1']:.3f}",
            f"{v['matched']}/{v['key']}",
            str(v["output"]),
        )
    console.print(head)

    ft = Table(title="Fields, on events found with the right type in the right sentence")
    ft.add_column("field")
    ft.add_column("right", justify="right")
    ft.add_column("share", justify="right")
    for f, v in t["fields"].items():
        ft.add_row(f, f"{v['right']}/{v['total']}", "-" if v["share"] is None else f"{v['share']:.3f}")
    q, tr = t["quantities"], t["traps"]
    ft.add_row(
        "quantities (with their event)",
        f"{q['found']}/{q['total']}",
        f"{q['found'] / q['total']:.3f}" if q["total"] else "-",
    )
    ft.add_row("traps hit (fewer is better)", f"{tr['hit']}/{tr['total']}", "")
    console.print(ft)

    mt = Table(title="Core events missed, by the first step that failed")
    mt.add_column("why")
    mt.add_column("events", justify="right")
    mt.add_column("share of core", justify="right")
    n_core = t["events_core"]["key"]
    for why, n in t["core_missed"].items():
        mt.add_row(why, str(n), f"{n / n_core:.3f}" if n_core else "-")
    console.print(mt)

    pt = Table(title="Per PLOVER type (all events)")
    for col in ("type", "precision", "recall", "F1", "matched / key", "output"):
        pt.add_column(col, justify="left" if col == "type" else "right")
    for typ, v in report.per_type().items():
        pt.add_row(
            typ,
            f"{v['precision']:.3f}",
            f"{v['recall']:.3f}",
            f"{v['f1']:.3f}",
            f"{v['matched']}/{v['key']}",
            str(v["output"]),
        )
    console.print(pt)

    conf = report.confusion()
    cols = sorted({o for row in conf.values() for o in row}, key=lambda x: (x == "(none)", x))
    ct = Table(
        title="Type confusion: key type (rows) by the type of the output read from its sentence "
        "(columns, first four letters; '-' none)"
    )
    ct.add_column("key", no_wrap=True)
    for c in cols:
        ct.add_column("-" if c == "(none)" else c[:4], justify="right", no_wrap=True, min_width=4)
    for k in sorted(conf, key=lambda x: (x == "(none)", x)):
        ct.add_row("(no key event)" if k == "(none)" else k, *[str(conf[k].get(c, "")) for c in cols])
    console.print(ct)
    if verbose:
        for d in report.documents:
            console.print(("PASS " if d.passed else "FAIL ") + d.summary(), markup=False, highlight=False)
            for line in d.missed_lines():
                console.print("    " + line, markup=False, highlight=False)
