"""The quantities stage: counts of people and things with what they count and when (killed, wounded,
arrested, troops, protesters, displaced, money), and whether the figure is real, planned or desired."""

from __future__ import annotations

import re

from .modality import modality_of
from .model import Quantity

# Head noun lemma -> unit it counts.
NOUN_UNITS = {
    "troop": "troops", "soldier": "troops", "force": "troops", "personnel": "troops", "peacekeeper": "troops",
    "marine": "troops", "fighter": "fighters", "militant": "fighters", "rebel": "fighters",
    "protester": "protesters", "protestor": "protesters", "demonstrator": "protesters",
    "people": "people", "person": "people", "civilian": "people", "resident": "people", "child": "people",
    "woman": "people", "man": "people", "villager": "people", "student": "people", "worker": "people",
    "prisoner": "prisoners", "detainee": "prisoners", "hostage": "prisoners", "captive": "prisoners",
    "refugee": "displaced", "migrant": "people", "family": "families", "police": "police", "officer": "police",
    "journalist": "people", "activist": "people", "casualty": "casualties", "death": "killed", "body": "killed",
}
# Verb lemma of the clause -> what the number counts.
VERB_UNITS = {"kill": "killed", "die": "killed", "wound": "wounded", "injure": "wounded", "hurt": "wounded",
              "arrest": "arrested", "detain": "arrested", "jail": "arrested", "displace": "displaced",
              "flee": "displaced", "release": "released", "free": "released", "evacuate": "evacuated",
              "abduct": "abducted", "kidnap": "abducted", "sentence": "sentenced"}
CURRENCIES = {"$": "USD", "us$": "USD", "dollar": "USD", "€": "EUR", "euro": "EUR", "£": "GBP", "pound": "GBP",
              "yuan": "CNY", "rupee": "INR", "yen": "JPY", "riel": "KHR", "ruble": "RUB", "rouble": "RUB",
              "hryvnia": "UAH", "lira": "TRY", "rial": "IRR", "riyal": "SAR", "dinar": "IQD", "naira": "NGN",
              "shilling": "KES", "rand": "ZAR", "peso": "MXN", "real": "BRL", "won": "KRW"}
MEASURES = {"year", "month", "week", "day", "hour", "minute", "second", "km", "kilometre", "kilometer", "mile",
            "metre", "meter", "percent", "%", "degree", "time", "times", "kg", "decade", "century", "round",
            "point", "stage", "phase", "term", "megawatt", "mw"}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
          "m": 1_000_000, "bn": 1_000_000_000}
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
                "dozens": 24, "hundreds": 200, "million": 1_000_000, "billion": 1_000_000_000}
