"""The actors stage: every mention of a person, organisation, country or group (names, titles,
descriptions, pronouns) resolved within the article to one actor with country, sector and CAMEO code.

Rule-based over the spaCy parse. Knowledge comes from the knowledge base (`kb.py`), never from code.
"""

from __future__ import annotations

from collections import Counter

from ..model import Actor, Mention
from .kb import Entity, KnowledgeBase, norm

LOCATIVE_PREPS = {"in", "at", "near", "across", "throughout", "inside", "outside", "around", "into", "within",
                  "from", "to", "toward", "towards", "through", "over"}
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                   "herself": "f"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
THING_PRONOUNS = {"it", "its"}
# Heads that mean "the body itself" when modified by an organisation's name ("Houthi representatives").
MEMBER_HEADS = {"representative", "delegation", "delegate", "member", "fighter", "leader", "leadership",
                "official", "spokesman", "spokeswoman", "spokesperson", "envoy", "team", "negotiator", "movement",
                "group", "militant", "force", "forces", "troop", "commander", "nation", "country", "state",
                "militia", "wing", "faction", "government", "authority", "authorities", "soldier", "gunman"}
DESCRIPTION_COREF_HEADS = {"group", "movement", "organisation", "organization", "militant", "insurgent", "rebel",
                           "alliance", "bloc", "extremist", "jihadist", "fighter", "militia", "kidnapper", "captor",
                           "abductor", "hostage-taker", "bandit"}
SECTOR_NAMES = {"GOV": "Government of {c}", "MIL": "Armed forces of {c}", "COP": "Police of {c}",
                "REB": "Rebels in {c}", "LEG": "Legislature of {c}", "JUD": "Judiciary of {c}",
                "CVL": "Civilians in {c}", "OPP": "Opposition in {c}", "REF": "Refugees from {c}",
                "JRN": "Media of {c}", "EDU": "Students of {c}", "LAB": "Workers of {c}", "ELI": "Elites of {c}",
                "SPY": "Intelligence services of {c}", "UAF": "Unidentified armed group in {c}"}
CAMEO_SECTOR = {"JRN": "MED", "MED": "HLH"}
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"}


def cameo_code(country: str | None, sector: str | None) -> str | None:
    if not country and not sector:
        return None
    c = country or "---"
    if country in NON_STATE:
        return c if sector in (None, "IGO", "NGO", country) else c + CAMEO_SECTOR.get(sector, sector)
    return c + (CAMEO_SECTOR.get(sector, sector) if sector else "")


class ActorRegistry:
    """Actors of one article, keyed by identity, with their mentions in text order."""

    def __init__(self, kb: KnowledgeBase, date: str | None):
        self.kb = kb
        self.date = date
        self.by_key: dict[str, Actor] = {}
        self.order: list[Actor] = []
        self.last_person: list[tuple[int, Actor]] = []  # (token index, actor) of person mentions
        self.last_group: list[tuple[int, Actor]] = []
        self.pending_spokes: list[Actor] = []
        self.heads: dict[str, Actor] = {}  # head noun lemma of a description -> the actor it named last
        self.subject_tokens: set[int] = set()  # first tokens of mentions that are clause subjects
        self.acronyms: dict[str, Actor] = {}
        self.sent_start: dict[int, int] = {}  # "MCP" -> the organisation introduced as "... (MCP)"
        self.core_tokens: set[int] = set()  # first tokens of mentions that are a verb's subject or object
        # token index of a resolved possessive pronoun -> its actor: "its armed forces" after "Germany would"
        self.possessive_owner: dict[int, Actor] = {}

    def by_id(self, actor_id: str) -> Actor | None:
        return next((a for a in self.order if a.actor_id == actor_id), None)

    def get(self, key: str, make) -> Actor:
        if key not in self.by_key:
            actor = make()
            actor.key = key
            actor.actor_id = f"A{len(self.order) + 1}"
            self.by_key[key] = actor
            self.order.append(actor)
        return self.by_key[key]

    def from_entity(self, ent: Entity) -> Actor:
        def make():
            country, sector, title, why = ent.at(self.date)
            return Actor(actor_id="", name=ent.name, country=country, sector=sector, role=title,
                         code=cameo_code(country, sector), kind=ent.kind, gender=ent.gender,
                         why=f"knowledge base: {why}")
        return self.get(ent.id, make)

    def generic(self, country: str | None, sector: str | None, text: str, head: str) -> Actor:
        key = f"agent:{country}:{sector}" if country else f"agent:?:{sector}:{head}"

        def make():
            name = SECTOR_NAMES.get(sector or "", "").format(c=self.kb.country_names.get(country, country)) \
                if country and sector in SECTOR_NAMES else text
            return Actor(actor_id="", name=name, country=country, sector=sector, code=cameo_code(country, sector),
                         kind="group", why=f"generic agent '{head}'" + (f" of {country}" if country else ""))
        return self.get(key, make)


def _strip_det(tokens) -> list:
    toks = list(tokens)
    while toks and (toks[0].dep_ in ("det", "predet") or toks[0].tag_ in ("DT", "PDT", "PRP$", "POS")
                    or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].tag_ == "POS"):
        toks = toks[:-1]
    return toks


def _text(tokens) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i: tokens[-1].i + 1].text


