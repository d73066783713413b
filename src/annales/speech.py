"""The words of speech every stage reads: who says, asks, accuses, issues statements, and what 'would'
means under a reporting verb. One place, so the quotes, modality, time and event stages agree.

Each set has one job, said above it; they overlap on purpose (a verb can report and accuse).
"""

from __future__ import annotations

# Verbs that attribute words to a speaker: "..., she said", "he described it as '...'".
REPORTING = {"say", "tell", "add", "state", "announce", "declare", "insist", "stress", "warn", "note", "explain",
             "write", "argue", "claim", "reiterate", "emphasize", "emphasise", "confirm", "report", "acknowledge",
             "call", "describe", "term", "dub", "brand"}
# Verbs of speech that can sit inside a relayed report: "Smith 'discussed ...', her spokesperson said".
INNER_SPEECH = REPORTING | {"discuss", "urge", "call", "ask", "promise", "pledge", "vow", "express", "raise",
                            "assure", "reaffirm", "underline", "convey"}
# Speech acts whose object can hold someone's words: "accused the opposition of taking power 'through the
# back door'", "condemned the move as 'short-sighted'".
QUOTING_ACTS = {"accuse", "condemn", "denounce", "criticise", "criticize", "blame", "describe", "call", "brand",
                "dismiss", "praise", "hail", "welcome"}
# Documents that "say" things for whoever issued them: '"...," the statement said'.
STATEMENT_NOUNS = {"statement", "communique", "communiqué", "letter", "declaration", "post", "tweet", "note",
                   "message", "video", "report"}
# Speech acts a speaker performs besides reporting ("denied that ... and accused Y of ..."), and the
# reporting verbs whose clause the parser wrongly hangs them in.
SPEAKER_ACTS = {"accuse", "blame", "call", "urge", "warn", "condemn", "insist", "vow", "demand", "reject", "threaten",
                "dismiss", "denounce", "criticise", "criticize", "appeal", "pledge", "promise"}
REPORTING_FOR_CONJ = {"deny", "say", "insist", "claim", "tell", "add", "state", "argue", "allege", "acknowledge", "admit"}
# Reporting verbs whose subject only reports an agreement or meeting, and is no party to it.
NOT_A_PARTY = {"say", "tell", "add", "state", "announce", "report", "believe", "claim", "argue", "note"}
# Reporting verbs under which 'would' is the future seen from the past ("said they would hold").
REPORTED_FUTURE = {"say", "announce", "tell", "state", "add", "confirm", "promise", "pledge", "vow", "warn", "insist"}


def reported_future(verb) -> bool:
    """'said they would hold a rally': 'would' under a reporting verb is what is yet to come ('would have'
    is the past that did not happen)."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return "would" in auxes and "have" not in auxes and verb.dep_ == "ccomp" \
        and verb.head.lemma_.lower() in REPORTED_FUTURE