TENS = {w: WORD_NUMBERS[w] for w in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")}
LEVEL_WORDS = {"level", "number", "total", "figure", "strength", "presence", "toll"}
DESIRE = {"eager", "want", "hope", "seek", "wish", "keen", "aim", "push", "maintain"}


def parse_number(text: str) -> float | None:
    t = text.lower().replace(",", "").strip()
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    tens, _, unit = t.partition("-")  # "fifty-seven"
    if tens in TENS and WORD_NUMBERS.get(unit, 10) < 10:
        return TENS[tens] + WORD_NUMBERS[unit]
    try:
        return float(t)
    except ValueError:
        return None


def _number_tokens(tok):
    """The number a token starts, with scale words: '4.4 billion' -> 4400000000."""
    value = parse_number(tok.text)
    if value is None:
        return None, [tok]
    doc = tok.doc
    if tok.lower_ in TENS and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and \
            WORD_NUMBERS.get(doc[tok.i + 2].lower_, 10) < 10:
        return None, [tok]  # "twenty-three" is read from its last word
    toks = [tok]
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in TENS and value < 10:
        value += TENS[doc[tok.i - 2].lower_]  # "twenty-three villagers", split in three by the tokenizer
        toks = [doc[tok.i - 2], doc[tok.i - 1], tok]
    if tok.i >= 2 and tok.doc[tok.i - 1].lower_ in ("a", "an") and tok.doc[tok.i - 2].lower_ == "half":
        value *= 0.5  # "half a million"
        toks = [tok.doc[tok.i - 2], tok.doc[tok.i - 1], tok]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in SCALES:
        value *= SCALES[nxt.lower_]
        toks.append(nxt)
    return int(round(value)), toks


def _is_year(tok, value) -> bool:
    return tok.ent_type_ == "DATE" or (1900 <= value <= 2100 and "," not in tok.text and tok.head.ent_type_ == "DATE")


def extract_quantities(work) -> None:
    doc = work.doc
    kb = work.kb
    out: list[Quantity] = []
    timex_at = {}
    for first, last, tx in work.timex_tokens:
        for i in range(first, last + 1):
            timex_at[i] = tx
    pub = work.article.date
    last_in_article: Quantity | None = None
    for sent in work.sents:
        if sent.start in work.skip_sentences:
            continue
        previous: Quantity | None = None
        # "reduced the level to 4,500": a bare figure continues the article's last count
        if any(t.lemma_.lower() in LEVEL_WORDS for t in sent):
            previous = last_in_article
        for tok in sent:
            if tok.lower_ in ("million", "billion") and tok.i >= 2 and doc[tok.i - 1].lower_ in ("a", "an") \
                    and doc[tok.i - 2].lower_ == "half":
                pass  # "half a million homes": counted below from "million"
            elif not tok.like_num or tok.i in timex_at or tok.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL"):
                continue
            if tok.i > sent.start and doc[tok.i - 1].like_num:
                continue
            value, num_toks = _number_tokens(tok)
            if value is None or _is_year(tok, value):
                continue
            head = tok.head
            if head.lower_ in SCALES and head.i == tok.i + 1:
                head = head.head  # "3 billion yuan": the scale word sits between number and noun
            unit = None
            money = None
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if prev is not None and prev.text.lower() in CURRENCIES:
                money = CURRENCIES[prev.text.lower()]
            if tok.dep_ in ("nummod", "quantmod", "compound") or head.pos_ == "NOUN":
                noun = head if head.pos_ in ("NOUN", "PROPN") and head.i > tok.i else None
                if noun is not None and noun.lemma_.lower() in CURRENCIES:
                    money = CURRENCIES[noun.lemma_.lower()]
                if noun is not None and not money:
                    lemma = noun.lemma_.lower()
                    if lemma in MEASURES:
                        continue  # durations and distances are not counts
                    # a count of anything: people by their role, things by their noun ("eight companies")
                    unit = NOUN_UNITS.get(lemma) or noun.lower_
            else:
                noun = None
            # the clause verb says what happened to them: "12 people were killed"
            verb = (noun or tok).head if (noun or tok).dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") else None
            if verb is not None and verb.dep_ == "prep":
                verb = verb.head
            if verb is not None and verb.lemma_.lower() in VERB_UNITS and unit not in ("troops",):
                unit = VERB_UNITS[verb.lemma_.lower()]
            if money:
                unit = money
            if unit is None and noun is None and previous is not None:
                unit = previous.unit  # "reduced the level to 4,500": the figure of the sentence's earlier count
            if unit is None:
                continue
            span_toks = num_toks + ([noun] if noun is not None and noun.i > tok.i else [])
            symbol = [prev] if prev is not None and prev.text.lower() in CURRENCIES else []
            start = min(t.idx for t in span_toks + symbol)
            end = max(t.idx + len(t.text) for t in span_toks)
            subject = _subject(work, kb, tok, noun, unit, previous, sent)
            anchor = noun if noun is not None else tok
            tx = _nearest_timex(anchor, sent, timex_at)
            modality, _why = modality_of(anchor if anchor.pos_ == "VERB" else _governing_verb(anchor), None)
            if any(t.lemma_.lower() in DESIRE for t in anchor.ancestors if t.i >= sent.start):
                modality = "desired"
            date = tx.value if tx is not None else None
            if tx is not None and tx.anchor == "deadline" and date and pub and date > pub:
                modality = "planned"
            if date is None and pub:
                date = pub[:7]  # no date in the text: the month it was reported (or pledged)
            q = Quantity(subject=subject, value=value, unit=unit, date=date, modality=modality,
                         text=work.article.text[start:end], start=start, end=end)
            out.append(q)
            previous = last_in_article = q
    work.result.quantities = out


def _governing_verb(tok):
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            break
        node = node.head
    return node


def _nearest_timex(tok, sent, timex_at):
    verb = _governing_verb(tok)
    clause = [t for t in verb.subtree if t.i >= sent.start and t.i < sent.end]
    # stop at the next coordinated clause: "had 13,000 ... a year ago and had reduced ... as of November"
    conj_clauses = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    excluded = {t.i for c in conj_clauses for t in c.subtree}
    hits = [timex_at[t.i] for t in clause if t.i in timex_at and t.i not in excluded]
    if not hits and verb.dep_ == "conj" and verb.head.i != verb.i:
        # "9,000 were killed in the April 25 quake, and half a million homes were destroyed"
        head = verb.head
        hits = [timex_at[t.i] for t in head.subtree if t.i in timex_at and t.i not in {x.i for x in verb.subtree}]
        if hits:
            return min(hits, key=lambda tx: tx.start)  # the date of the first clause's event
    if not hits:
        return None
    return min(hits, key=lambda tx: abs(tx.start - tok.idx))


def _subject(work, kb, tok, noun, unit, previous, sent) -> str:
    if previous is not None and noun is None:
        return previous.subject
    owner = None
    place = None
    if noun is not None:
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss"):
                iso = kb.country_of_word(c.text)
                if iso:
                    owner = kb.country_names.get(iso, iso)
    verb = _governing_verb(noun or tok)
    if owner is None:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i in work.token_actor:
                actor = next((a for a in work.result.actors if a.actor_id == work.token_actor[c.i]), None)
                if actor is not None and actor.country:
                    owner = kb.country_names.get(actor.country, actor.country)
    places = work.token_place
    for t in list((noun or tok).subtree) + [t for t in verb.subtree if t.i < sent.end]:
        if t.i in places and t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "inside", "across"):
            place = places[t.i].name
            break
    if place is None and unit == "troops" and work.main_country:
        place = kb.country_names.get(work.main_country, work.main_country)
    noun_text = re.sub(r"\s+", " ", noun.text) if noun is not None else unit
    label = unit if unit in ("killed", "wounded", "arrested", "displaced", "released", "abducted", "sentenced") else noun_text
    if unit in set(CURRENCIES.values()):
        label = "money"
    parts = [owner + " " + label if owner and unit == "troops" else label]
    if place:
        parts.append(f"in {place}")
    return " ".join(parts)
