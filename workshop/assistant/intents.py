"""What a participant's message means, by rules, in Finnish and English.

Every intent pattern is in ``RULES``, one table that ``tests/assistant/test_intents.py`` runs
against a table of ordinary reasons, proposals and questions: a rule matches whole words and
phrases, never a prefix, so "ohjelmisto", "muutama", "tuloksia" or "climate change" are words,
not commands. Commands are whole short messages ("apua", "tulokset") or phrases that cannot
be an ordinary sentence ("muuta vastaustani", "change my answer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCORE = "score"
HEDGED_SCORE = "hedged_score"  # "3,5", "ehkä 3", "3 tai 4": confirmed before it is stored
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
CANCEL = "cancel"
TEXT = "text"  # anything else: a reason, a rationale, or the fallback

# Intents that do something other than take the text as what the participant says: an
# ordinary sentence must never be one of these.
COMMANDS = frozenset({CHANGE, HELP, CURRENT_STEP, SHOW_RESULTS, YES, NO, SKIP, CANCEL})

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
_NUMBER = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_END = r"(?=$|[\s.,:;!?/–-])"


@dataclass(frozen=True)
class Rule:
    """One intent's patterns: ``whole`` is the whole message, ``starts`` begins it, ``contains``
    appears anywhere; each is a regular expression over lower-case text, as whole words."""

    intent: str
    whole: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()


# The one table of intent patterns, tried in this order (the first match wins).
RULES: tuple[Rule, ...] = (
    Rule(YES, whole=("kyllä", "joo", "juu", "ok", "okei", "selvä", "yes", "yep", "sure")),
    Rule(
        NO,
        whole=("ei", "en", "ei kiitos", "no", "nope", "no thanks", "ei tarvitse"),
    ),
    Rule(
        SKIP,
        whole=(
            "ohita",
            "ohitan",
            "skip",
            "seuraava",
            "next",
            "en halua perustella",
            "ei perustelua",
            "no reason",
        ),
    ),
    Rule(CANCEL, whole=("peru", "peruuta", "peruutus", "cancel", "keskeytä", "stop")),
    Rule(
        HELP,
        whole=(
            "apua",
            "ohje",
            "ohjeet",
            "ohjeita",
            "auta",
            "tarvitsen apua",
            "help",
            "help me",
            "i need help",
        ),
        contains=(
            r"mitä (?:sinä )?osaat",
            r"mitä (?:sinä )?voit tehdä",
            r"mitä voin tehdä täällä",
            r"miten tämä (?:chat |keskustelu |avustaja )?toimii",
            r"miten tätä (?:chattia |keskustelua )?käytetään",
            r"what can you do",
            r"what can i do here",
            r"how does this (?:chat |assistant )?work",
            r"how do i use this",
        ),
    ),
    Rule(
        DONT_KNOW,
        starts=(
            r"en osaa sanoa",
            r"eos",
            r"en tiedä",
            r"ei mielipidettä",
            r"i don'?t know",
            r"don'?t know",
            r"not sure",
            r"no idea",
            r"can'?t say",
        ),
    ),
    Rule(
        SHOW_RESULTS,
        whole=("tulokset", "results", "the results"),
        starts=(
            r"näytä (?:minulle )?(?:tulokset|tulos|keskiarvot)",
            r"mitkä ovat tulokset",
            r"show (?:me )?(?:the )?results",
            r"what are the results",
        ),
    ),
    Rule(
        CURRENT_STEP,
        whole=(
            "mitä nyt",
            "mitä seuraavaksi",
            "nykyinen vaihe",
            "vaihe",
            "what now",
            "what'?s next",
            "current step",
        ),
        starts=(
            r"missä mennään",
            r"mikä vaihe",
            r"mikä on (?:nykyinen |tämä )?vaihe",
            r"where are we",
            r"what step",
            r"which step",
        ),
    ),
    Rule(
        CHANGE,
        whole=(
            "muuta",
            "muutan",
            "vaihda",
            "korjaa",
            "muokkaa",
            "haluan muuttaa",
            "haluan vaihtaa",
            "haluan korjata",
            "change",
            "edit",
            "i want to change",
        ),
        contains=(
            r"(?:muuta|muutan|muuttaa|muuttaisin|vaihda|vaihdan|vaihtaa|korjaa|korjaan|korjata"
            r"|muokkaa|muokata)\s+(?:\w+\s+)?(?:vastau\w*|vastaus\w*|arvioni|arviotani"
            r"|arvosan\w*|pisteeni|pisteitäni)",
            r"(?:change|edit|correct|fix|update|modify)\s+(?:my|an|the|that|this|one of my)\s+"
            r"(?:\w+\s+)?(?:answers?|scores?|ratings?)",
        ),
    ),
    Rule(
        SUGGESTION,
        contains=(
            r"pitäisi",
            r"tulisi",
            r"ehdotan",
            r"ehdotamme",
            r"ehdottaisin",
            r"ehdotus",
            r"ehdotukseni",
            r"kannattaisi",
            r"lisätkää",
            r"olisi hyvä",
            r"toivoisin",
            r"should",
            r"i suggest",
            r"i propose",
            r"we need",
            r"suggestion",
            r"it would be good",
            r"please add",
        ),
    ),
)

QUESTION_WORDS = (
    r"mitä",
    r"mikä",
    r"mitkä",
    r"miten",
    r"millai\w*",
    r"missä",
    r"mistä",
    r"kuka",
    r"onko",
    r"ovatko",
    r"kerro",
    r"löytyykö",
    r"puhutaanko",
    r"mainitaanko",
    r"what",
    r"which",
    r"how",
    r"where",
    r"who",
    r"is there",
    r"are there",
    r"does",
    r"do",
    r"tell me",
    r"is",
    r"are",
)


def _alternatives(phrases) -> str:
    return "|".join(f"(?:{phrase})" for phrase in phrases)


def _compile(rule: Rule) -> tuple[str, list[re.Pattern]]:
    patterns = []
    if rule.whole:
        patterns.append(re.compile(rf"^(?:{_alternatives(rule.whole)})$"))
    if rule.starts:
        patterns.append(re.compile(rf"^(?:{_alternatives(rule.starts)})(?!\w)"))
    if rule.contains:
        patterns.append(re.compile(rf"(?<!\w)(?:{_alternatives(rule.contains)})(?!\w)"))
    return rule.intent, patterns


_COMPILED = [_compile(rule) for rule in RULES]
_QUESTION_START = re.compile(rf"^(?:{_alternatives(QUESTION_WORDS)})(?!\w)")
_DONT_KNOW_START = next(patterns for name, patterns in _COMPILED if name == DONT_KNOW)[0]

# "4", "4/5", "annan 4", "4, koska ...", "neljä": a score, perhaps with its reason after it.
SCORE_PATTERN = re.compile(
    r"^(?:(?P<lead>annan|arvioin|arvosana|pisteet|score|i give|i'd give|give it|my score is)\s+)?"
    rf"(?P<value>{_NUMBER}){_END}(?:\s*/\s*5)?(?P<sep>\s*[.,:;!–-]+\s*|\s*)"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# A number word starts a score only alone, before punctuation or before its reason:
# "kolme, koska ..." scores, "Kolme uutta yritystä aloitti" is a sentence.
_REASON_START = re.compile(r"^(?:koska|sillä|kun|because|since|as)(?!\w)", re.IGNORECASE)
_HEDGE_WORDS = (
    r"ehkä|ehkäpä|kai|noin|suunnilleen|luultavasti|varmaan|varmaankin|ehkä noin|about|around"
    r"|maybe|perhaps|probably|roughly|approximately|something like"
)
# Hedged or half scores, each with the plausible integers it names (see ``hedged_score``).
_HALF = re.compile(
    rf"^(?P<value>{_NUMBER})\s*(?:ja puoli|ja puolikas|and a half|½|[.,]5)(?!\w)",
    re.IGNORECASE,
)
_DECIMAL = re.compile(r"^(?P<value>\d)[.,](?P<fraction>\d{1,2})(?!\d)")
_EITHER = re.compile(
    rf"^(?P<low>{_NUMBER})\s*(?P<sep>tai|or|–|-|/|\.\.\.?|…)\s*(?P<high>{_NUMBER}){_END}",
    re.IGNORECASE,
)
_HEDGE_BEFORE = re.compile(rf"^(?:{_HEDGE_WORDS})\s+(?P<value>{_NUMBER}){_END}", re.IGNORECASE)
_HEDGE_AFTER = re.compile(
    rf"^(?P<value>{_NUMBER})(?:\s*\?|\s+(?:{_HEDGE_WORDS}|or so|ish|kai)(?!\w)|ish(?!\w))",
    re.IGNORECASE,
)
_LEADING_PUNCTUATION = re.compile(r"^[\s.,:;!?–-]+")


@dataclass(frozen=True)
class Intent:
    """A detected intent with its score value and the rest of the text (a reason).

    ``choices`` are the whole numbers a hedged score may mean ("3,5" → 3 and 4)."""

    name: str
    value: int | None = None
    rest: str = ""
    choices: tuple[int, ...] = ()


def _number(raw: str) -> int:
    return NUMBER_WORDS.get(raw.lower()) or int(raw)


def normalized(text: str) -> str:
    """Lower case, single spaces, without the punctuation that ends a short command."""
    lowered = " ".join((text or "").lower().split())
    return lowered.strip(" .!?,;:")


def matches(intent: str, text: str) -> bool:
    """Whether ``text`` matches the rules of ``intent`` in ``RULES``."""
    lowered = normalized(text)
    patterns = next((patterns for name, patterns in _COMPILED if name == intent), [])
    return any(pattern.search(lowered) for pattern in patterns)


def hedged_score(text: str) -> Intent | None:
    """A half or hedged score ("3,5", "kolme ja puoli", "ehkä 3", "3 tai 4", "about 4?")."""
    cleaned = (text or "").strip()
    match = _HALF.match(cleaned)
    if match:
        low = _number(match.group("value"))
        return _hedge(cleaned, match, (low, low + 1))
    match = _DECIMAL.match(cleaned)
    if match:
        low = int(match.group("value"))
        whole = int(match.group("fraction")) == 0
        return _hedge(cleaned, match, (low,) if whole else (low, low + 1))
    match = _EITHER.match(cleaned)
    if match:
        low, high = sorted((_number(match.group("low")), _number(match.group("high"))))
        # "4/5" is four on a scale of five, not a choice between four and five.
        out_of_five = match.group("sep") == "/" and match.group("high") == "5"
        if low != high and not out_of_five:
            return _hedge(cleaned, match, tuple(range(low, high + 1))[:3])
    for pattern in (_HEDGE_BEFORE, _HEDGE_AFTER):
        match = pattern.match(cleaned)
        if match:
            return _hedge(cleaned, match, (_number(match.group("value")),))
    return None


def _hedge(cleaned: str, match: re.Match, choices: tuple[int, ...]) -> Intent:
    rest = _LEADING_PUNCTUATION.sub("", cleaned[match.end() :]).strip()
    return Intent(HEDGED_SCORE, rest=rest, choices=choices)


def score(text: str) -> Intent | None:
    """A plain or hedged score at the start of the message, with the reason after it."""
    hedged = hedged_score(text)
    if hedged is not None:
        return hedged
    cleaned = (text or "").strip()
    match = SCORE_PATTERN.match(cleaned)
    if match is None:
        return None
    rest = match.group("rest").strip()
    spelled = not match.group("value").isdigit()
    bare_word = spelled and not match.group("lead") and not match.group("sep").strip()
    if bare_word and rest and not _REASON_START.match(rest):
        return None
    return Intent(SCORE, _number(match.group("value")), rest)


def bare_score(text: str) -> Intent | None:
    """A score and nothing else ("4", "neljä", "3,5"): while a reason is asked, a new score."""
    found = score(text)
    return found if found is not None and not found.rest else None


def command(text: str) -> str | None:
    """One of the few commands that a free-text answer (a reason, a rationale) may be instead:
    the whole message is "ohita"/"skip", "peru"/"cancel", "apua"/"help", or a plain "ei"/"no"
    (no reason). Anything else is the participant's text."""
    for name in (SKIP, CANCEL, NO, HELP):
        rule = next(rule for rule in RULES if rule.intent == name)
        if re.fullmatch(_alternatives(rule.whole), normalized(text)):
            return name
    return None


