"""The grammar's named rules for an event's parties (issue 12): each subject rule and actor rule of
`events/arguments.py`, run on the sentence its docstring quotes, gives the party the docstring promises; an
event's `why` names the rules that chose its actor and recipient, and `annales evaluate --by-rule` counts each
rule on its own."""

from __future__ import annotations

import pytest

import annales
from annales.evaluation.report import later_rule_names
from annales.events.arguments import Arguments
from annales.events.coder import EventCoder
from annales.model import Article
from annales.pipeline import Pipeline, Work, _rule_stages


class _KeptWork(Work):
    """The per-article object, kept so that a test can call one rule on it."""

    last: Work | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _KeptWork.last = self


@pytest.fixture(scope="module")
def parse():
    """text -> (an EventCoder on the article, its Work): the stages up to places, as the events stage sees them."""
    stages = [s for s in _rule_stages() if s.name in ("nlp", "dateline", "actors", "time", "places")]
    pipeline = Pipeline(stages=stages)
    pipeline.work_class = _KeptWork

    def run(text: str):
        pipeline(Article(id="rule", text=text, date="2024-05-01"))
        work = _KeptWork.last
        return EventCoder(work), work

    return run


def _token(work, word: str):
    return next(t for t in work.doc if t.text == word)


def _name(work, actor_id: str | None) -> str | None:
    return next((a.name for a in work.result.actors if a.actor_id == actor_id), None)


# (rule, sentence, the token the rule is asked about, the party's name it gives)
ACTOR_CASES = [
    ("_other_side_of_border", "Venezuela massed troops near its border with Guyana.", "border", "Guyana"),
    (
        "_owner_of_thing",
        "Thousands marched against the government's handling of the protests.",
        "handling",
        "government",
    ),
    ("_relative_pronoun_antecedent", "The rebels, who attacked the convoy, fled.", "who", "rebels"),
    (
        "_owner_of_means",
        "Warplanes of the Saudi-led coalition bombed a market in Saada.",
        "Warplanes",
        "Armed forces of Saudi Arabia",
    ),
    ("_group_they_belong_to", "Inmates belonging to the Los Lobos gang stabbed two guards.", "Inmates", "Los Lobos"),
    ("_own_mention", "The army said it had arrested five rebels.", "army", "army"),
    (
        "_named_in_apposition",
        "The border commander in Torkham, Mullah Noor Ahmad Saqib, denied the report.",
        "commander",
        "Noor Ahmad Saqib",
    ),
    ("_people_counted", "Dozens of protesters demanded the resignation of the prime minister.", "Dozens", "protesters"),
    ("_nationals", "A Palestinian man was killed near Jenin on Monday.", "man", "Civilians in Palestine"),
    ("_modifier_actor", "Israeli strikes hit Gaza on Tuesday.", "strikes", "Israel"),
    ("_compound_of_compound", "Turkey resumed European Union membership talks.", "talks", "European Union"),
    ("_entity_the_actors_stage_missed", "Israeli strikes hit Gaza.", "Israeli", "Israel"),
]


@pytest.mark.parametrize("rule,text,word,party", ACTOR_CASES, ids=[c[0] for c in ACTOR_CASES])
def test_actor_rule_on_its_sentence(parse, rule, text, word, party):
    coder, work = parse(text)
    found = getattr(Arguments, rule)(coder, _token(work, word))
    assert party in (_name(work, found) or ""), f"{rule} on {word!r}: {_name(work, found)!r}"


# (rule, sentence, the verb asked about, the subject tokens it gives, or the token to look from next)
SUBJECT_CASES = [
    ("_own_subjects", "The army and the police raided the camp.", "raided", ["army", "police"]),
    ("_object_control", "The United Nations called on the rebels to free the hostages.", "free", ["rebels"]),
    ("_object_control", "The envoy urged the rebels to end the siege.", "end", ["rebels"]),
    (
        "_casualty_of_attack",
        "Gunmen ambushed a convoy near Gao, the army said, injuring four soldiers.",
        "injuring",
        "ambushed",
    ),
    ("_participle_or_purpose", "Russian jets bombed the market, killing 23 people.", "killing", "bombed"),
    ("_speaker_goes_on", "It said the claims were false and warned of a response.", "warned", "said"),
    (
        "_conj_of_non_verb",
        'ECOWAS condemns the "seizure of power by force" and calls for a return to civilian rule.',
        "calls",
        "condemns",
    ),
    ("_who_has_the_plan", "Germany announced plans to expel two diplomats.", "expel", "announced"),
    ("_head_of_dependent", "The rebels observed a truce but rejected the request.", "rejected", "observed"),
    (
        "_relative_clause_head",
        "Paramilitary groups, which are formed to fight crime, are active.",
        "formed",
        ["groups"],
    ),
    ("_accused_of", "Amnesty accused the army of targeting civilians.", "targeting", ["army"]),
]


@pytest.mark.parametrize("rule,text,word,expected", SUBJECT_CASES, ids=[f"{c[0]}:{c[2]}" for c in SUBJECT_CASES])
def test_subject_rule_on_its_sentence(parse, rule, text, word, expected):
    coder, work = parse(text)
    step = getattr(Arguments, rule)(coder, _token(work, word))
    got = [t.text for t in step] if isinstance(step, list) else getattr(step, "text", step)
    assert got == expected


def test_every_party_rule_is_tested_on_the_sentence_its_docstring_quotes():
    """A rule added to ACTOR_RULES or SUBJECT_RULES without a case here fails, and so does a case whose
    sentence the rule's docstring does not quote (the comment and the test read the same example)."""
    cases = {c[0]: c[1] for c in ACTOR_CASES + SUBJECT_CASES}
    rules = [r.__name__ for r in Arguments.ACTOR_RULES + Arguments.SUBJECT_RULES]
    assert sorted(cases) == sorted(rules)
    for case in ACTOR_CASES + SUBJECT_CASES:
        rule, text = case[0], case[1]
        doc = " ".join(getattr(Arguments, rule).__doc__.split()).lower().replace('"', "'")
        words = text.rstrip(".").lower().replace('"', "'").split()
        # the docstring quotes at least four consecutive words of the sentence, around the token asked about
        assert any(" ".join(words[i : i + 4]) in doc for i in range(len(words) - 3)), rule


def _why(text: str, trigger: str) -> str:
    doc = annales.code(text, date="2024-05-01")
    return next(e.why for e in doc.events if e.trigger == trigger)


def test_why_names_the_rules_that_chose_the_parties():
    """The Taliban's rejection reaches its subject through the coordinated verb: the explanation says so,
    in the order the rules were followed, and names the rule that found the recipient."""
    why = _why("The Taliban observed a cease-fire but rejected the government's request.", "rejected")
    assert "; actor rules: head of dependent > own subjects > own mention" in why
    assert "; recipient rules: owner of thing" in why


def test_why_names_an_actor_found_through_its_weapons():
    why = _why("Fighters of the Islamic State attacked an army post near Palmyra.", "attacked")
    assert "actor rules: own subjects > owner of means" in why


def test_by_rule_counts_each_party_rule_on_its_own():
    part = "actor rules: participle or purpose > own subjects > own mention / own subjects > people counted"
    assert later_rule_names(part) == [
        "actor rule: participle or purpose",
        "actor rule: own subjects",
        "actor rule: own mention",
        "actor rule: people counted",
    ]
    assert later_rule_names("recipient: the place it concerns (UKR)") == ["recipient: the place it concerns"]
