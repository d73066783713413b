"""Language knowledge as data: the English words the stages read (pronouns, prepositions, agent heads,
place nouns, verbs of speech and modality, number words), from the YAML files under `lang/en/`,
loaded once per process into one read-only `Language`.

    >>> from annales.lang import english
    >>> "in" in english().locative_preps
    True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DATA = Path(str(resources.files("annales") / "lang"))


@dataclass(frozen=True)
class Threat:
    """What a promised hostile act of one PLOVER type is as a threat (lang/en/threats.yaml)."""

    cameo: str
    mode: str | None = None
    conditional: bool = False  # turned into THREATEN when announced on a condition the other side controls


@dataclass(frozen=True)
class Language:
    """One language's word lists (frozensets) and tables (read-only mappings); each field is a key of
    one file under lang/<language>/, whose comment says what it is for."""

    # pronouns.yaml
    person_pronouns: Mapping[str, str]
    group_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    person_object_pronouns: frozenset[str]
    subject_relatives: frozenset[str]
    copulas: frozenset[str]
    definite_determiners: frozenset[str]
    indefinite_articles: frozenset[str]
    pair_words: frozenset[str]
    # prepositions.yaml
    locative_preps: frozenset[str]
    event_place_preps: frozenset[str]
    place_name_preps: frozenset[str]
    deadline_preps: frozenset[str]
    whereabouts_preps: frozenset[str]
    belonging_preps: frozenset[str]
    complaint_preps: frozenset[str]
    setting_preps: frozenset[str]
    framing_preps: frozenset[str]
    framing_period_preps: frozenset[str]
    light_noun_preps: frozenset[str]
    target_nouns: frozenset[str]
    separate_event_openers: frozenset[str]
    yielding_verbs: frozenset[str]
    injury_nouns: frozenset[str]
    dispersal_verbs: frozenset[str]
    crowd_control_weapons: frozenset[str]
    headline_passive_preps: frozenset[str]
    message_preps: frozenset[str]
    attack_clause_marks: frozenset[str]
    count_place_preps: frozenset[str]
    headline_object_preps: frozenset[str]
    # agent_heads.yaml
    member_heads: frozenset[str]
    description_coref_heads: frozenset[str]
    pair_heads: frozenset[str]
    sides_heads: frozenset[str]
    sides_words: frozenset[str]
    conflict_nouns: frozenset[str]
    sector_modifiers: frozenset[str]
    title_heads: frozenset[str]
    spokes_heads: frozenset[str]
    foreign_words: frozenset[str]
    ousted_words: frozenset[str]
    owned_heads: frozenset[str]
    quantifiers: frozenset[str]
    bloc_heads: frozenset[str]
    alliance_heads: frozenset[str]
    named_body_heads: frozenset[str]
    org_name_heads: frozenset[str]
    singular_group_heads: frozenset[str]
    allegiance_adjectives: frozenset[str]
    allegiance_verbs: frozenset[str]
    belonging_words: frozenset[str]
    hostage_nouns: frozenset[str]
    name_joiners: frozenset[str]
    name_particles: frozenset[str]
    name_honorifics: frozenset[str]
    plain_person_nouns: frozenset[str]
    # agent_names.yaml
    sector_names: Mapping[str, str]
    # place_nouns.yaml
    place_nouns: frozenset[str]
    settlement_words: frozenset[str]
    region_words: frozenset[str]
    division_words: frozenset[str]
    facility_words: frozenset[str]
    site_words: frozenset[str]
    treatment_nouns: frozenset[str]
    framing_place_nouns: frozenset[str]
    border_nouns: frozenset[str]
    compass_words: frozenset[str]
    # modality.yaml
    neg_words: frozenset[str]
    fail_verbs: frozenset[str]
    fail_adverbs: frozenset[str]
    deny_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    claim_adverbs: frozenset[str]
    demand_verbs: frozenset[str]
    plan_verbs: frozenset[str]
    intent_nouns: frozenset[str]
    demand_nouns: frozenset[str]
    claim_nouns: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    condition_marks: frozenset[str]
    future_lemmas: frozenset[str]
    desire_words: frozenset[str]
    verb_negators: frozenset[str]
    past_perfect_auxes: frozenset[str]
    scheduled_words: frozenset[str]
    acceptance_verbs: frozenset[str]
    announcing_verbs: Mapping[str, frozenset[str]]
    # speech.yaml
    witness_verbs: frozenset[str]
    verification_verbs: frozenset[str]
    inability_words: frozenset[str]
    unverified_figure_nouns: frozenset[str]
    unverified_claim_nouns: frozenset[str]
    reporting: frozenset[str]
    inner_speech_more: frozenset[str]
    quoting_acts: frozenset[str]
    statement_nouns: frozenset[str]
    speaker_acts: frozenset[str]
    reporting_for_conj: frozenset[str]
    not_a_party: frozenset[str]
    reported_future: frozenset[str]
    message_nouns: frozenset[str]
    dismissive_phrases: tuple[str, ...]
    threat_heads: frozenset[str]
    rebuttal_verbs: frozenset[str]
    reported_speech_verbs: frozenset[str]
    # event_words.yaml
    removal_nouns: frozenset[str]
    object_control: frozenset[str]
    evidence_verbs: frozenset[str]
    evidence_nouns: frozenset[str]
    casualty_verbs: frozenset[str]
    promise_verbs: frozenset[str]
    headline_passive_more: frozenset[str]
    mutual_verbs: frozenset[str]
    referring_nouns: frozenset[str]
    referred_types: Mapping[str, frozenset[str]]
    vague_objects: frozenset[str]
    gathering_verbs: frozenset[str]
    release_nouns: frozenset[str]
    lodging_verbs: frozenset[str]
    complaint_nouns: frozenset[str]
    agreement_verbs: frozenset[str]
    exchange_words: frozenset[str]
    abduction_words: frozenset[str]
    ordering_verbs: frozenset[str]
    departure_verbs: frozenset[str]
    declaring_verbs: frozenset[str]
    claimed_act_nouns: frozenset[str]
    responsible_words: frozenset[str]
    holding_verbs: frozenset[str]
    responsibility_verbs: frozenset[str]
    showing_verbs: frozenset[str]
    dying_verbs: frozenset[str]
    call_for_verbs: frozenset[str]
    blame_words: frozenset[str]
    # threats.yaml
    threats: Mapping[str, Threat]
    # numbers.yaml
    word_numbers: Mapping[str, int]
    tens: Mapping[str, int]  # the file lists the words; their values are word_numbers'
    scales: Mapping[str, int]
    timex_numbers: Mapping[str, int]
    noun_units: Mapping[str, str]
    verb_units: Mapping[str, str]
    currencies: Mapping[str, str]
    measures: frozenset[str]
    level_words: frozenset[str]
    article_scales: frozenset[str]
    figure_preps: frozenset[str]
    part_words: frozenset[str]
    part_of_words: frozenset[str]
    toll_nouns: frozenset[str]
    count_nouns: frozenset[str]
    dead_nouns: frozenset[str]
    fallen_phrases: tuple[str, ...]
    person_nouns: frozenset[str]
    person_units: frozenset[str]
    one_person_determiners: frozenset[str]
    reach_verbs: frozenset[str]
    author_pronouns: frozenset[str]
    running_total_words: tuple[str, ...]
    so_far_words: tuple[str, ...]
    long_conflict_nouns: frozenset[str]
    # derived when loaded, not keys of a file
    inner_speech: frozenset[str] = frozenset()  # reporting | inner_speech_more
    headline_passive: frozenset[str] = frozenset()  # casualty_verbs | headline_passive_more


DERIVED = ("inner_speech", "headline_passive")


def _convert(name: str, value, kind: str):
    if kind.startswith("frozenset"):
        return frozenset(value)
    if kind.startswith("tuple"):
        return tuple(value)
    if name == "tens":
        return tuple(value)  # made a mapping below, from word_numbers
    if name in ("referred_types", "announcing_verbs"):
        return MappingProxyType({k: frozenset(v) for k, v in value.items()})
    if name == "threats":
        return MappingProxyType({k: Threat(**v) for k, v in value.items()})
    return MappingProxyType(dict(value))


def load_language(code: str) -> Language:
    """Read lang/<code>/*.yaml into a Language; every field must be given by exactly one file (a package
    data error, so a ValueError, not a user's error)."""
    folder = DATA / code
    raw: dict[str, Any] = {}  # YAML values, checked by _convert
    where: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in doc.items():
            if key in raw:
                raise ValueError(f"{path}: '{key}' is also given by {where[key]}")
            raw[key], where[key] = value, path.name
    fields = {f.name: str(f.type) for f in dataclasses.fields(Language) if f.name not in DERIVED}
    missing, extra = sorted(set(fields) - set(raw)), sorted(set(raw) - set(fields))
    if missing or extra:
        raise ValueError(f"{folder}: missing lists {missing or 'none'}, unknown lists {extra or 'none'}")
    values = {name: _convert(name, raw[name], kind) for name, kind in fields.items()}
    values["tens"] = MappingProxyType({w: values["word_numbers"][w] for w in raw["tens"]})
    values["inner_speech"] = values["reporting"] | values["inner_speech_more"]
    values["headline_passive"] = values["casualty_verbs"] | values["headline_passive_more"]
    return Language(**values)


@lru_cache(maxsize=1)
def english() -> Language:
    """The English word lists, loaded once per process."""
    return load_language("en")
