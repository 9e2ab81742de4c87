"""Themes of a focus area's texts: groups by meaning, each with a label made from its words,
its size, counts by stakeholder group, representative quotes and the mean score of its reasons.

How (bench/synthesis.md has the figures): two texts are alike by a mix of their meaning (the
cosine of their multilingual embeddings, centred on the set so that what every reason shares,
"this is about energy", does not make them all alike) and their words (the TF-IDF cosine of
Voikko's lemmas and compound parts, so "tuulivoimaloiden" meets "tuulivoima"). Average-linkage
clustering cuts where groups stop being alike enough; a group smaller than a theme stays
"muut". The texts are put in one canonical order first, so the same texts always give the same
themes.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from workshop.synthesis.collect import Text
from workshop.synthesis.features import PART, Features, features_for

MEANING_WEIGHT = 0.6  # of the similarity; the rest is the words'
CUT = 0.78  # average-linkage distance (1 − similarity) where groups stop merging
QUOTES = 3
QUOTE_LENGTH = 240
LABEL_TERMS = 3


@dataclass(frozen=True)
class Theme:
    """One theme: what it is called, whose texts it holds and what they say."""

    label: str
    ids: list[str]
    size: int
    by_group: dict[str, int]
    quotes: list[str]
    mean_score: float | None
    terms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ThemeSet:
    """The themes of a set of texts, largest first, and the texts that fit none ("muut")."""

    themes: list[Theme]
    unassigned: list[Text]


def min_theme_size(count: int) -> int:
    """How many texts a theme needs: two among a few dozen, three in larger sets."""
    return 2 if count < 60 else 3


def _order_key(text: Text):
    kind, _sep, number = text.id.partition(":")
    return (kind, int(number) if number.isdigit() else 0, number, text.text)


def canonical(texts: list[Text]) -> list[Text]:
    """The texts once each (by id), in one order whatever order they came in."""
    unique = {}
    for text in texts:
        unique.setdefault(text.id, text)
    return sorted(unique.values(), key=_order_key)


def themes_for(texts: list[Text], lang: str = "fi") -> ThemeSet:
    """The themes of ``texts`` (one focus area's, usually)."""
    ordered = canonical(texts)
    if len(ordered) < 2:
        return ThemeSet(themes=[], unassigned=ordered)
    features = features_for([text.text for text in ordered])
    return group(ordered, features, lang)


def group(ordered: list[Text], features: list[Features], lang: str = "fi") -> ThemeSet:
    """Themes of texts in canonical order with their features (the bench calls this)."""
    similarity = similarity_matrix(features)
    labels = cluster(similarity, CUT)
    smallest = min_theme_size(len(ordered))
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    groups = [indexes for indexes in members.values() if len(indexes) >= smallest]
    grouped = {index for indexes in groups for index in indexes}
    document_frequency = Counter(term for f in features for term in set(f.terms))
    themes = [
        _theme(ordered, features, similarity, indexes, document_frequency, lang)
        for indexes in groups
    ]
    themes.sort(key=lambda theme: (-theme.size, _order_key_of_id(theme.ids[0])))
    unassigned = [text for index, text in enumerate(ordered) if index not in grouped]
    return ThemeSet(themes=themes, unassigned=unassigned)


def _order_key_of_id(text_id: str):
    kind, _sep, number = text_id.partition(":")
    return (kind, int(number) if number.isdigit() else 0, number)


# Similarity and clustering ----------------------------------------------------------------


def similarity_matrix(features: list[Features]) -> np.ndarray:
    """Pairwise similarity in [0, 1] of texts: meaning and words, weighted."""
    meaning = _meaning_similarity(np.vstack([f.vector for f in features]))
    words = _word_similarity([f.terms for f in features])
    combined = MEANING_WEIGHT * meaning + (1 - MEANING_WEIGHT) * words
    np.fill_diagonal(combined, 1.0)
    return combined


def _meaning_similarity(vectors: np.ndarray) -> np.ndarray:
    """Cosine of the embeddings centred on the set's mean, clipped to [0, 1]. E5's vectors all
    lie in a narrow cone (any two texts have a cosine near 0.8); centring spreads them."""
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    centred = centred / np.where(norms == 0, 1, norms)
    return np.clip(centred @ centred.T, 0.0, 1.0)


def _word_similarity(term_lists: list[tuple[str, ...]]) -> np.ndarray:
    """TF-IDF cosine of the texts' terms (each term once a text, weighted by its rarity)."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for row, terms in enumerate(term_lists):
        for term in dict.fromkeys(term.removeprefix(PART) for term in terms):
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    count = len(term_lists)
    if not vocabulary:
        return np.zeros((count, count))
    frequency = np.bincount(columns, minlength=len(vocabulary))
    idf = np.log((1 + count) / (1 + frequency)) + 1
    values = idf[columns]
    matrix = csr_matrix((values, (rows, columns)), shape=(count, len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1
    from scipy.sparse import diags

    matrix = diags(1 / norms) @ matrix
    return np.asarray((matrix @ matrix.T).todense())


def cluster(similarity: np.ndarray, cut: float) -> np.ndarray:
    """Average-linkage clusters of a similarity matrix, cut at distance ``cut``."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2
    tree = linkage(squareform(distance, checks=False), method="average")
    return fcluster(tree, t=cut, criterion="distance")


# A theme's description --------------------------------------------------------------------


def _theme(ordered, features, similarity, indexes, document_frequency, lang) -> Theme:
    texts = [ordered[i] for i in indexes]
    centrality = similarity[np.ix_(indexes, indexes)].mean(axis=1)
    by_centre = [indexes[i] for i in sorted(range(len(indexes)), key=lambda i: -centrality[i])]
    terms = _label_terms([features[i].terms for i in by_centre], document_frequency, len(ordered))
    scores = [text.score for text in texts if text.score is not None]
    by_group = Counter(text.group for text in texts if text.group)
    return Theme(
        label=_label(terms, [ordered[i] for i in by_centre], lang),
        ids=[text.id for text in texts],
        size=len(texts),
        by_group=dict(sorted(by_group.items())),
        quotes=_quotes([ordered[i] for i in by_centre]),
        mean_score=round(sum(scores) / len(scores), 2) if scores else None,
        terms=terms,
    )


def _label_terms(term_lists, document_frequency, total) -> list[str]:
    """The terms most particular to a theme: common in it, rare outside it; ties go to the
    term of the more central text."""
    inside = Counter(term for terms in term_lists for term in set(terms))
    first_seen: dict[str, int] = {}
    for position, terms in enumerate(term_lists):
        for term in terms:
            first_seen.setdefault(term, position)
    size = len(term_lists)
    needed = 2 if size >= 2 else 1

    def weight(term):
        share = inside[term] / size
        return share * math.log((1 + total) / (1 + document_frequency[term]))

    candidates = [
        term for term, count in inside.items() if count >= needed and not term.startswith(PART)
    ]
    if not candidates:
        candidates = list(term_lists[0])
    candidates.sort(key=lambda term: (-weight(term), first_seen[term], term))
    chosen: list[str] = []
    for term in candidates:
        # A compound's part adds nothing next to the compound ("tuulivoima", "voima").
        if any(term in other or other in term for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == LABEL_TERMS:
            break
    return chosen


def _label(terms: list[str], by_centre: list[Text], lang: str) -> str:
    """A short label: the theme's particular terms, each as written in its most central text
    where the term is a stem (an English word), else as its lemma."""
    words = [_written_form(term, by_centre) for term in terms]
    if not words:
        return _quote(by_centre[0].text, 60)
    return ", ".join(words)


def _written_form(term: str, by_centre: list[Text]) -> str:
    for text in by_centre:
        for word in text.text.lower().split():
            word = word.strip(".,;:!?()\"'”“")
            if word == term:
                return term
    for text in by_centre:
        for word in text.text.lower().split():
            word = word.strip(".,;:!?()\"'”“")
            if word.startswith(term) and text.lang == "en":
                return word
    return term


def _quotes(by_centre: list[Text]) -> list[str]:
    """Two or three of the most central texts, each once."""
    quotes: list[str] = []
    seen: set[str] = set()
    for text in by_centre:
        normal = " ".join(text.text.casefold().split())
        if normal in seen:
            continue
        seen.add(normal)
        quotes.append(_quote(text.text, QUOTE_LENGTH))
        if len(quotes) == QUOTES:
            break
    return quotes


def _quote(text: str, length: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"