def _dont_know_reason(cleaned: str) -> str:
    """What follows "en osaa sanoa" in the message, kept as its reason."""
    collapsed = " ".join(cleaned.split())
    match = _DONT_KNOW_START.match(collapsed.lower())
    tail = collapsed[match.end() :] if match else ""
    return _LEADING_PUNCTUATION.sub("", tail).strip()


def detect(text: str) -> Intent:
    """The intent of a typed message."""
    cleaned = (text or "").strip()
    lowered = normalized(cleaned)
    if not lowered:
        return Intent(TEXT)
    for name in (YES, NO, SKIP, CANCEL):
        if matches(name, lowered):
            return Intent(name)
    found = score(cleaned)
    if found is not None:
        return found
    asks = cleaned.endswith("?") or bool(_QUESTION_START.match(lowered))
    for name, patterns in _COMPILED:
        if name in (YES, NO, SKIP, CANCEL):
            continue
        match = next((m for pattern in patterns if (m := pattern.search(lowered))), None)
        if match is None:
            continue
        if name == SUGGESTION and asks and _QUESTION_START.match(lowered):
            # "Mitä pitäisi tehdä?" asks; "pitäisi lisätä ..." suggests.
            return Intent(QUESTION, rest=cleaned)
        if name == DONT_KNOW:
            return Intent(DONT_KNOW, rest=_dont_know_reason(cleaned))
        return Intent(name, rest=cleaned)
    if asks:
        return Intent(QUESTION, rest=cleaned)
    return Intent(TEXT, rest=cleaned)
