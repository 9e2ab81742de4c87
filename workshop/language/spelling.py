"""Whether Voikko's spelling suggestion for an unknown word corrects a typo of that word, or
is another word.

Voikko suggests the nearest word it knows for every word it does not know, and a valid word it
was never taught (a term of the trade, a name, an abbreviation) is near some other word: its
suggestion for "luvitus" (permitting) is "kuvitus" (illustration), for "ELYssä" "helyssä", for
"Fingridiltä" "ingridiltä". A suggestion is taken only where it is plainly the same word
mistyped: the word is written in lower case (a capital marks a name or an abbreviation, which
Voikko's dictionary does not hold), keeps its first letter (typists rarely miss the first
letter, and "luvitus" → "kuvitus" is a change of exactly that), and is at most one edit away
for every six letters (a transposition is one edit: "tuulivoiam" → "tuulivoima"). A short word
gets no correction at all: its neighbours one edit away are mostly other words ("tarvi", the
spoken "tarvii", is not "tavi", a teal). Otherwise the word is kept as written.
"""

from __future__ import annotations

from workshop.language import morphology

LETTERS_PER_EDIT = 6


def edit_distance(first: str, second: str) -> int:
    """The Damerau-Levenshtein distance of two strings in its restricted form (optimal string
    alignment): insertions, deletions, substitutions and transpositions of two adjacent
    characters, each one edit, no substring edited twice."""
    if first == second:
        return 0
    rows = len(first) + 1
    cols = len(second) + 1
    previous_previous: list[int] = []
    previous = list(range(cols))
    for i in range(1, rows):
        current = [i] + [0] * (cols - 1)
        for j in range(1, cols):
            cost = 0 if first[i - 1] == second[j - 1] else 1
            current[j] = min(
                previous[j] + 1,  # deletion
                current[j - 1] + 1,  # insertion
                previous[j - 1] + cost,  # substitution
            )
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)  # transposition
        previous_previous, previous = previous, current
    return previous[-1]


def edits_allowed(word: str) -> int:
    """How many edits a typo of this word may hold: one for every six letters."""
    return len(word) // LETTERS_PER_EDIT


def is_typo_of(written: str, suggestion: str) -> bool:
    """Whether ``suggestion`` is ``written`` with a typo corrected, not another word (the rule
    is the module's docstring)."""
    if not written or not suggestion or any(char.isupper() for char in written):
        return False
    suggestion = suggestion.lower()
    if suggestion[0] != written[0]:
        return False
    return edit_distance(written, suggestion) <= edits_allowed(written)


def correction(written: str) -> str | None:
    """Voikko's best suggestion for an unknown word as written, where it corrects a typo of
    that word ("hyödyntöminen" → "hyödyntäminen"); None where there is none or it is another
    word ("luvitus" is not "kuvitus")."""
    if any(char.isupper() for char in written):
        return None  # before asking Voikko: a suggestion costs a few milliseconds
    for suggestion in morphology.suggestions(written, 1):
        if is_typo_of(written, suggestion):
            return suggestion
    return None
