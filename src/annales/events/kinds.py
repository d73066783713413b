"""PLOVER types the events stage treats alike, and the confidence each kind of rule gives an event."""

from __future__ import annotations

# PLOVER types of acts between two sides: with no recipient named, the other party of the sentence.
BILATERAL_TYPES = {"CONSULT", "SUPPORT", "AGREE", "COOPERATE"}
# PLOVER types that are no event without a recipient (a meeting with nobody).
NEEDS_RECIPIENT = {"CONSULT"}
# Recipients a withdrawal or reduction implies when the text names none: the place withdrawn from.
PLACE_RECIPIENT_TYPES = {"RETREAT", "CONCEDE", "MOBILIZE"}

# Prior confidence of an event by the rule that found it (before the actor and recipient adjustments
# of records.py): annales' own verb lexicon is the surest, then explicit grammar (reciprocal subjects,
# event nouns, deaths in an attack), then PETRARCH's broader verbs and exchanges, then inferences from
# the context of a sentence (a negated ceasefire, evidence put out, a rebuttal).
VERB_CONFIDENCE = 0.7
RECIPROCAL_CONFIDENCE = 0.65
NOUN_CONFIDENCE = 0.6
CASUALTY_CONFIDENCE = 0.6
PETRARCH_VERB_CONFIDENCE = 0.55
EXCHANGE_CONFIDENCE = 0.55
CEASEFIRE_BREACH_CONFIDENCE = 0.5
EVIDENCE_CONFIDENCE = 0.45
# What a group's own claim of responsibility adds to the attack it names the actor of.
CLAIM_BONUS = 0.1
