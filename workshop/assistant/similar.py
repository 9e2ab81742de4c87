"""Proposals like one being written, so that people support instead of duplicating.

What the chat and the proposal form both ask ("Samankaltaisia ehdotuksia: … — tue niitä?",
as Decidim's proposal form does). A text's terms are the assistant search's (Voikko's lemmas
and compound parts for Finnish, Snowball stems for English); a word Voikko does not know is
read as its first spelling suggestion ("vetytalouen" → "vetytalouden" → "vetytalous"); two
long terms that begin alike ("osaajapula", "osaajapulaa" unknown to Voikko) also count as
the same. Two texts are alike by the Dice coefficient of their terms.

A text's terms are computed once per wording and kept (``terms_of``), so that a
check against a round's hundred proposals analyses only the text being written (a few ms).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from workshop.assistant.search import (
    STOP_LEMMAS,
    document_terms,
    english_terms,
    finnish_groups,
    tokens,
)
from workshop.language import morphology

# As alike as this (and sharing two terms, or the only one) is shown as similar.
SIMILAR_AT = 0.5
MOST_SHOWN = 3
CLOSE_PREFIX = 6  # terms this long that begin with the same six letters match


@dataclass(frozen=True)
class Similar:
    id: int
    text: str
    score: float


def _finnish(word: str) -> list[str]:
    groups = finnish_groups(word)
    if not groups and not morphology.analyse(word)[2]:
        # Unknown to Voikko: a typo is read as its best suggestion.
        suggested = morphology.suggestions(word, 1) if morphology.available() else ()
        # Only a correction of the same word: English words get Finnish suggestions too.
        if suggested and suggested[0][:4] == word[:4]:
            groups = finnish_groups(suggested[0])
    return [lemma for group in groups for lemma in group] or [word]


@lru_cache(maxsize=20_000)
def terms_of(text: str) -> frozenset[str]:
    """The terms that make two proposals alike: Finnish lemmas and English stems."""
    found = set(document_terms(text, "en"))
    for word in tokens(text):
        found.update(_finnish(word))
        if "-" in word:  # "start-ups" and "startups" alike
            found.update(english_terms(word.replace("-", "")))
    return frozenset(t for t in found if t not in STOP_LEMMAS and len(t) > 2)


def _matches(term: str, others: frozenset[str]) -> bool:
    if term in others:
        return True
    if len(term) < CLOSE_PREFIX:
        return False
    return any(
        len(other) >= CLOSE_PREFIX and other[:CLOSE_PREFIX] == term[:CLOSE_PREFIX]
        for other in others
    )


def likeness(wanted: frozenset[str], terms: frozenset[str]) -> tuple[float, int]:
    """(Dice coefficient, terms of ``wanted`` matched) of two texts' terms."""
    if not wanted or not terms:
        return 0.0, 0
    shared = sum(1 for term in wanted if _matches(term, terms))
    theirs = sum(1 for term in terms if _matches(term, wanted))
    return (shared + theirs) / (len(wanted) + len(terms)), shared


def most_alike(text: str, candidates, limit: int = MOST_SHOWN) -> list[Similar]:
    """The candidates ((id, text) pairs) alike enough to ``text``, most alike first."""
    wanted = terms_of(text)
    if not wanted:
        return []
    found = []
    for proposal_id, other in candidates:
        score, shared = likeness(wanted, terms_of(other))
        if score >= SIMILAR_AT and (shared >= 2 or len(wanted) == shared == 1):
            found.append(Similar(proposal_id, other, round(score, 3)))
    found.sort(key=lambda s: (-s.score, s.id))
    return found[:limit]
