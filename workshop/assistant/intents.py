"""What a participant's message means, by rules, in Finnish and English."""

from __future__ import annotations

import re
from dataclasses import dataclass

SCORE = "score"
DONT_KNOW = "dont_know"
CHANGE = "change"
SUGGESTION = "suggestion"
QUESTION = "question"
HELP = "help"
CURRENT_STEP = "current_step"
SHOW_RESULTS = "show_results"
YES = "yes"
NO = "no"
SKIP = "skip"
TEXT = "text"  # anything else: a reason, a rationale, or the fallback

NUMBER_WORDS = {
    "yksi": 1,
    "ykkönen": 1,
    "kaksi": 2,
    "kakkonen": 2,
    "kolme": 3,
    "kolmonen": 3,
    "neljä": 4,
    "nelonen": 4,
    "viisi": 5,
    "vitonen": 5,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
}
# "4", "4/5", "annan 4", "4, koska ...", "neljä": a score, perhaps with its reason after it.
SCORE_PATTERN = re.compile(
    r"^(?:(?:annan|arvioin|arvosana|pisteet|score|i give|i'd give|give it|my score is)\s+)?"
    r"(?P<value>\d{1,2}|"
    + "|".join(NUMBER_WORDS)
    + r")(?=$|[\s.,:;!/–-])(?:\s*/\s*5)?\s*(?:[.,:;!–-]+\s*|\s+)?"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _words(*phrases: str) -> re.Pattern:
    return re.compile(r"(?:^|\b)(?:" + "|".join(phrases) + r")", re.IGNORECASE)


PATTERNS = [
    (
        DONT_KNOW,
        _words(
            r"en osaa sanoa",
            r"eos\b",
            r"en tiedä",
            r"don'?t know",
            r"not sure",
            r"no idea",
            r"can'?t say",
            r"ei mielipidettä",
        ),
    ),
    (
        HELP,
        _words(
            r"apua\b",
            r"ohje",
            r"help\b",
            r"mitä osaat",
            r"mitä voit",
            r"mitä voin",
            r"what can you",
            r"how does this work",
            r"miten tämä toimii",
        ),
    ),
    (
        SHOW_RESULTS,
        _words(r"näytä tulokset", r"tulokset", r"tuloksia", r"show( the)? results", r"results"),
    ),
    (
        CURRENT_STEP,
        _words(
            r"missä mennään",
            r"mikä vaihe",
            r"mikä on vaihe",
            r"mitä nyt",
            r"nykyinen vaihe",
            r"current step",
            r"where are we",
            r"what step",
            r"which step",
            r"what now",
            r"what'?s next",
            r"mitä seuraavaksi",
        ),
    ),
    (
        SUGGESTION,
        _words(
            r"pitäisi",
            r"tulisi",
            r"ehdotan",
            r"ehdottaisin",
            r"ehdotus",
            r"kannattaisi",
            r"lisätkää",
            r"olisi hyvä",
            r"toivoisin",
            r"should\b",
            r"i suggest",
            r"i propose",
            r"we need",
            r"suggestion",
            r"it would be good",
            r"please add",
        ),
    ),
    (
        CHANGE,
        _words(
            r"muuta",
            r"muutan",
            r"muuttaa",
            r"vaihda",
            r"vaihdan",
            r"korjaa",
            r"korjata",
            r"change",
            r"edit\b",
            r"correct my",
            r"fix my",
        ),
    ),
]
CHANGE_ANSWER = _words(
    r"(muuta|muuttaa|vaihtaa|vaihda|korjata|korjaa)\w* (vastau|arvio|pist)",
    r"(change|edit|correct|fix) (my |an |the )?(answer|score)",
)
QUESTION_START = _words(
    r"mitä\b",
    r"mikä\b",
    r"mitkä\b",
    r"miten\b",
    r"millai",
    r"missä\b",
    r"mistä\b",
    r"kuka\b",
    r"onko\b",
    r"ovatko\b",
    r"kerro\b",
    r"löytyykö",
    r"puhutaanko",
    r"mainitaanko",
    r"what\b",
    r"which\b",
    r"how\b",
    r"where\b",
    r"who\b",
    r"is there",
    r"are there",
    r"does\b",
    r"do\b",
    r"tell me",
    r"is\b",
    r"are\b",
)
YES_WORDS = {"kyllä", "joo", "juu", "ok", "okei", "selvä", "yes", "yep", "sure", "kyllä kiitos"}
NO_WORDS = {"ei", "en", "ei kiitos", "no", "nope", "no thanks", "peru", "peruuta", "cancel"}
SKIP_WORDS = {"ohita", "ohitan", "skip", "seuraava", "next", "en halua perustella"}


@dataclass(frozen=True)
class Intent:
    """A detected intent with its score value and the rest of the text (a reason)."""

    name: str
    value: int | None = None
    rest: str = ""


def detect(text: str) -> Intent:
    """The intent of a typed message."""
    cleaned = (text or "").strip()
    lowered = cleaned.lower().rstrip(".!")
    if not lowered:
        return Intent(TEXT)
    if lowered in YES_WORDS:
        return Intent(YES)
    if lowered in NO_WORDS:
        return Intent(NO)
    if lowered in SKIP_WORDS:
        return Intent(SKIP)
    match = SCORE_PATTERN.match(cleaned)
    if match:
        raw = match.group("value").lower()
        value = NUMBER_WORDS.get(raw) or int(raw)
        return Intent(SCORE, value, match.group("rest").strip())
    asks = cleaned.endswith("?") or bool(QUESTION_START.match(lowered))
    for name, pattern in PATTERNS:
        if name == SUGGESTION and QUESTION_START.match(lowered):
            # "Mitä pitäisi tehdä?" asks; "pitäisi lisätä ..." suggests.
            if CHANGE_ANSWER.search(lowered):
                return Intent(CHANGE, rest=cleaned)
            return Intent(QUESTION, rest=cleaned)
        if pattern.search(lowered):
            return Intent(name, rest=cleaned)
    if asks:
        return Intent(QUESTION, rest=cleaned)
    return Intent(TEXT, rest=cleaned)
