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
from workshop.synthesis.features import EMBEDDING, PART, Features, features_for

WORDS_WEIGHT = 0.4  # of the lemmas' TF-IDF cosine, beside the two embeddings' (1 each)
NEIGHBOURS = 6  # texts a text's neighbourhood holds
MIN_ALIKE = 0.2  # of the summed similarities, below which a near text is still no neighbour
CUT = 0.75  # average-linkage distance where groups stop merging (tuned, bench/synthesis.md)
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
    return 2 if count < 20 else 3


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
    similarity = similarity_matrix(features, [text.lang for text in ordered])
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


def similarity_matrix(features: list[Features], langs: list[str] | None = None) -> np.ndarray:
    """Pairwise similarity in [0, 1]: how much two texts' neighbourhoods overlap, where a
    text's neighbours are the texts most alike in meaning (both embeddings) and words.
    Neighbourhoods, not raw cosines, because short texts' cosines lie close together and
    vary from text to text; who is nearest is steadier (shared-nearest-neighbour similarity)."""
    vectors = np.vstack([f.vector for f in features])
    written, lemmatised = vectors[:, :EMBEDDING], vectors[:, EMBEDDING:]
    alike = (
        _meaning_similarity(written, langs)
        + _meaning_similarity(lemmatised, langs)
        + WORDS_WEIGHT * _word_similarity([f.terms for f in features])
    )
    return shared_neighbours(alike, NEIGHBOURS)


def shared_neighbours(alike: np.ndarray, k: int) -> np.ndarray:
    """Half whether two texts are among each other's ``k`` nearest, half the share of
    nearest neighbours they have in common."""
    count = len(alike)
    k = max(1, min(k, count - 1))
    ranked = alike.copy()
    np.fill_diagonal(ranked, -np.inf)
    # The k nearest of each (argpartition: linear, and the same for the same canonical input).
    nearest = np.argpartition(-ranked, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(count), k)
    columns = nearest.ravel()
    # A nearest text that is not alike at all is no neighbour (a few unrelated texts).
    keep = alike[rows, columns] >= MIN_ALIKE
    from scipy.sparse import csr_matrix

    adjacent = csr_matrix(
        (np.ones(int(keep.sum())), (rows[keep], columns[keep])), shape=(count, count)
    )
    adjacent = adjacent.maximum(adjacent.T)
    shared = np.asarray((adjacent @ adjacent.T).todense())
    similarity = np.clip(0.5 * shared / k + 0.5 * adjacent.toarray(), 0.0, 1.0)
    np.fill_diagonal(similarity, 1.0)
    return similarity


def _meaning_similarity(vectors: np.ndarray, langs: list[str] | None = None) -> np.ndarray:
    """Cosine of the embeddings centred on the set's mean, clipped to [0, 1]. E5's vectors all
    lie in a narrow cone (any two texts have a cosine near 0.8); centring spreads them. Each
    language is centred on its own mean: otherwise English reasons are nearer each other than
    to the Finnish ones on the same matter ("permitting takes years", "luvitus kestää")."""
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    for lang in sorted(set(langs or [])):
        rows = [i for i, found in enumerate(langs) if found == lang]
        if len(rows) >= 3:
            centred[rows] = vectors[rows] - vectors[rows].mean(axis=0, keepdims=True)
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
