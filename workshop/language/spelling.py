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
spoken "tarvii", is not "tavi", a teal). A word with a hyphen gets none either: its first part
is mostly an abbreviation written in lower case ("tki-panostukset" is not "tmi-panostukset",
"ict-osaajia" not "it-osaajia"). Otherwise the word is kept as written.

Where Voikko's first suggestion passes, the word is taken as a typo; of the suggestions as
few edits away as that first one, the one that keeps most of the word's beginning and end is
the correction: a typo is mostly a letter dropped or doubled inside a word, and Voikko's
first suggestion may change a word's first letters instead ("rahotusta": "rehotusta" first,
"rahoitusta" fourth; "vetytalouen": "vetytalojen" before "vetytalouden"). A suggestion that
only puts the dots back on an "a" or "o" comes first of all ("vetyterashanke" is
"vetyteräshanke", not "vetyteurashanke").
"""

from __future__ import annotations

from workshop.language import morphology

LETTERS_PER_EDIT = 6
SUGGESTIONS = 5  # of Voikko's, best first: the right one is rarely further down


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


def kept_ends(written: str, suggestion: str) -> int:
    """How many letters of ``written``'s beginning and end ``suggestion`` keeps as they are."""
    start = 0
    while start < min(len(written), len(suggestion)) and written[start] == suggestion[start]:
        start += 1
    end = 0
    while (
        end < min(len(written), len(suggestion)) - start
        and written[-1 - end] == suggestion[-1 - end]
    ):
        end += 1
    return start + end


def correction(written: str) -> str | None:
    """The correction of an unknown word as written, where one of Voikko's suggestions
    corrects a typo of that word ("hyödyntöminen" → "hyödyntäminen"); None where there is
    none or each is another word ("luvitus" is not "kuvitus")."""
    if "-" in written or any(char.isupper() for char in written):
        return None  # before asking Voikko: a suggestion costs a few milliseconds
    suggestions = morphology.suggestions(written, SUGGESTIONS)
    if not suggestions or not is_typo_of(written, suggestions[0]):
        # Voikko's first suggestion decides whether the word is a typo at all: its later
        # ones are further from the word and mostly other words ("luvitus": "lovitus").
        return None
    first = suggestions[0].lower()
    edits = edit_distance(written, first)
    # As near as the first: the one that differs from the word only in the dots of an ä, ö
    # or å (mostly dots left out on a keyboard without them: "vetyterashanke"), else the one
    # that keeps most of the word at both ends.
    alike = [s.lower() for s in suggestions if is_typo_of(written, s)]
    alike = [s for s in alike if edit_distance(written, s) == edits]
    return max(alike, key=lambda s: (undotted(s) == undotted(written), kept_ends(written, s)))


def undotted(word: str) -> str:
    return word.translate(_UNDOTTED)


_UNDOTTED = str.maketrans("äöå", "aoa")