def _is_locative(span) -> bool:
    """A place named as where something happened ('in Bamako'), not as an actor."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return True
    if root.dep_ in ("compound", "nmod") and root.head.ent_type_ in ("FAC", "ORG") and root.head.dep_ == "pobj" \
            and root.head.head.lower_ in LOCATIVE_PREPS:
        return True
    return False


def _country_modifier(kb: KnowledgeBase, chunk_tokens, head, reg: ActorRegistry | None = None) -> str | None:
    for t in chunk_tokens:
        if t.i == head.i:
            continue
        if t.dep_ in ("amod", "compound", "nmod", "poss") or t.ent_type_ in ("NORP", "GPE"):
            iso = kb.country_of_word(t.text)
            if iso:
                return iso
    for child in head.children:
        if child.dep_ == "poss":
            iso = kb.country_of_word(_text([w for w in child.subtree if not w.tag_ == "POS"]))
            if iso:
                return iso
            owner = reg.possessive_owner.get(child.i) if reg is not None else None
            if owner is not None and owner.country and owner.kind in ("country", "organization"):
                return owner.country  # "its armed forces" after "Germany would ..."
    # two-word names ("South Korean", "United States") as modifiers
    words = [t.text for t in chunk_tokens if t.i < head.i]
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            iso = kb.country_of_word(" ".join(words[i:i + n]))
            if iso:
                return iso
    return None


def _agent_sectors(kb: KnowledgeBase, chunk_tokens, head) -> tuple[list[str] | None, str]:
    """Sectors a generic head noun implies, trying the longest phrase ending at the head first."""
    idx = [t.i for t in chunk_tokens]
    pos = idx.index(head.i) if head.i in idx else len(chunk_tokens) - 1
    for n in (3, 2):
        if pos - n + 1 >= 0:
            words = chunk_tokens[pos - n + 1: pos + 1]
            phrase = " ".join(w.lower_ for w in words[:-1]) + " " + head.lemma_.lower()
            surface = head.doc[words[0].i: head.i + 1].text.lower()  # "ombudsman's office", as written
            s = kb.agent_sectors(phrase) or kb.agent_sectors(" ".join(w.lower_ for w in words)) or kb.agent_sectors(surface)
            if s:
                return s, phrase
    s = kb.agent_sectors(head.lemma_.lower()) or kb.agent_sectors(head.lower_)
    if not s and head.pos_ == "PROPN" and head.lower_.endswith("s"):
        # "Rebels shelled ...": a capitalised plural the tagger took for a name
        s = kb.agent_sectors(head.lower_[:-1]) or kb.agent_sectors(head.lower_[:-2])
    return s, head.lemma_.lower()


def _person_entity(kb: KnowledgeBase, text: str, date: str | None) -> Entity | None:
    cands = kb.lookup(text, kinds=("person",))
    if not cands:
        return None
    active = [e for e in cands if any(s.active(date) for s in e.spells)]
    pool = active or cands
    return pool[0]


def resolve_actors(work) -> None:
    kb: KnowledgeBase = work.kb
    doc = work.doc
    reg = ActorRegistry(kb, work.article.date)
    token_actor: dict[int, str] = {}
    mentions: list[tuple[Actor, Mention]] = []
    claimed: set[int] = set()

    def add(actor: Actor, tokens, kind: str) -> None:
        toks = [t for t in tokens if t.i not in claimed]
        if not toks:
            return
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        m = Mention(text=text[start:end], start=start, end=end, kind=kind, token_start=toks[0].i,
                    token_end=toks[-1].i + 1)
        actor.mentions.append(m)
        mentions.append((actor, m))
        for t in toks:
            token_actor[t.i] = actor.actor_id
            claimed.add(t.i)
        if any(t.dep_ in ("nsubj", "nsubjpass") and (t.head.dep_ in ("ROOT", "conj") or t.head.head.dep_ == "ROOT"
                                                       and t.head.dep_ != "ccomp") for t in toks):
            reg.subject_tokens.add(toks[0].i)  # main-clause subjects: who a following 'he' continues
        if any(t.dep_ in ("nsubj", "nsubjpass", "dobj", "dative") for t in toks):
            reg.core_tokens.add(toks[0].i)
        if len(toks) == 1 and toks[0].tag_ == "PRP$":
            reg.possessive_owner[toks[0].i] = actor
        if actor.kind == "person":
            reg.last_person.append((toks[0].i, actor))
        else:
            reg.last_group.append((toks[0].i, actor))
        head = max(toks, key=lambda t: t.i)
        if kind in ("description", "name") and head.pos_ == "NOUN" and actor.kind != "person":
            reg.heads[head.lemma_.lower()] = actor

    skip = work.skip_sentences
    text = work.article.text
    sent_of = {i: work.sents[k].start for i, k in enumerate(work.sent_index)}
    reg.sent_start = sent_of  # token index -> its sentence's first token (Token.sent is costly)

    ents_by_token = {}
    for ent in doc.ents:
        for t in ent:
            ents_by_token[t.i] = ent

    chunks = list(doc.noun_chunks)
    chunk_tokens_set = {t.i for c in chunks for t in c}
    # Entities outside any noun chunk (parser misses) still count as mentions.
    spans = chunks + [e for e in doc.ents if not any(t.i in chunk_tokens_set for t in e)]
    named_orgs = _organization_names(kb, doc, work.sent_index)
    spans += list(named_orgs)
    spans.sort(key=lambda s: (s.start, -len(s)))
    pending_generic: list[tuple[Actor, list]] = []
    pending_named: list[Actor] = []

    dl_start, dl_end = _dateline_range(work)
    for span in spans:
        if sent_of.get(span.start) in skip or dl_start <= span.start_char < dl_end:
            continue
        if span in named_orgs:
            add(reg.from_entity(named_orgs[span]), list(span), "name")
            continue
        if all(t.i in claimed for t in span):
            continue  # inside an organisation's name ("Reporters" of "Reporters Without Borders")
        root = span.root
        toks = _strip_det(span)
        if not toks:
            continue
        # Pronouns
        if len(toks) == 1 and toks[0].tag_ in ("PRP", "PRP$"):
            _resolve_pronoun(reg, toks[0], add)
            continue
        if len(span) == 1 and root.tag_ in ("PRP", "PRP$", "WP", "WDT", "EX"):
            continue
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in ("NOUN", "PROPN") \
                and (root.head.head.text[:1].isupper() or root.head.head.lemma_.lower() in TITLE_HEADS) \
                and kb.agent_sectors(root.head.head.lower_) and root.ent_type_ in ("ORG", "GPE", ""):
            if not kb.lookup(_text(toks), kinds=("organization",)) or root.head.head.dep_ == "nmod":
                continue  # "Secretary of State": part of a title
        # Possessive pronouns inside chunks ("his talks", "their leader")
        for t in span:
            if t.tag_ == "PRP$" and t.i not in claimed:
                _resolve_pronoun(reg, t, add)
        if root.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
            continue
        ents = [e for e in doc.ents if e.start < span.end and e.end > span.start]
        # dated role descriptions first: "the US president" is a person on a date, not a body. A country
        # the recogniser took for a person ("Azerbaijan condemned the deal") is no person.
        if not any(e.label_ == "PERSON" and not kb.lookup(e.text, kinds=("country",)) for e in ents):
            actor = _resolve_description(work, reg, kb, span, toks)
            if actor:
                add(actor, toks, "description")
                run_org = _org_run(kb, toks)
                if run_org is not None:  # "the Hezbollah leader": the group is named too
                    reg.last_group.append((run_org[1][0].i, reg.from_entity(run_org[0])))
                continue
        known = _known_name_in(kb, toks, root)
        if known is not None:
            add(reg.from_entity(known), toks, "name")
            continue
        persons = [e for e in ents if e.label_ == "PERSON" and not kb.lookup(e.text, kinds=("country",))
                   and (not _city_not_person(kb, e, toks, reg.date)
                        or _named_before(kb, reg, e.text))]  # "Dizon told reporters": not Dijon, the spokesman
        if not [e for e in ents if e.label_ not in ("WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE")] and root.pos_ == "PROPN":
            # a name the entity recogniser missed or mislabelled ("Kasongo said", "Yusuf" as a work of
            # art): a person if the article or the knowledge base knows one by that name
            props = [t for t in toks if t.pos_ == "PROPN"]
            pname = _text(props)
            if props and (_person_entity(kb, pname, reg.date) or any(
                    a.kind == "person" and a.name.split()[-1].lower() == props[-1].lower_ for a in reg.order)
                    or (len(props) == 1 and kb.person_by_surname(pname, reg.date))):
                persons = [doc[props[0].i: props[-1].i + 1]]
        if persons:
            pe = persons[-1]
            first = persons[0]
            if len(persons) > 1 and all(b.start == a.end for a, b in zip(persons, persons[1:], strict=False)):
                pe = doc[first.start: pe.end]  # "Abubakar Sadiq" + "Yusuf": one name the recogniser split
            actor = _resolve_person(work, reg, kb, pe, toks)
            if actor:
                add(actor, toks, "name")
                if root.dep_ == "appos" and token_actor.get(root.head.i):
                    _name_the_description(reg, token_actor, token_actor[root.head.i], actor)
                continue
        run_org = _org_run(kb, toks)
        if run_org is not None:
            org, run = run_org
            org_actor = reg.from_entity(org)
            if root.i not in {t.i for t in run} and _resolve_description(work, reg, kb, span, toks) is None:
                add(org_actor, run, "name")  # "Islamic State positions": the group is named
                continue
            # "the Hezbollah leader": the group is named too, for 'the group' later
            reg.last_group.append((run[0].i, org_actor))
        # Apposition: "General Ann Smith, the army chief of staff ..." is the same actor (also when the parser
        # missed it: "Keo Sovannara, a 41-year-old member of ..., was arrested").
        k = span.start - 1
        indefinite = span[0].lower_ in ("a", "an")
        while k >= 0 and span.start - k < 6 and (doc[k].lower_ in ("a", "an") or doc[k].like_num or doc[k].text == "-"):
            indefinite = indefinite or doc[k].lower_ in ("a", "an")
            k -= 1  # "Keo Sovannara, a 41-year-old member": skip back over "a 41-"
        if k >= 1 and doc[k].text == "," and indefinite and root.pos_ == "NOUN" and doc[k - 1].i in token_actor:
            target = reg.by_id(token_actor[doc[k - 1].i])
            if target is not None and target.kind == "person":
                add(target, toks, "description")
                continue
        if root.dep_ == "appos" and root.head.i in token_actor and root.pos_ != "PROPN":
            actor = next(a for a in reg.order if a.actor_id == token_actor[root.head.i])
            if actor.kind == "person" and not actor.role:
                actor.role = _text(toks)
            add(actor, toks, "description")
            continue
        named = [e for e in ents if e.label_ in ("ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT")
                 or (e.label_ == "PERSON" and kb.lookup(e.text, kinds=("country",)))]
        if not ents and root.pos_ == "PROPN" and not _is_locative(span):
            # a country or organisation the entity recogniser missed ("- Azerbaijan released ...")
            props = [t for t in toks if t.pos_ == "PROPN"]
            cands = kb.lookup(_text(props), kinds=("organization", "country")) if props else []
            if cands:
                add(reg.from_entity(cands[0]), toks, "name")
                continue
        # "the two neighbours", "both sides": the last two countries or groups named
        if root.lemma_.lower() in PAIR_HEADS and any(t.lower_ in ("two", "both") for t in toks):
            pair = []
            for _i, a in reversed(reg.last_group):
                if a.kind in ("country", "organization") and a not in pair:
                    pair.append(a)
                if len(pair) == 2:
                    break
            if len(pair) == 2:
                add(pair[0], toks, "description")
                work.token_group[root.i] = [pair[0].actor_id, pair[1].actor_id]
                pair[1].mentions.append(Mention(text=_text(toks), start=toks[0].idx, end=toks[-1].idx + len(toks[-1].text),
                                                kind="description", token_start=toks[0].i, token_end=toks[-1].i + 1))
                continue
        head_in_entity = next((e for e in named if e.start <= root.i < e.end), None)
        if head_in_entity is not None and _is_locative(span) and (head_in_entity.label_ in ("GPE", "LOC", "FAC")
                                                                  or kb.lookup(head_in_entity.text, kinds=("country",))):
            continue
        if head_in_entity is not None:
            actor = _resolve_named(reg, kb, head_in_entity, toks)
            if actor:
                add(actor, toks, "name" if actor.kind != "country" or head_in_entity.label_ != "GPE"
                    or norm(head_in_entity.text) == norm(actor.name) else "metonym")
                continue
        # Role descriptions ("the top US military officer"), with any 'of ...' complement.
        actor = _resolve_description(work, reg, kb, span, toks)
        if actor:
            add(actor, toks, "description")
            continue
        # "the coalition" after "the Saudi-led coalition"; "coalition jets", "coalition spokesman":
        # the same head noun names the same actor within an article
        same = _same_head(reg, toks, root)
        if same is not None:
            if root.lemma_.lower() in SPOKES_HEADS:
                add(_spokesperson(reg, root, toks, same.country, principal=same), toks, "description")
            else:
                add(same, toks, "description")
            continue
        # Organisation or country modifying a generic head ("Houthi representatives", "US troops").
        sectors, phrase = _agent_sectors(kb, toks, root)
        mod_org = None
        for e in named:
            if e.start <= root.i < e.end:
                continue
            cand = kb.lookup(e.text, kinds=("organization",))
            if cand:
                mod_org = cand[0]
                break
        if mod_org is not None and (root.lemma_.lower() in MEMBER_HEADS or sectors):
            add(reg.from_entity(mod_org), toks, "description")
            continue
        if sectors and sectors[0] in ("UNK", "JNK", "NON"):
            sectors = None  # 'region', 'area': not an actor
        if root.lemma_.lower() in PLACE_NOUNS and _is_locative(span):
            continue  # "in Malawi's capital", "near the border": where, not who
        if sectors and sectors[0] in ("CVL", "GOV"):
            # "opposition supporters", "rebel fighters": a telling modifier beats a generic head
            for t in toks:
                if t.i < root.i and t.dep_ in ("compound", "amod", "nmod") and t.lemma_.lower() in SECTOR_MODIFIERS:
                    s = kb.agent_sectors(t.lemma_.lower())
                    if s and s[0] in ("OPP", "REB", "MIL", "COP", "SPY", "JRN", "LAB", "EDU"):
                        sectors, phrase = s, t.lemma_.lower() + " " + root.lemma_.lower()
                        break
        if not sectors:
            # "opposition groups", "militant group", "intelligence officials": the modifier says who
            for t in reversed(toks):
                if t.i < root.i and t.dep_ in ("compound", "amod", "nmod") and t.lemma_.lower() in SECTOR_MODIFIERS:
                    s = kb.agent_sectors(t.lemma_.lower()) or kb.agent_sectors(t.lower_)
                    if s and s[0] not in ("UNK", "JNK", "NON", "SPK"):
                        sectors, phrase = s, t.lemma_.lower() + " " + root.lemma_.lower()
                        break
        if not sectors and root.lemma_.lower() in DESCRIPTION_COREF_HEADS:
            linked = _coref_description(reg, root, None)
            if linked is not None and _country_modifier(kb, toks, root, reg) is None:
                add(linked, toks, "description")
                continue
        if not sectors:
            # "the government's suspension": the possessor is an actor of its own
            for c in root.children:
                if c.dep_ == "poss" and c.tag_ not in ("PRP$",) and c.i not in claimed:
                    ptoks = [w for w in c.subtree if w.tag_ != "POS" and w.dep_ not in ("det", "case")]
                    ps, pphrase = _agent_sectors(kb, ptoks, c)  # "the attorney general's": not a general
                    if ps and ps[0] not in ("UNK", "JNK", "NON", "SPK") and not any(
                            w.ent_type_ and w.ent_type_ not in ("GPE", "NORP") for w in ptoks):  # "Ecuador's ombudsman's"
                        pc = _country_modifier(kb, ptoks, c, reg)
                        pa = _same_head(reg, ptoks, c) or _coref_description(reg, c, ps[0]) if pc is None else None
                        if pa is None:
                            pa = reg.generic(pc, ps[0], _text(ptoks), pphrase)
                            if pc is None:
                                pending_generic.append((pa, ptoks))
                        add(pa, ptoks, "description")
            # "Hamas positions", "Iranian tankers": the named modifier is an actor of its own
            for e in named:
                if e.start <= root.i < e.end or _is_locative(e):
                    continue
                if e.label_ in ("GPE", "LOC", "FAC") and norm(e.text) not in kb.country_names_strict:
                    continue  # "Darfur market": a region naming where, not who
                cand = kb.lookup(e.text, kinds=("organization", "country"))
                if cand:
                    add(reg.from_entity(cand[0]), list(e), "name")
            continue
        sector = next((s for s in sectors if s != "SPK"), None)
        is_spokes = "SPK" in sectors
        country = _country_modifier(kb, toks, root, reg)
        if country is None:
            # "troops loyal to President Salva Kiir", "fighters backing Riek Machar": whose they are
            for c in root.children:
                targets = []
                if c.dep_ == "amod" and c.lemma_.lower() in ("loyal", "allied", "close", "linked", "affiliated"):
                    targets = [p for pr in c.children if pr.dep_ == "prep" for p in pr.children if p.dep_ == "pobj"]
                elif c.dep_ == "acl" and c.lemma_.lower() in ("back", "support", "loyal", "ally"):
                    targets = [o for o in c.children if o.dep_ == "dobj"]
                for t in targets:
                    owner = None
                    for a in reg.order:
                        if any(m.token_start <= t.i < m.token_end for m in a.mentions):
                            owner = a
                    if owner is None:
                        pe = next((e for e in doc.ents if e.start <= t.i < e.end and e.label_ == "PERSON"), None)
                        ent = _person_entity(kb, pe.text, reg.date) if pe is not None else None
                        owner = reg.from_entity(ent) if ent is not None else None
                    if owner is not None and owner.country:
                        country = owner.country
        if country is None:
            # "a foreign ministry spokesperson in Beijing": where they are says whose they are
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "from"):
                    for p in prep.children:
                        if p.dep_ == "pobj" and p.ent_type_ in ("GPE",):
                            country = kb.country_of_word(p.text)
        if country is None and not is_spokes:
            linked = _coref_description(reg, root, sector)
            if linked is not None:
                add(linked, toks, "description")
                continue
        if is_spokes:
            actor = _spokesperson(reg, root, toks, country)
            add(actor, toks, "description")
            continue
        if any(t.lower_ in OUSTED_WORDS for t in toks if t.i < root.i) and sector in ("GOV", "MIL", "LEG"):
            sector = "ELI"  # "the ousted president", "a former minister": out of office
        foreign = any(t.lower_ in FOREIGN_WORDS for t in toks) or root.lemma_.lower() in kb.foreign_agents
        name_toks = [t for t in toks if t.i < root.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod")
                     and t.ent_type_ not in ("PERSON", "NORP", "DATE") and not kb.country_of_word(t.text)]
        if name_toks and sector in NAMED_GROUP_SECTORS and not foreign:
            # "the Los Lobos gang", "the Sparrow militia": a group of its own, not the country's criminals
            gname = doc[name_toks[0].i: name_toks[-1].i + 1].text
            actor = reg.get(f"org:{gname.lower()}", lambda n=gname, c=country, s=sector, h=phrase: Actor(
                actor_id="", name=n, country=c, sector=s, code=cameo_code(c, s), kind="organization",
                why=f"named {h} '{n}'"))
            add(actor, toks, "name")
            if actor.country is None:
                pending_named.append(actor)
            continue
        actor = reg.generic(country, sector, _text(toks), phrase if not foreign else "foreign " + phrase)
        add(actor, toks, "description")
        if country is None and not foreign:
            pending_generic.append((actor, toks))

    work.registry = reg
    main = _main_country(work, kb)
    work.main_country = main
    # Country-less generic agents ("authorities", "the government") are the article's main country's.
    for actor, _toks in pending_generic:
        if actor.country is None and main and actor.sector and actor.sector not in ("IGO", "NGO", "UAF", "UNK"):
            actor.country = main
            if actor.sector in SECTOR_NAMES:
                actor.name = SECTOR_NAMES[actor.sector].format(c=kb.country_names.get(main, main))
            actor.code = cameo_code(main, actor.sector)
            actor.why += f"; country from the article's main country {main}"
            new_key = f"agent:{main}:{actor.sector}"
            if new_key in reg.by_key and reg.by_key[new_key] is not actor:
                target = reg.by_key[new_key]
                target.mentions.extend(actor.mentions)
                for t, aid in list(token_actor.items()):
                    if aid == actor.actor_id:
                        token_actor[t] = target.actor_id
                actor.mentions = []
            else:
                reg.by_key[new_key] = actor
    for actor in reg.order:
        # "Prime Minister Irakli Kobakhidze" unknown to the knowledge base: an office holder of the
        # country the article is about
        if actor.kind == "person" and actor.country is None and actor.sector and actor.sector not in ("IGO", "NGO") \
                and main and actor.key.startswith("person:"):
            actor.country = main
            actor.code = cameo_code(main, actor.sector)
            actor.why += f"; country from the article's main country {main}"
    for actor in pending_named:
        if actor.country is None and main:
            actor.country = main
            actor.code = cameo_code(main, actor.sector)
            actor.why += f"; country from the article's main country {main}"
    for actor in reg.pending_spokes:
        if actor.country is None and main:
            actor.country = main
            actor.code = cameo_code(main, actor.sector)
            actor.why += f"; country from the article's main country {main}"
    _merge_unknown_people(reg, token_actor)
    actors = [a for a in reg.order if a.mentions]
    for a in actors:
        a.mentions.sort(key=lambda m: m.start)
    work.result.actors = actors
    work.token_actor = token_actor
    work.registry = reg


# Sectors of agent nouns that, with a name before them, name a group of their own ("the Los Lobos gang").
NAMED_GROUP_SECTORS = {"CRM", "REB", "UAF", "PTY", "OPP", "NGO", "LAB", "SOC", "PRM"}
# Modifiers that say a generic agent is not of the story's country ("foreign governments").
FOREIGN_WORDS = {"foreign", "international", "western", "overseas", "outside", "external", "regional"}
PAIR_HEADS = {"neighbour", "neighbor", "country", "nation", "side", "government", "party", "rival", "state", "leader",
              "military", "army", "delegation"}
# Modifiers that make any head an actor of a sector ("opposition groups", "militant factions").
SECTOR_MODIFIERS = {"opposition", "militant", "intelligence", "rebel", "insurgent", "jihadist", "islamist", "police",
                    "military", "army", "student", "labour", "labor", "union", "government", "security", "paramilitary",
                    "separatist", "guerrilla", "protest", "media", "state"}
PLACE_NOUNS = {"capital", "city", "town", "village", "area", "region", "province", "district", "border", "street",
               "square", "camp", "site", "territory", "zone", "neighbourhood", "neighborhood", "country"}
OUSTED_WORDS = {"former", "ousted", "deposed", "exiled", "toppled", "overthrown", "ex", "late"}
TITLE_HEADS = {"secretary", "minister", "chairman", "chairwoman", "chair", "chief", "director", "head", "governor",
               "president", "commander", "speaker", "ambassador", "envoy", "mayor"}
SPOKES_HEADS = {"spokesman", "spokeswoman", "spokesperson"}


def _same_head(reg: ActorRegistry, toks, root) -> Actor | None:
    """An earlier actor named by the same head noun: 'the coalition' or a 'coalition' modifier."""
    definite = any(t.lower_ in ("the", "this", "that") for t in toks[:1]) or \
        any(c.lower_ in ("the", "this", "that") and c.dep_ == "det" for c in root.children)
    lemma = root.lemma_.lower()
    has_country = any(t.ent_type_ in ("GPE", "NORP") for t in toks if t.i != root.i)
    names = [t.lower_ for t in toks if t.i < root.i and t.pos_ == "PROPN"]
    if definite and lemma in reg.heads and not has_country and root.pos_ == "NOUN":
        earlier = reg.heads[lemma]
        if names and not all(n in earlier.name.lower().split() for n in names):
            return None  # "the Los Choneros gang" after "the Los Lobos gang": another gang
        return earlier
    for t in toks:
        if t.i < root.i and t.dep_ in ("compound", "nmod") and t.pos_ in ("NOUN", "PROPN") \
                and t.lemma_.lower() in reg.heads:
            return reg.heads[t.lemma_.lower()]
    return None


def _named_before(kb: KnowledgeBase, reg: ActorRegistry, text: str) -> bool:
    """Whether the article already named a person of this surname."""
    last = text.split()[-1].lower()
    return any(a.kind == "person" and last in _surname_keys(kb, a) for a in reg.order)


def _city_not_person(kb: KnowledgeBase, ent, toks, date) -> bool:
    """'rebels shelled Gao': a city the recogniser took for a person (no title, no known person)."""
    from ..gazetteer import gazetteer

    if len(ent) > 2 or any(t.i < ent.start for t in toks if t.pos_ in ("PROPN", "NOUN")):
        return False
    if kb.lookup(ent.text, kinds=("person",)) or kb.person_by_surname(ent.text, date):
        return False
    cities, _ = gazetteer()
    return max((c[4] for c in cities.get(norm(ent.text), [])), default=0) >= 50_000


def _proper_runs(toks, joiners: tuple[str, ...] = ()) -> list[list]:
    """Runs of proper nouns in a phrase ("Islamic State", "Hezbollah"), optionally joined by small words."""
    runs, cur = [], []
    for t in toks:
        if t.pos_ == "PROPN" or (cur and t.text in joiners):
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _org_run(kb: KnowledgeBase, toks):
    """(organisation, its tokens) for a run of two or more proper nouns naming a known organisation."""
    for run in _proper_runs(toks):
        cands = kb.lookup(_text(run), kinds=("organization",))
        if cands and (len(run) >= 2 or len(run[0].text) >= 4):
            return cands[0], run
    return None


def _organization_names(kb: KnowledgeBase, doc, sent_index) -> dict:
    """Spans naming a knowledge-base organisation in words the parser splits into several phrases
    ("Reporters Without Borders", "Committee to Protect Journalists"): longest first, left to right."""
    found = {}
    i, n = 0, len(doc)
    while i < n:
        match = None
        if doc[i].text[:1].isupper() and doc[i].pos_ in ("PROPN", "NOUN", "ADJ"):
            for j in range(min(n, i + 7), i + 2, -1):  # three words or more: two-word names parse as one phrase
                last = doc[j - 1]
                if sent_index[j - 1] != sent_index[i] or not last.text[:1].isupper():
                    continue
                if not any(t.is_punct for t in doc[i:j]):
                    cands = kb.lookup(doc[i:j].text, kinds=("organization",))
                    if cands:
                        match = (doc[i:j], cands[0])
                        break
        if match:
            found[match[0]] = match[1]
            i = match[0].end
        else:
            i += 1
    return found


def _known_name_in(kb: KnowledgeBase, toks, root) -> Entity | None:
    """A knowledge-base organisation named by the phrase or by its run of proper nouns
    ("the Wagner group", "The Islamic State extremist movement")."""
    if not any(t.text[:1].isupper() for t in toks):
        return None  # "an amnesty" is no mention of Amnesty International: names are capitalised
    cands = kb.lookup(_text(toks), kinds=("organization",))
    if cands:
        return cands[0]
    for run in _proper_runs(toks, ("of", "al", "-")):
        if len(run) < 2 and root not in run:
            continue
        if len(run) >= 2 or root in run:
            cands = kb.lookup(_text(run), kinds=("organization",))
            if cands and (root in run or root.lemma_.lower() in MEMBER_HEADS or kb.agent_sectors(root.lemma_.lower())):
                return cands[0]
    return None


def _resolve_person(work, reg: ActorRegistry, kb: KnowledgeBase, pe, toks) -> Actor | None:
    name = pe.text
    # Titles the entity span swallowed ("President Emmanuel Macron") are not part of the name.
    words = name.split()
    while len(words) > 1 and kb.agent_sectors(words[0].lower().rstrip(".")):
        words = words[1:]
    name = " ".join(words).removesuffix("'s").removesuffix("’s")
    last = name.split()[-1].lower()
    if len(name.split()) == 1:
        # a surname alone is first the person this article already named
        for a in reversed(reg.order):
            if a.kind == "person" and last in _surname_keys(kb, a):
                return a
    ent = _person_entity(kb, name, reg.date)
    if ent is None and len(name.split()) == 1:
        ent = kb.person_by_surname(name, reg.date)
    if ent is not None:
        return reg.from_entity(ent)
    for a in reversed(reg.order):
        if a.kind == "person" and (a.name.split()[-1].lower() == last
                                   or len(name.split()) == 1 and last in _surname_keys(kb, a)):
            return a
    if len(name.split()) == 1:
        cands = kb.lookup(name, kinds=("person",))
        if len(cands) == 1:
            return reg.from_entity(cands[0])
    # Unknown person: title words and modifiers say who they are.
    title_toks = [t for t in toks if t.i < pe.start and t.dep_ not in ("det", "punct", "case")]
    title_toks += [t for t in pe if t.text in name.split() and False]
    sector = None
    spokes = False
    gender = None
    for t in title_toks + list(pe.root.children):
        s = kb.agent_sectors(t.lemma_.lower()) or kb.agent_sectors(t.lower_.rstrip("."))
        if s:
            if "SPK" in s:
                spokes = True
                gender = "f" if "woman" in t.lower_ else "m" if "man" in t.lower_ else gender
            elif sector is None:
                sector = s[0]
    country = _country_modifier(kb, title_toks + [pe.root], pe.root, reg)
    affiliation = None
    for t in title_toks:
        a_id = None
        for a in reg.order:
            if a.kind != "person" and any(m.token_start <= t.i < m.token_end for m in a.mentions):
                a_id = a
        if a_id is None and t.pos_ == "PROPN":
            cands = kb.lookup(t.text, kinds=("organization",))
            if cands:
                a_id = reg.from_entity(cands[0])
        if a_id is not None:
            affiliation = a_id
    if affiliation is not None:
        country = country or affiliation.country
        if sector is None or spokes:
            sector = affiliation.sector if affiliation.sector not in ("IGO", "NGO") or sector is None else sector
    elif spokes and sector is None:
        # "army spokesman Major X": the body named by a generic word in the title
        for t in title_toks:
            s = kb.agent_sectors(t.lemma_.lower())
            if s and "SPK" not in s:
                sector = s[0]
    title = _text(title_toks) or None
    key = f"person:{norm(name)}"

    def make():
        return Actor(actor_id="", name=name, country=country, sector=sector, role=title,
                     code=cameo_code(country, sector), kind="person", gender=gender,
                     why="person not in the knowledge base; " + (f"title '{title}'" if title else "no title"))
    actor = reg.get(key, make)
    if spokes:
        actor.speaks_for = actor.speaks_for or (affiliation.actor_id if affiliation is not None else "?")
    return actor


def _surname_keys(kb: KnowledgeBase, actor: Actor) -> set[str]:
    words = actor.name.lower().split()
    keys = {words[-1]}
    if actor.country in kb.family_name_first:
        keys.add(words[0])  # "Xi" of Xi Jinping
    if len(words) >= 3 and len(words[-2]) > 2 and words[-2] not in ("bin", "ibn", "abu", "van", "von", "der", "del"):
        keys.add(words[-2])  # "Acosta" of Ramon Acosta Villalba, "López" of Andrés Manuel López Obrador
    return keys


def _resolve_named(reg: ActorRegistry, kb: KnowledgeBase, ent, toks) -> Actor | None:
    text = ent.text
    # the whole phrase first: spaCy often tags only part of a name ("Wagner" of "the Wagner group")
    cands = kb.lookup(_text(toks), kinds=("organization", "country")) or kb.lookup(text, kinds=("organization", "country"))
    if not cands and norm(text) in reg.acronyms:
        return reg.acronyms[norm(text)]  # "MCP" after "Malawi Congress Party (MCP)"
    if not cands:
        # the parser sometimes tags a surname as an organisation ("Trump's order")
        last = ent.text.split()[-1].lower().removesuffix("'s")
        for a in reversed(reg.order):
            if a.kind == "person" and last in _surname_keys(kb, a):
                return a
        if len(ent.text.split()) == 1:
            person = kb.person_by_surname(ent.text, reg.date)
            if person is not None:
                return reg.from_entity(person)
        if ent.label_ == "ORG":
            from ..gazetteer import lookup_place

            if lookup_place(kb, text, None) is not None and len(text.split()) <= 2:
                return None  # "the town of Jowhar" tagged as an organisation: a place
            name = _text(toks) if toks and toks[-1].i >= ent.end - 1 else text
            name = name.removeprefix("the ").removeprefix("The ")
            words = name.split()
            if len(words) == 1 and kb.agent_sectors(name.lower()):
                return None
            # an organisation named after a place ("Bamako University") is of that place's country
            country = next((kb.country_of_word(w) for w in words if kb.country_of_word(w)), None)
            sectors = next((kb.agent_sectors(w.lower()) for w in reversed(words) if kb.agent_sectors(w.lower())), None)
            sector = sectors[0] if sectors and sectors[0] not in ("SPK", "UNK", "JNK", "NON") else None
            key = f"org:{norm(name)}"
            actor = reg.get(key, lambda: Actor(actor_id="", name=name, country=country, sector=sector,
                                               code=cameo_code(country, sector), kind="organization",
                                               why="organisation not in the knowledge base"))
            if actor.country is None and sector and sector not in ("IGO", "NGO"):
                reg.pending_spokes.append(actor)  # "the Supreme Court": of the story's country
            import re as _re

            m = _re.match(r"\s*\(([A-Z][A-Za-z]{1,7})\)", ent.doc.text[ent.end_char: ent.end_char + 12])
            if m:
                reg.acronyms[norm(m.group(1))] = actor  # "Malawi Congress Party (MCP)"
            return actor
        return None
    actor = reg.from_entity(cands[0])
    if actor.kind == "country" and ent.label_ == "NORP" and ent.text.endswith("s"):
        # "Afghans", "Americans": the people, not the state
        key = f"agent:{actor.country}:CVL"
        return reg.get(key, lambda: Actor(actor_id="", name=ent.text, country=actor.country, sector="CVL",
                                          code=cameo_code(actor.country, "CVL"), kind="group",
                                          why=f"nationality noun of {actor.country}"))
    return actor


def _resolve_description(work, reg: ActorRegistry, kb: KnowledgeBase, span, toks) -> Actor | None:
    root = span.root
    texts = [_text(toks)]
    # include an 'of ...' complement: "chairman of the Joint Chiefs of Staff"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            sub = sorted(child.subtree, key=lambda t: t.i)
            texts.insert(0, _text(toks + sub))
    for text in texts:
        role = kb.role_for(text)
        if role is None:
            continue
        held = role.holder(reg.date)
        if held is not None:
            eid, _spell = held
            actor = reg.from_entity(kb.entities[eid])
            actor.why += f"; '{text}' is the {role.title} on {reg.date}"
            return actor
        return reg.get(f"role:{role.key}", lambda r=role: Actor(
            actor_id="", name=r.title, country=r.country, sector=r.sector, role=r.title,
            code=cameo_code(r.country, r.sector), kind="person", why=f"role '{r.title}' (holder unknown on {reg.date})"))
    return None


def _coref_description(reg: ActorRegistry, head, sector: str | None) -> Actor | None:
    """'the insurgents', 'the group': the most recent named organisation of a compatible sector;
    'the military': the most recent military actor whose country is known."""
    lemma = head.lemma_.lower()
    definite = any(c.lower_ in ("the", "this", "that") for c in head.children)
    if lemma == "opposition" and definite:
        # "the opposition" after a named opposition party
        for _i, actor in reversed(reg.last_group):
            if actor.kind == "organization" and actor.sector in ("PTY", "OPP"):
                return actor
        return None
    if lemma in ("alliance", "bloc", "body", "organisation", "organization") and definite:
        for _i, actor in reversed(reg.last_group):
            if actor.sector == "IGO" or actor.country in ("IGO", "UNO", "EUR"):
                return actor
        return None
    bare = all(c.dep_ in ("det", "punct") for c in head.children)
    if sector == "MIL" and definite and bare:  # "the army", not "the East African regional force"
        for _i, actor in reversed(reg.last_group):
            if actor.sector == "MIL" and actor.country:
                return actor
    if lemma not in DESCRIPTION_COREF_HEADS and sector not in ("REB", "UAF"):
        return None
    possessed = any(c.dep_ == "poss" for c in head.children)  # "his kidnappers"
    if not definite and not possessed and (lemma not in ("group", "movement") or head.tag_ == "NNS"):
        return None  # "areas held by rebels", "separatist groups": some of them, not the group named before
    for _i, actor in reversed(reg.last_group):
        if actor.kind != "organization" or not actor.sector:
            continue
        if sector and sector not in ("REB", "UAF", "CRM", "UNK") and actor.sector != sector:
            continue  # "human rights groups" after a rebel group are other groups
        if (sector in ("REB", "UAF", "CRM") or lemma in DESCRIPTION_COREF_HEADS) and actor.sector not in ("REB", "UAF", "PRM"):
            continue
        if lemma in ("alliance", "bloc") and actor.sector != "IGO":
            continue
        return actor
    return None


def _name_the_description(reg: ActorRegistry, token_actor: dict, described_id: str, person: Actor) -> None:
    """'Its spokesman, Commodore Ramon Dizon, said': the description before the name is the named
    person, one actor, who speaks for whom the description did."""
    described = next((a for a in reg.order if a.actor_id == described_id), None)
    if described is None or described is person or described.kind != "person" or not described.key.startswith("spokes:"):
        return
    person.country = person.country or described.country
    person.sector = person.sector or described.sector
    person.role = person.role or described.role
    person.code = person.code or cameo_code(person.country, person.sector)
    person.speaks_for = getattr(described, "speaks_for", None)
    person.mentions.extend(described.mentions)
    described.mentions = []
    for t, aid in list(token_actor.items()):
        if aid == described_id:
            token_actor[t] = person.actor_id


def _spokesperson(reg: ActorRegistry, head, toks, country, principal: Actor | None = None) -> Actor:
    sector = None
    for t in toks:
        if t.i < head.i and t.dep_ in ("compound", "amod", "nmod"):
            s = reg.kb.agent_sectors(t.lemma_.lower())
            if s and "SPK" not in s:
                sector = s[0]  # "army spokesman": speaks for the army
    for child in head.children:
        if child.dep_ == "poss" and principal is None:
            aid = None
            for a in reg.order:
                if any(m.token_start <= child.i < m.token_end for m in a.mentions):
                    aid = a
            principal = aid
    text = _text(toks)
    key = f"spokes:{principal.actor_id if principal else text.lower()}"
    actor = reg.get(key, lambda: Actor(actor_id="", name=text, country=principal.country if principal else country,
                                      sector=principal.sector if principal else sector, kind="person",
                                      role=head.lower_, why="spokesperson"))
    if actor.country is None and sector:
        reg.pending_spokes.append(actor)
    actor.speaks_for = principal.actor_id if principal else "?"
    actor.code = cameo_code(actor.country, actor.sector)
    return actor


def _clause_subjects(tok) -> set[int]:
    """Token indices of the subjects of the clause an object pronoun sits in ('Sharif greeted him')."""
    if tok.dep_ not in ("dobj", "pobj", "dative", "iobj"):
        return set()
    verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj"]
    if verb.dep_ == "conj":
        verbs.append(verb.head)
    out = set()
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                out |= {t.i for t in c.subtree}
    return out


def _resolve_pronoun(reg: ActorRegistry, tok, add) -> None:
    low = tok.lower_
    if low in PERSON_PRONOUNS:
        g = PERSON_PRONOUNS[low]
        bound = _clause_subjects(tok) if low in ("him", "her") else set()
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # in its own sentence, a subject pronoun takes a person the main clause acts on or with
            # ("police detained Meas Sophal ... as he filmed"); across sentences it continues the last
            # subject ("Lopez Obrador said ... In a letter to Trump, he called")
            for i, actor in reversed(reg.last_person):
                if i < reg.sent_start.get(tok.i, 0):
                    break
                if i in reg.core_tokens and actor.gender in (None, g):
                    add(actor, [tok], "pronoun")
                    return
            for i, actor in reversed(reg.last_person):
                if tok.i - i > 80:
                    break
                if i in reg.subject_tokens and actor.gender in (None, g):
                    add(actor, [tok], "pronoun")
                    return
        for i, actor in reversed(reg.last_person):
            if i in bound:
                continue
            if actor.gender in (None, g):
                add(actor, [tok], "pronoun")
                return
    elif low in GROUP_PRONOUNS:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            for i, actor in reversed(reg.last_group):
                if tok.i - i > 60:
                    break
                if i in reg.subject_tokens and actor.kind in ("organization", "group", "country"):
                    add(actor, [tok], "pronoun")
                    return
        for _i, actor in reversed(reg.last_group):
            if actor.kind in ("organization", "group", "country"):
                add(actor, [tok], "pronoun")
                return
    elif low in THING_PRONOUNS and tok.dep_ not in ("expl",) and tok.head.lemma_ not in ("be", "remain", "seem"):
        for _i, actor in reversed(reg.last_group):
            if actor.kind in ("organization", "country") or (actor.kind == "group" and actor.sector in ("GOV", "MIL", "JUD", "LEG")):
                add(actor, [tok], "pronoun")
                return


def _merge_unknown_people(reg: ActorRegistry, token_actor: dict) -> None:
    """'Adly Mansour was sworn in as Egypt's interim president': a name the knowledge base did not
    recognise at first is the known person of that surname the article names later."""
    known = [a for a in reg.order if a.kind == "person" and not a.key.startswith(("person:", "spokes:", "role:"))]
    for a in reg.order:
        if not a.key.startswith("person:") or not a.mentions:
            continue
        last = a.name.split()[-1].lower()
        match = [k for k in known if k.name.split()[-1].lower() == last]
        if len(match) == 1:
            target = match[0]
            target.mentions.extend(a.mentions)
            for t, aid in list(token_actor.items()):
                if aid == a.actor_id:
                    token_actor[t] = target.actor_id
            a.mentions = []


def _dateline_range(work) -> tuple[int, int]:
    """Characters of a dateline ('BRUSSELS, June 24 (Reuters) - '): a place and an agency, not actors."""
    import re

    m = re.search(r"(?m)^[A-Z][A-Z .'\-]{2,40},[^\n]{0,80}?\)\s*[-—–]\s", work.article.text[:2000])
    return (m.start(), m.end()) if m else (0, 0)


def _main_country(work, kb: KnowledgeBase) -> str | None:
    """The country the article is about: most named places, then most country mentions."""
    counts: Counter = Counter()
    dl = work.dateline
    if dl is not None and dl.country:
        counts[dl.country] += 2  # where the story was filed
    # the named actors' countries: a story from Geneva about Yemen's parties is about Yemen
    for ent in work.doc.ents:
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in (
                "town", "city", "village", "port", "capital", "district", "province", "region"):
            from ..gazetteer import lookup_place

            p = lookup_place(kb, ent.text, None)
            if p is not None and p.country:
                counts[p.country] += 2  # "the town of Kidal"
                continue
        if ent.label_ in ("PERSON", "ORG") and len(ent) <= 2 and _city_not_person(kb, ent, list(ent), work.article.date):
            from ..gazetteer import lookup_place

            p = lookup_place(kb, ent.text, None)
            if p is not None and p.country:
                counts[p.country] += 2  # "rebels shelled Gao": a city the recogniser took for a person
            continue
        if ent.label_ in ("GPE", "LOC", "NORP"):
            iso = kb.country_of_word(ent.text)
            if iso:
                counts[iso] += 2 if ent.label_ != "NORP" and _is_locative(ent) else 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]
