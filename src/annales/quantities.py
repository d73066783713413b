"""The quantities stage: counts of people and things with what they count and when (killed, wounded,
arrested, troops, protesters, displaced, money), and whether the figure is real, planned or desired."""

from __future__ import annotations

import re

from .lang import english
from .modality import modality_of
from .model import Quantity
from .quantity_events import CASUALTY_UNITS

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


def parse_number(text: str) -> float | None:
    """The value of a number written in figures or words ('4,500', 'fifty-seven'), or None."""
    t = text.lower().replace(",", "").strip()
    if t in EN.word_numbers:
        return EN.word_numbers[t]
    tens, _, unit = t.partition("-")  # "fifty-seven"
    if tens in EN.tens and EN.word_numbers.get(unit, 10) < 10:
        return EN.tens[tens] + EN.word_numbers[unit]
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
    if (
        tok.lower_ in EN.tens
        and tok.i + 2 < len(doc)
        and doc[tok.i + 1].text == "-"
        and EN.word_numbers.get(doc[tok.i + 2].lower_, 10) < 10
    ):
        return None, [tok]  # "twenty-three" is read from its last word
    toks = [tok]
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in EN.tens and value < 10:
        value += EN.tens[doc[tok.i - 2].lower_]  # "twenty-three villagers", split in three by the tokenizer
        toks = [doc[tok.i - 2], doc[tok.i - 1], tok]
    if tok.i >= 2 and tok.doc[tok.i - 1].lower_ in EN.indefinite_articles and tok.doc[tok.i - 2].lower_ == "half":
        value *= 0.5  # "half a million"
        toks = [tok.doc[tok.i - 2], tok.doc[tok.i - 1], tok]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in EN.scales:
        value *= EN.scales[nxt.lower_]
        toks.append(nxt)
    return int(round(value)), toks


def _is_year(tok, value) -> bool:
    return tok.ent_type_ == "DATE" or (1900 <= value <= 2100 and "," not in tok.text and tok.head.ent_type_ == "DATE")


# Entity types whose numbers are no count of people or things.
NOT_COUNTS = ("DATE", "TIME", "PERCENT", "ORDINAL")


def extract_quantities(work) -> None:
    """The quantities stage: each count in the article with what it counts, where, when and its modality."""
    timex_at = {i: tx for first, last, tx in work.timex_tokens for i in range(first, last + 1)}
    out: list[Quantity] = []
    last_in_article: Quantity | None = None
    for sent in work.sents:
        work.deadline.check("quantities")
        if sent.start in work.skip_sentences:
            continue
        previous: Quantity | None = None
        # "reduced the level to 4,500": a bare figure continues the article's last count
        if any(t.lemma_.lower() in EN.level_words for t in sent):
            previous = last_in_article
        for tok in sent:
            if not _starts_count(tok, sent, timex_at):
                continue
            q = _quantity_at(work, tok, sent, timex_at, previous)
            if q is not None:
                out.append(q)
                previous = last_in_article = q
        out += _one_person_casualties(work, sent, timex_at)
    out.sort(key=lambda q: q.start)
    work.result.quantities = _without_headline_retellings(work, out)


def _one_person_casualties(work, sent, timex_at) -> list[Quantity]:
    """ "gunmen shot dead a lawyer", "A Pakistani soldier was killed", "killing a Yemeni resident": one person
    killed or wounded with no number is a count of 1 (an ACLED row counts each death). The person is the
    object of an active verb, the subject of a passive one or of "died"; someone first mentioned here ("the
    commander of the municipal police", not "the soldier" told of before) or named."""
    out = []
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        unit = _done_to(verb)
        if unit not in CASUALTY_UNITS:
            continue
        roles = ("dobj", "nsubjpass", "nsubj") if verb.lemma_.lower() in EN.dying_verbs else ("dobj", "nsubjpass")
        victims = [c for c in verb.children if c.dep_ in roles]
        victims += [c for v in victims for c in v.conjuncts if c.i > v.i]
        for v in victims:
            if not _one_person(work, v, sent):
                continue
            first = next(t for t in v.subtree if t.i <= v.i or t.dep_ in ("compound", "flat"))
            out.append(_count(work, v, sent, timex_at, (first.idx, v.idx + len(v.text)), unit, 1, unit))
    return out


