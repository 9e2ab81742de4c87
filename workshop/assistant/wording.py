"""A suggestion as a proposal's wording: "pitäis lisätä tekoäly digipalveluihin" becomes
"Lisätään tekoäly digipalveluihin", "we propose adding biochar" becomes "Adding biochar".

Only what frames the suggestion is changed: an opinion opener ("meiän mielestä", "ehdotan
että", "we propose"), and a modal verb with its infinitive ("pitäisi lisätä", "vois tukea"),
which becomes the passive that Finnish proposals are written in (formed by rule and checked by
Voikko, ``morphology.passive_of``). When the sentence has its own subject ("Maakunnan pitäisi
...") or anything is unsure, the participant's words stay as they are. The participant sees
the wording and can edit it before anything is submitted.
"""

from __future__ import annotations

import re

from workshop.language import morphology

_OPENERS_FI = re.compile(
    r"^(?:(?:meidän|meiän|meijän|mun|minun|mei[dj]än) mielestä|mielestäni|mielestämme|minusta"
    r"|meistä|ehdotan|ehdotamme|ehdottaisin|ehdottaisimme|ehdotetaan|toivoisin|toivoisimme"
    r"|toivomme|toivon)\s*,?\s+(?:että\s+)?",
    re.IGNORECASE,
)
_MODALS = frozenset(
    [
        "pitäisi",
        "pitäis",
        "pitäs",
        "tulisi",
        "tulis",
        "vois",
        "voisi",
        "voitais",
        "voitaisiin",
        "kannattaisi",
        "kannattais",
        "täytyisi",
        "pitää",
        "tulee",
        "täytyy",
    ]
)
# Words before the modal that keep the passive right: the speakers themselves ("meidän
# pitäisi") and a few adverbs; an object in the partitive or nominative ("tuulivoimaa").
_SPEAKERS = frozenset(["meidän", "meiän", "meijän", "minun", "mun", "mun", "meillä"])
_OBJECT_CASES = frozenset({"osanto", "nimento"})
_FREE_WORDS = frozenset(["myös", "enemmän", "vielä", "selvästi", "ehdottomasti", "ehkä", "kyllä"])

_OPENERS_EN = re.compile(
    r"^(?:(?:i|we)(?:'d| would)? (?:propose|suggest|recommend)(?: that)?|please|let'?s|there "
    r"should be|(?:i think )?(?:we|you|the region|the strategy) should(?: also)?)\s+",
    re.IGNORECASE,
)


def cleaned(text: str) -> str:
    """The suggestion as a proposal's wording; the text itself when nothing is sure."""
    stripped = " ".join((text or "").split())
    if not stripped:
        return stripped
    english = _OPENERS_EN.sub("", stripped, count=1)
    if english != stripped:
        return _capitalised(english)
    opened = _OPENERS_FI.sub("", stripped, count=1)
    passive = _passive_sentence(opened)
    return _capitalised(passive or opened)


def _passive_sentence(text: str) -> str | None:
    words = text.split()
    lowered = [w.lower().strip(",.!?") for w in words]
    at = next((i for i, w in enumerate(lowered) if w in _MODALS), None)
    if at is None or at + 1 >= len(words):
        return None
    infinitive = lowered[at + 1]
    if not any(
        lemma == infinitive and kind == "teonsana"
        for lemma, kind, _c in morphology.readings(infinitive)
    ):
        return None
    passive = morphology.passive_of(infinitive)
    if passive is None:
        return None
    before = lowered[:at]
    if not all(_may_stand_before(word) for word in before):
        return None  # "Maakunnan pitäisi ...": the sentence has its own subject
    kept = [w for w, low in zip(words[:at], before, strict=True) if low not in _SPEAKERS]
    return " ".join([passive, *kept, *words[at + 2 :]])


def _may_stand_before(word: str) -> bool:
    if word in _SPEAKERS or word in _FREE_WORDS:
        return True
    readings = morphology.readings(word)
    return any(case in _OBJECT_CASES for _l, _k, case in readings)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
