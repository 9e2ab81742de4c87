"""Finnish words as their lemmas and compound parts, and spelling suggestions, from Voikko.

Voikko (Debian ``libvoikko1`` with the ``voikko-fi`` dictionary, through the pip binding
``libvoikko``) knows Finnish inflection, consonant gradation and compounds: "vedyn" is "vety",
"ruuantuotannosta" is "ruoka" + "tuotanto", "energiatehokuus" is a typo of "energiatehokkuus".
Without it the assistant would silently understand far less, so it refuses to search and says
what to install (``MorphologyUnavailable``).
"""

from __future__ import annotations

import threading
from functools import lru_cache

INSTALL_HINT = (
    "The review assistant needs the Finnish morphology library Voikko: install the Debian "
    "packages libvoikko1 and voikko-fi (apt-get install libvoikko1 voikko-fi) and the Python "
    "package libvoikko (pip install libvoikko; scripts/setup.sh does both)."
)
# Word classes that never carry what a message is about (pronouns, conjunctions, interjections).
FRAMING_CLASSES = frozenset({"asemosana", "sidesana", "huudahdussana"})


class MorphologyUnavailable(RuntimeError):
    """Voikko or its Finnish dictionary is not installed."""

    def __init__(self, detail: str = ""):
        super().__init__(INSTALL_HINT + (f" ({detail})" if detail else ""))


_lock = threading.Lock()
_voikko = None


def _engine():
    """The one Voikko instance; libvoikko is not thread-safe, so every call holds the lock."""
    global _voikko
    if _voikko is None:
        try:
            import libvoikko

            _voikko = libvoikko.Voikko("fi")
        except (ImportError, OSError) as error:
            raise MorphologyUnavailable(type(error).__name__) from error
        except Exception as error:  # libvoikko raises its own errors when no dictionary exists
            raise MorphologyUnavailable(str(error)[:200]) from error
    return _voikko


def check() -> None:
    """Raise ``MorphologyUnavailable`` unless Voikko and its Finnish dictionary work."""
    with _lock:
        _engine()


def available() -> bool:
    try:
        check()
    except MorphologyUnavailable:
        return False
    return True


# Analyses of these classes lose to any other reading ("alan" is "ala" or "alkaa", not "Alan").
NAME_CLASSES = frozenset({"etunimi", "sukunimi"})


@lru_cache(maxsize=50_000)
def analyse(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], bool, bool]:
    """A lower-case word's lemmas, its compound parts (each as its alternative lemmas; empty
    for a simple word), whether Voikko knows it, and whether it only frames a sentence (a
    pronoun, a conjunction). Of several readings, the ones with the fewest parts count:
    "ravinteiden" is "ravinne", not "ravi" + "tie"."""
    with _lock:
        analyses = _engine().analyze(word)
    if not analyses:
        return (), (), False, False
    common = [a for a in analyses if a.get("CLASS") not in NAME_CLASSES] or analyses
    split = [(a, _parts(word, a.get("STRUCTURE", ""))) for a in common]
    fewest = min(len(parts) for _a, parts in split)
    chosen = [(a, parts) for a, parts in split if len(parts) == fewest]
    lemmas = tuple(dict.fromkeys((a.get("BASEFORM") or word).lower() for a, _p in chosen))
    framing = all(a.get("CLASS") in FRAMING_CLASSES for a, _p in chosen)
    parts = chosen[0][1]
    groups = tuple(_part_lemmas(part) for part in parts) if len(parts) > 1 else ()
    return lemmas, tuple(g for g in groups if g), True, framing


def _parts(word: str, structure: str) -> list[str]:
    """The surface parts of a compound: STRUCTURE has one letter per character of the word and
    "=" before each part ("=ppppp=ppppp" for "tuulivoima")."""
    parts, current, at = [], "", 0
    for mark in structure:
        if mark == "=":
            if current.strip("-"):
                parts.append(current.strip("-"))
            current = ""
            continue
        if at < len(word):
            current += word[at]
        at += 1
    if current.strip("-"):
        parts.append(current.strip("-"))
    return parts


@lru_cache(maxsize=20_000)
def _part_lemmas(part: str) -> tuple[str, ...]:
    if len(part) < 3:
        return ()
    with _lock:
        analyses = _engine().analyze(part)
        if not analyses and part.endswith("s"):
            # The first part of a compound in its compound form: "osaamis-" is "osaaminen".
            analyses = _engine().analyze(part[:-1] + "nen")
    common = [a for a in analyses if a.get("CLASS") not in NAME_CLASSES] or analyses
    found = tuple(dict.fromkeys((a.get("BASEFORM") or part).lower() for a in common))
    return found or (part,)


@lru_cache(maxsize=20_000)
def suggestions(word: str, limit: int = 3) -> tuple[str, ...]:
    """Voikko's spelling suggestions for an unknown word ("vetytaloudesra" → "vetytaloudessa"),
    best first; cached, as a suggestion takes a few milliseconds."""
    if len(word) < 4:
        return ()
    with _lock:
        found = _engine().suggest(word)
    return tuple(s.lower() for s in found[:limit])


# Weak grades of a stem's last consonants, tried when a passive is formed ("tukea" → "tuetaan").
_WEAK = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("rt", "rr"),
    ("nt", "nn"),
    ("k", ""),
    ("p", "v"),
    ("t", "d"),
)
_VOWELS = "aeiouyäö"


@lru_cache(maxsize=2_000)
def passive_of(infinitive: str) -> str | None:
    """The present passive of a verb's first infinitive ("lisätä" → "lisätään", "tukea" →
    "tuetaan"), formed by rule and kept only when Voikko reads it as that verb's passive."""
    word = infinitive.lower()
    if len(word) < 3 or word[-1] not in "aä":
        return None
    back = "a" if word[-1] == "a" else "ä"
    if word[-2] not in _VOWELS:
        candidates = [word + ("an" if back == "a" else "än")]  # lisätä, tulla, saada, pestä
    else:
        stem = word[:-1]  # tukea → tuke, panostaa → panosta
        base = stem[:-1] + "e" if stem[-1] in "aä" else stem
        candidates = [base + "t" + back * 2 + "n"]
        for strong, weak in _WEAK:
            cut = base[:-1]
            if cut.endswith(strong):
                candidates.append(
                    cut[: len(cut) - len(strong)] + weak + base[-1] + "t" + back * 2 + "n"
                )
    for candidate in candidates:
        with _lock:
            found = _engine().analyze(candidate)
        if any(a.get("BASEFORM") == word and a.get("PERSON") == "4" for a in found):
            return candidate
    return None


@lru_cache(maxsize=20_000)
def readings(word: str) -> tuple[tuple[str, str, str], ...]:
    """A word's readings as (lemma, word class, case), lower case ("" when not given)."""
    with _lock:
        found = _engine().analyze(word)
    return tuple(
        ((a.get("BASEFORM") or "").lower(), a.get("CLASS") or "", a.get("SIJAMUOTO") or "")
        for a in found
    )