def _one_person(work, noun, sent) -> bool:
    """Whether a victim is one person first mentioned here: a singular person noun after 'a', 'another' or
    'the' (not told of before in the article), or a named person; never a counted one ("two soldiers")."""
    if any(c.dep_ == "nummod" for c in noun.children):
        return False
    if noun.ent_type_ == "PERSON" and noun.pos_ == "PROPN":
        name = work.article.text[noun.idx : noun.idx + len(noun.text)]
        return name not in work.article.text[: sent.start_char]
    lemma = noun.lemma_.lower()
    person = lemma in EN.person_nouns or EN.noun_units.get(lemma) in EN.person_units
    if noun.tag_ != "NN" or not person:
        return False
    det = next((c.lower_ for c in noun.children if c.dep_ == "det"), None)
    if det not in EN.one_person_determiners:
        return False
    return det != "the" or noun.lower_ not in work.article.text[: sent.start_char].lower()


def _without_headline_retellings(work, found: list[Quantity]) -> list[Quantity]:
    """A headline's count that the body tells again ("landmine kills 2 cops" above "two police officers were
    killed") is one count, kept where the body tells it: summed twice it would double an event's toll."""
    headline = work.headline
    if headline is None:
        return found
    end = work.sents[headline].end_char
    body = {(q.unit, q.value) for q in found if q.start >= end}
    return [q for q in found if q.start >= end or (q.unit, q.value) not in body]


def _starts_count(tok, sent, timex_at) -> bool:
    """Whether a token starts a number that may count something: not part of a date, time, percentage or
    ordinal, nor the second word of a number ("4.4 billion" starts at "4.4")."""
    doc = tok.doc
    # "half a million homes": counted from "million"
    half_a_scale = (
        tok.lower_ in EN.article_scales
        and tok.i >= 2
        and doc[tok.i - 1].lower_ in EN.indefinite_articles
        and doc[tok.i - 2].lower_ == "half"
    )
    if not half_a_scale and (not tok.like_num or tok.i in timex_at or tok.ent_type_ in NOT_COUNTS):
        return False
    if tok.i > sent.start + 1 and doc[tok.i - 1].text == "(" and doc[tok.i - 2].like_num:
        return False  # "Twelve (12) civilians": the figure restates the words, one count
    return not (tok.i > sent.start and doc[tok.i - 1].like_num)


def _quantity_at(work, tok, sent, timex_at, previous: Quantity | None) -> Quantity | None:
    """The count a number token starts, or None when it counts nothing we know (a year, a duration, a bare
    figure with no earlier count to continue)."""
    value, num_toks = _number_tokens(tok)
    if value is None or _is_year(tok, value):
        return None
    noun = _counted_noun(tok)
    symbol = _currency_symbol(tok)
    money = _money(symbol, noun)
    if noun is not None and not money and noun.lemma_.lower() in EN.measures:
        return None  # durations and distances are not counts
    unit = next((u for rule in UNIT_RULES if (u := rule(tok, noun, money, previous)) is not None), None)
    if unit is None:
        return None
    span_toks = num_toks + ([noun] if noun is not None and noun.i > tok.i else [])
    start = min(t.idx for t in span_toks + ([symbol] if symbol is not None else []))
    end = max(t.idx + len(t.text) for t in span_toks)
    subject = _subject(work, work.kb, tok, noun, unit, previous, sent)
    anchor = noun if noun is not None else tok
    return _count(
        work,
        anchor,
        sent,
        timex_at,
        (start, end),
        subject,
        value,
        unit,
        cumulative=_running_total(_governing_verb(anchor), unit, timex_at),
        part=_part_of_previous(tok, num_toks, sent, previous, unit),
    )


