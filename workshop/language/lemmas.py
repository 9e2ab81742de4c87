"""The lemmas of short Finnish or English answers, for the word cloud of an open question.

Finnish inflects every word ("kiertotaloutta", "kiertotalouden" are one word), so the cloud
counts base forms. Voikko (the ``libvoikko`` binding of the Finnish morphology the spelling
checkers use) gives them when its library and Finnish dictionary are installed; otherwise the
Snowball stemmer's stems are counted, and the most common written form of each stem is shown.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import cache
from pathlib import Path

import snowballstemmer

from workshop.language import morphology

log = logging.getLogger(__name__)

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
MIN_LENGTH = 3
MAX_WORDS = 40  # of one answer: an answer is short, a pasted essay must not cost more
STOPWORDS = frozenset(
    line.strip()
    for line in (Path(__file__).with_name("stopwords.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


@cache
def _has_voikko() -> bool:
    if morphology.available():
        return True
    log.info("Voikko is not available: the word cloud counts Snowball stems")
    return False


@cache
def _stemmer():
    return snowballstemmer.stemmer("finnish")


def analyser_name() -> str:
    """Which analysis makes the lemmas ("voikko" or "snowball"), for the page and the report."""
    return "voikko" if _has_voikko() else "snowball"


@cache
def lemma(word: str) -> str:
    """The base form of one lowercase word (its Voikko base form, else its stem)."""
    if _has_voikko():
        bases = [base for base, _class, _case in morphology.readings(word) if base]
        if bases:
            # Of several readings, the shortest base form is the plain noun or verb, not a
            # rarer derived reading.
            return min(bases, key=lambda base: (len(base), base))
        return word
    return _stemmer().stemWord(word)


def lemmas(text: str) -> list[str]:
    """The distinct lemmas of an answer worth a place in the cloud (no stop words)."""
    found: list[str] = []
    for word in WORD.findall(text.lower())[:MAX_WORDS]:
        if len(word) < MIN_LENGTH or word in STOPWORDS:
            continue
        base = lemma(word)
        if base in STOPWORDS or len(base) < MIN_LENGTH or base in found:
            continue
        found.append(base)
    return found


def display_forms(texts: list[str]) -> dict[str, str]:
    """For Snowball stems ("kiertotalou"), the most common written word of each stem."""
    if analyser_name() == "voikko":
        return {}
    forms: dict[str, Counter] = {}
    for text in texts:
        for word in WORD.findall(text.lower())[:MAX_WORDS]:
            forms.setdefault(_stemmer().stemWord(word), Counter())[word] += 1
    return {stem: counter.most_common(1)[0][0] for stem, counter in forms.items()}
