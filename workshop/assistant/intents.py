"""What a participant's message means, by rules, in Finnish and English.

Every intent pattern is in ``RULES``, one table that ``tests/assistant/test_intents.py`` runs
against a table of ordinary reasons, proposals and questions: a rule matches whole words and
phrases, never a prefix, so "ohjelmisto", "muutama", "tuloksia" or "climate change" are words,
not commands. Commands are whole short messages ("apua", "tulokset") or phrases that cannot
be an ordinary sentence ("muuta vastaustani", "change my answer"). A rule may name the
intents that win over it (``yields_to``) and the words that undo it (``unless``): "Maakunnan
pitäisi muuttaa vastaustaan" proposes, "en halua muuttaa vastaustani" changes nothing.
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
THANKS = "thanks"
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
    appears anywhere; each is a regular expression over lower-case text, as whole words.
    ``unless`` anywhere in the message undoes ``starts`` and ``contains``; the intents of
    ``yields_to`` win when they match too."""

    intent: str
    whole: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()


# Changing an answer is asked for in the first person ("muuta vastaustani", "haluan muuttaa
# energian vastausta", "change my answer", "I want to change the score") or as an order to
# the assistant at the start of the message ("vaihda vastaus", "change the answer"). "Muuta"
# is also "other" ("Muuta vastausta ei ole"): as an order it takes the object's total form.
_OWN_ANSWER_FI = (
    r"(?:vastaustani|vastaukseni|vastauksiani|arviotani|arvioni|arviointiani|arvosanaani"
    r"|arvosanani|pisteitäni|pisteeni|pistemäärääni|pistemääräni)"
)
_ANSWER_OBJECT_FI = (
    rf"(?:{_OWN_ANSWER_FI}|vastaus|vastauksen|vastaukset|arvio|arvion|arviot|arvosana"
    r"|arvosanan|pisteet|pistemäärä|pistemäärän)"
)
_ANY_ANSWER_FI = (
    rf"(?:{_ANSWER_OBJECT_FI}|vastausta|vastauksia|arviota|arvosanaa|pisteitä|pistemäärää)"
)
_CHANGE_INFINITIVE_FI = r"(?:muuttaa|vaihtaa|korjata|muokata)"
_CHANGE_FIRST_PERSON_FI = r"(?:muutan|vaihdan|korjaan|muokkaan|muuttaisin|vaihtaisin|korjaisin)"
_ASKING_FI = (
    r"(?:haluan|haluaisin|voinko|voisinko|voin|saanko|saisinko|voitko|voisitko|voisitteko"
    r"|voiko|voisiko)"
)
_ANSWER_EN = r"(?:answers?|scores?|ratings?)"
_CHANGE_VERB_EN = r"(?:change|edit|correct|fix|update|modify|redo)"
_WHICH_EN = r"(?:my|the|that|this|an|one|one of my)"
_ASKING_EN = (
    r"(?:i|i'd|i'll|i'm|let me|can i|could i|may i|can you|could you|would you|please)"
    r"(?:\s+(?:want|wanna|wish|need|would like|like|am going|going|have|would|will|can"
    r"|could|may|must|shall|do))?(?:\s+to)?"
)
_NEGATION = r"(?:en|ei|emme|eivät|älä|älkää|not|don'?t|doesn'?t|never|won'?t|can'?t|cannot)"


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
    Rule(
        THANKS,
        whole=(
            "kiitos",
            "kiitti",
            "kiitoksia",
            "kiitos paljon",
            "kiitos avusta",
            "thanks",
            "thank you",
            "thanks a lot",
            "thx",
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
        starts=(
            rf"muuta\s+(?:\w+\s+){{0,2}}{_ANSWER_OBJECT_FI}",
            rf"(?:vaihda|korjaa|muokkaa)\s+(?:\w+\s+){{0,2}}{_ANY_ANSWER_FI}",
            rf"(?:please\s+)?{_CHANGE_VERB_EN}\s+{_WHICH_EN}\s+(?:\w+\s+)?{_ANSWER_EN}",
        ),
        contains=(
            rf"{_ASKING_FI}\s+(?:\w+\s+)?{_CHANGE_INFINITIVE_FI}\s+(?:\w+\s+){{0,2}}{_ANY_ANSWER_FI}",
            rf"{_CHANGE_FIRST_PERSON_FI}\s+(?:\w+\s+){{0,2}}{_ANY_ANSWER_FI}",
            rf"(?:muuta|vaihda|korjaa|muokkaa|{_CHANGE_INFINITIVE_FI})\s+(?:\w+\s+){{0,2}}"
            rf"{_OWN_ANSWER_FI}",
            rf"{_CHANGE_VERB_EN}\s+(?:one of\s+)?my\s+(?:\w+\s+)?{_ANSWER_EN}",
            rf"{_ASKING_EN}\s+{_CHANGE_VERB_EN}\s+{_WHICH_EN}\s+(?:\w+\s+)?{_ANSWER_EN}",
        ),
        unless=(_NEGATION,),
        yields_to=(SUGGESTION,),
    ),
    Rule(
        SUGGESTION,
        contains=(
            r"pitäisi",
            r"pitäis",
            r"pitäs",
            r"tulisi",
            r"tulis",
            r"vois",
            r"voitais(?:iin)?",
            r"ehdotetaan",
            r"lisätään",
            r"lisättäis(?:iin)?",
            r"kannattais",
            r"ois hyvä",
            r"olis hyvä",
            r"toivomme",
            r"toivoisimme",
            r"we propose",
            r"we suggest",
            r"i'?d suggest",
            r"we'?d suggest",
            r"i would suggest",
            r"let'?s add",
            r"there needs to be",
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
    r"mites",
    r"mitäs",
    r"mikäs",
    r"onks",
    r"onkos",
    r"paljonko",
    r"kuinka",
    r"miksi",
    r"entä",
    r"entäs",
    r"kerro",
    r"löytyykö",
    r"puhutaanko",
    r"mainitaanko",
    r"what",
    r"why",
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


@dataclass(frozen=True)
class _Compiled:
    """A rule as regular expressions: ``whole`` alone; ``parts`` (starts, contains) unless
    ``unless`` is found anywhere."""

    rule: Rule
    whole: re.Pattern | None
    parts: tuple[re.Pattern, ...]
    unless: re.Pattern | None

    def search(self, lowered: str) -> re.Match | None:
        if self.whole is not None and (match := self.whole.search(lowered)):
            return match
        if self.unless is not None and self.unless.search(lowered):
            return None
        return next((m for pattern in self.parts if (m := pattern.search(lowered))), None)


def _compile(rule: Rule) -> _Compiled:
    parts = []
    if rule.starts:
        parts.append(re.compile(rf"^(?:{_alternatives(rule.starts)})(?!\w)"))
    if rule.contains:
        parts.append(re.compile(rf"(?<!\w)(?:{_alternatives(rule.contains)})(?!\w)"))
    return _Compiled(
        rule,
        re.compile(rf"^(?:{_alternatives(rule.whole)})$") if rule.whole else None,
        tuple(parts),
        re.compile(rf"(?<!\w)(?:{_alternatives(rule.unless)})(?!\w)") if rule.unless else None,
    )


_COMPILED = {rule.intent: _compile(rule) for rule in RULES}
_QUESTION_START = re.compile(rf"^(?:{_alternatives(QUESTION_WORDS)})(?!\w)")
_DONT_KNOW_START = _COMPILED[DONT_KNOW].parts[0]

# Words before a score, as people say them alone or as a group ("meiän mielestä 4", "I'd say 4").
_SCORE_LEADS = (
    r"annan|annamme|annetaan|me annetaan|arvioin|arvioimme|arvosana|pisteet|sanoisin"
    r"|sanoisimme|sanotaan|sanon|(?:minun|mun|meidän|meiän|mei[dj]än) mielestä|minusta|meistä"
    r"|score|i give|we give|i'd give|we'd give|i would give|we would give|give it|i'd say"
    r"|we'd say|i would say|we would say|i say|we say|my score is|our score is"
)
# "4", "4/5", "annan 4", "4, koska ...", "neljä": a score, perhaps with its reason after it.
SCORE_PATTERN = re.compile(
    rf"^(?:(?P<lead>{_SCORE_LEADS})\s+)?"
    rf"(?P<value>{_NUMBER}){_END}(?P<scale>\s*/\s*5)?(?P<sep>\s*[.,:;!–-]+\s*|\s*)"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# A number starts a plain score only alone, before punctuation, "/5" or its reason, or after
# "annan"/"score": "4", "4 – hyvä", "kolme, koska ..." score. Followed directly by a word it
# begins a sentence: a number word is then text ("Kolme uutta yritystä aloitti"), a digit a
# score to confirm first ("3 uutta yritystä aloitti ..."; see ``Intent.opens_sentence``).
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
_SEPARATORS = frozenset(".,:;!?–-")


@dataclass(frozen=True)
class Intent:
    """A detected intent with its score value and the rest of the text (a reason).

    ``choices`` are the whole numbers a hedged score may mean ("3,5" → 3 and 4);
    ``opens_sentence`` says that the number begins a sentence ("3 uutta yritystä ..."): it is
    a score only if the participant confirms it, and ``rest`` is then the whole message."""

    name: str
    value: int | None = None
    rest: str = ""
    choices: tuple[int, ...] = ()
    opens_sentence: bool = False


def _number(raw: str) -> int:
    return NUMBER_WORDS.get(raw.lower()) or int(raw)


def normalized(text: str) -> str:
    """Lower case, single spaces, without the punctuation that ends a short command."""
    lowered = " ".join((text or "").lower().replace("’", "'").split())
    return lowered.strip(" .!?,;:")


def matches(intent: str, text: str) -> bool:
    """Whether ``text`` matches the rule of ``intent`` in ``RULES`` (whatever its
    ``yields_to``: "I should change my answer" matches CHANGE but is detected a suggestion)."""
    compiled = _COMPILED.get(intent)
    return compiled is not None and compiled.search(normalized(text)) is not None


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


def _hedge(cleaned: str, match: re.Match, choices: tuple[int, ...]) -> Intent | None:
    tail = cleaned[match.end() :]
    rest = _LEADING_PUNCTUATION.sub("", tail).strip()
    if _begins_sentence(tail, rest):
        # "ehkä 3 hanketta", "3,5 miljoonaa euroa": a sentence, as in ``score``.
        if not any(character.isdigit() for character in match.group(0)):
            return None
        return Intent(HEDGED_SCORE, rest=cleaned, choices=choices, opens_sentence=True)
    return Intent(HEDGED_SCORE, rest=rest, choices=choices)


def _begins_sentence(tail: str, rest: str) -> bool:
    """Whether the text after a number goes on as a sentence: a word follows, with no
    separator (",", ".", ":", "–", "-") and no "koska"/"because" between."""
    separator = tail[: len(tail) - len(tail.lstrip(" \t\n.,:;!?–-"))]
    return bool(rest) and not _SEPARATORS & set(separator) and not _REASON_START.match(rest)


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
    value = _number(match.group("value"))
    marked = match.group("lead") or match.group("scale") or match.group("sep").strip()
    if not marked and _begins_sentence(match.group("sep") + match.group("rest"), rest):
        if not match.group("value").isdigit():
            return None
        return Intent(HEDGED_SCORE, rest=cleaned, choices=(value,), opens_sentence=True)
    return Intent(SCORE, value, rest)


def bare_score(text: str) -> Intent | None:
    """A score and nothing else ("4", "neljä", "3,5"): while a reason is asked, a new score."""
    found = score(text)
    return found if found is not None and not found.rest else None


def command(text: str) -> str | None:
    """One of the few commands that a free-text answer (a reason, a rationale) may be instead:
    the whole message is "ohita"/"skip", "peru"/"cancel", "apua"/"help", or a plain "ei"/"no"
    (no reason). Anything else is the participant's text."""
    for name in (SKIP, CANCEL, NO, HELP):
        if re.fullmatch(_alternatives(_COMPILED[name].rule.whole), normalized(text)):
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
    if found is not None and not found.opens_sentence:
        return found
    # A sentence that begins with a number ("2 hanketta ...") may still suggest or ask.
    ruled = _by_rules(cleaned, lowered)
    if ruled is not None:
        return ruled
    return found or Intent(TEXT, rest=cleaned)


def understood(text: str) -> Intent:
    """The intent a message is answered with: ``detect``, except that a text that is not a
    score, a command or a suggestion is a question ("vesivoimalat", "mites toi biotalous")."""
    found = detect(text)
    if found.name == TEXT and (text or "").strip():
        return Intent(QUESTION, rest=found.rest)
    return found


def _by_rules(cleaned: str, lowered: str) -> Intent | None:
    """The first rule of ``RULES`` the message matches (after yes, no, skip, cancel and the
    scores), or a question, or None."""
    asks = cleaned.endswith("?") or bool(_QUESTION_START.match(lowered))
    for name, compiled in _COMPILED.items():
        if name in (YES, NO, SKIP, CANCEL) or compiled.search(lowered) is None:
            continue
        if any(_COMPILED[other].search(lowered) for other in compiled.rule.yields_to):
            continue
        if name == SUGGESTION and asks and _QUESTION_START.match(lowered):
            # "Mitä pitäisi tehdä?" asks; "pitäisi lisätä ..." suggests.
            return Intent(QUESTION, rest=cleaned)
        if name == DONT_KNOW:
            return Intent(DONT_KNOW, rest=_dont_know_reason(cleaned))
        return Intent(name, rest=cleaned)
    if asks:
        return Intent(QUESTION, rest=cleaned)
    return None