def _count(work, anchor, sent, timex_at, span, subject, value, unit, cumulative=False, part=False) -> Quantity:
    """The count of the characters `span`, with its clause's modality and date (read at `anchor`)."""
    modality, date = _modality_and_date(work, anchor, sent, timex_at)
    start, end = span
    return Quantity(
        subject=subject,
        value=value,
        unit=unit,
        date=date,
        modality=modality,
        text=work.article.text[start:end],
        start=start,
        end=end,
        cumulative=cumulative,
        part=part,
    )


PART_GAP = 5  # tokens between a count and its part at most (", among them", ", including")


def _part_of_previous(tok, num_toks, sent, previous: Quantity | None, unit: str) -> bool:
    """ "killing 27 people, among them nine children", "12 people, including three soldiers", "30 people, 12 of
    them children": a count of the same unit that the words between it and the count before it (or its own
    "of them") tell is a part of that count."""
    if previous is None or previous.unit != unit:
        return False
    doc = tok.doc
    between = [t for t in doc[sent.start : tok.i] if t.idx >= previous.end]  # Token.sent is costly
    if len(between) <= PART_GAP and any(t.lower_ in EN.part_words for t in between):
        return True
    return _of_them(num_toks[-1])


def _of_them(tok) -> bool:
    """Whether "of them" / "of whom" follows the token ("30 people, 12 of them children")."""
    after = tok.doc[tok.i + 1 : tok.i + 3]
    return len(after) == 2 and after[0].lower_ == "of" and after[1].lower_ in EN.part_of_words


def _counted_noun(tok):
    """The noun a number counts ("12 people", "3 billion yuan": the scale word sits between), or None."""
    head = tok.head
    if head.lower_ in EN.scales and head.i == tok.i + 1:
        head = head.head
    if tok.dep_ not in ("nummod", "quantmod", "compound") and head.pos_ != "NOUN":
        return None
    return head if head.pos_ in ("NOUN", "PROPN") and head.i > tok.i else None


def _currency_symbol(tok):
    """The currency word or sign right before a number ("$", "US$"), or None."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev if prev is not None and prev.text.lower() in EN.currencies else None


def _money(symbol, noun) -> str | None:
    """The currency of an amount, from the noun it counts ("3 billion yuan"), else from its sign ("$4 million")."""
    if noun is not None and noun.lemma_.lower() in EN.currencies:
        return EN.currencies[noun.lemma_.lower()]
    return EN.currencies[symbol.text.lower()] if symbol is not None else None


def _unit_of_money(tok, noun, money, previous) -> str | None:
    """ "$4.4 billion", "3 billion yuan": the currency."""
    return money or None


def _unit_of_verb(tok, noun, money, previous) -> str | None:
    """ "12 people were killed", "arrested 40 protesters": what happened to them (not "12 gunmen killed three
    villagers": the gunmen did it)."""
    counted = noun or tok
    while counted.dep_ == "conj" and counted.head.i < counted.i:
        counted = counted.head  # "killed 5 soldiers and 3 civilians": the civilians were killed too
    verb = counted.head if counted.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    if verb is None or _agent_of(counted, verb):
        return None
    return _done_to(verb, counted)


def _done_to(verb, counted=None) -> str | None:
    """The unit of those a verb did something to: its `verb_units` ('killed', 'arrested'), else killed when its
    complement says they died ("shot dead") or, for its subject `counted`, they fell in combat."""
    unit = EN.verb_units.get(verb.lemma_.lower())
    if unit is None and (_to_death(verb) or (counted is not None and _fallen(counted, verb))):
        return "killed"
    return unit


def _fallen(counted, verb) -> bool:
    """ "Three soldiers fell in combat", "fifteen soldiers fallen with arms in hand": the ones who fell were
    killed."""
    if verb.lemma_.lower() != "fall" or counted.dep_ != "nsubj":
        return False
    words = " " + " ".join(t.lower_ for t in verb.subtree) + " "
    return any(f" {p} " in words for p in EN.fallen_phrases)


def _to_death(verb) -> bool:
    """ "shot dead two policemen", "were hacked to death": a verb of harm whose complement says they died."""
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.lower_ in EN.dead_nouns:  # the parser hangs 'dead' on the noun that follows
        return True
    for c in verb.children:
        if c.lower_ in EN.dead_nouns and c.dep_ in ("acomp", "advmod", "oprd", "xcomp", "dobj", "ccomp", "amod"):
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(p.lemma_.lower() == "death" for p in c.children):
            return True
    return False


def _unit_of_state(tok, noun, money, previous) -> str | None:
    """ "left 17 dead", "reported 15 dead and 30 wounded", "left 12 people dead": the state the counted are left
    in."""
    if tok.dep_ == "nummod" and tok.head.pos_ == "ADJ" and tok.head.lower_ in EN.dead_nouns:
        return "killed"
    for c in tok.children:
        if c.dep_ in ("acl", "amod") and c.lemma_.lower() in EN.verb_units:
            return EN.verb_units[c.lemma_.lower()]
    counted = noun or tok
    if counted.dep_ == "dobj" and any(
        c.dep_ in ("oprd", "xcomp", "ccomp") and c.lower_ in EN.dead_nouns for c in counted.head.children
    ):
        return "killed"
    return None


def _unit_of_part(tok, noun, money, previous) -> str | None:
    """ "27 people, among them nine children", "12 people, including three soldiers", "30 people, 12 of them
    children": a part of the count before it counts what that count counts."""
    if previous is None:
        return None
    counted = noun or tok
    if counted.dep_ == "pobj" and counted.head.lower_ in EN.part_words and counted.head.i - PART_GAP < tok.i:
        return previous.unit
    return previous.unit if _of_them(tok) else None


def _unit_of_noun(tok, noun, money, previous) -> str | None:
    """ "2,000 soldiers" (troops), "eight companies": people by their role, things by their noun."""
    if noun is None:
        return None
    return EN.noun_units.get(noun.lemma_.lower()) or noun.lower_


def _unit_of_toll(tok, noun, money, previous) -> str | None:
    """ "the death toll rose to 41", "the number of people killed ... has risen to 13", "the number of dead
    reached 20": a bare figure a count reaches is what the count counts (killed, when it says so)."""
    if noun is not None:
        return None
    if tok.dep_ == "pobj" and tok.head.lower_ in EN.figure_preps:
        verb = tok.head.head
    elif tok.dep_ == "dobj" and tok.head.lemma_.lower() in EN.reach_verbs:
        verb = tok.head
    else:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    lemma = subject.lemma_.lower()
    if lemma in EN.toll_nouns:
        return "killed"
    if lemma not in EN.count_nouns:
        return None
    for t in subject.subtree:
        if t.i != subject.i and t.lemma_.lower() in EN.verb_units:
            return EN.verb_units[t.lemma_.lower()]
        if t.i != subject.i and (t.lemma_.lower() in EN.dead_nouns or t.lower_ in EN.dead_nouns):
            return "killed"
    return None


def _unit_of_earlier_figure(tok, noun, money, previous) -> str | None:
    """ "reduced the level to 4,500", "rose from 20 to 40": the unit of the sentence's earlier count; not a bare
    number with a verb of its own ("killed 40,000 and driven two million from their homes": the two million
    were not killed)."""
    if noun is None and previous is not None and tok.dep_ == "pobj" and tok.head.lower_ in EN.figure_preps:
        return previous.unit
    return None


# What a number counts (tok, its noun, its currency, the sentence's earlier count) -> unit; in order, the first
# that applies wins.
UNIT_RULES = (
    _unit_of_money,
    _unit_of_verb,
    _unit_of_state,
    _unit_of_part,
    _unit_of_noun,
    _unit_of_toll,
    _unit_of_earlier_figure,
)


def _modality_and_date(work, anchor, sent, timex_at) -> tuple[str, str | None]:
    """A count's modality and date: its clause's modality, 'desired' under a wish ("wants 5,000 troops"),
    'planned' before a deadline still to come; its clause's date, else the month it was reported."""
    pub = work.article.date
    tx = _nearest_timex(anchor, sent, timex_at)
    modality, _why = modality_of(anchor if anchor.pos_ == "VERB" else _governing_verb(anchor), None)
    if any(t.lemma_.lower() in EN.desire_words for t in anchor.ancestors if t.i >= sent.start):
        modality = "desired"
    date = tx.value if tx is not None else None
    if tx is not None and tx.anchor == "deadline" and date and pub and date > pub:
        modality = "planned"
    if date is None and pub:
        date = pub[:7]  # no date in the text: the month it was reported (or pledged)
    return modality, date


def _running_total(verb, unit: str, timex_at: dict) -> bool:
    """Whether a count is a total over several events or a period: its clause says since when or so far ("the
    violence has killed more than 40,000 people since 2009", "Since the war began, 3,000 have died", "have been
    killed so far this year"; numbers.yaml `running_total_words`), or it counts the dead of a long conflict
    over a month or a year ("75 civilians had been killed in acts of terrorism and armed conflict in July",
    "more than 5,600 people were killed in gang-related violence in 2024"). Such a total is no one event's
    toll. A toll of the dead "so far" is one attack's latest count unless the clause names a long conflict
    (`so_far_words`)."""
    if verb is None:
        return False
    # the clause's own words: not those of clauses hung on it ("killed 14, bringing the toll since January to
    # 200": the 14 are this attack's), except a "since" clause, which says since when ("Since the war began")
    skip: set[int] = set()
    for c in verb.children:
        if c.dep_ in ("ccomp", "conj", "advcl", "relcl", "acl", "parataxis", "xcomp") and not (
            c.dep_ == "advcl" and any(t.dep_ == "mark" and t.lower_ == "since" for t in c.children)
        ):
            skip |= {t.i for t in c.subtree}
    clause = [t for t in verb.subtree if t.i not in skip]
    words = " " + " ".join(t.lower_ for t in clause) + " "
    if any(f" {w} " in words for w in EN.running_total_words):
        return True
    long_conflict = any(t.lemma_.lower() in EN.long_conflict_nouns for t in clause)
    if any(f" {w} " in words for w in EN.so_far_words):
        return unit != "killed" or long_conflict
    # a month or a year (a timex of the clause dated no finer), not a day
    return long_conflict and any(t.i in timex_at and len(timex_at[t.i].value or "") in (4, 7) for t in clause)


def _agent_of(counted, verb) -> bool:
    """Whether the counted people did the verb's act to someone else: the active subject of a verb with an
    object ("12 gunmen killed three villagers"), unlike its object ("killing five soldiers") or the subject
    of a passive or intransitive verb ("five soldiers were killed", "five soldiers died")."""
    return counted.dep_ == "nsubj" and any(c.dep_ in ("dobj", "obj") for c in verb.children)


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
        if t.i in places and t.dep_ == "pobj" and t.head.lower_ in EN.count_place_preps:
            place = places[t.i].name
            break
    if place is None and unit == "troops" and work.main_country:
        place = kb.country_names.get(work.main_country, work.main_country)
    noun_text = re.sub(r"\s+", " ", noun.text) if noun is not None else unit
    label = (
        unit
        if unit in ("killed", "wounded", "arrested", "displaced", "released", "abducted", "sentenced")
        else noun_text
    )
    if unit in set(EN.currencies.values()):
        label = "money"
    parts = [owner + " " + label if owner and unit == "troops" else label]
    if place:
        parts.append(f"in {place}")
    return " ".join(parts)
