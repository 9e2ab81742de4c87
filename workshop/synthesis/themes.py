"""Themes of a focus area's texts: groups by meaning, each with a short label made from its texts,
its size, counts by stakeholder group, representative quotes and the mean score of its reasons.

How (bench/synthesis.md has the figures): two texts are alike by a mix of their meaning (the
cosine of their multilingual embeddings, centred on the set so that what every reason shares,
"this is about energy", does not make them all alike) and their words (the TF-IDF cosine of
Voikko's lemmas and compound parts, so "tuulivoimaloiden" meets "tuulivoima"). Each text is
linked to the texts most alike it, and the communities of that graph (Leiden, modularity) are
found many times: at a few resolutions, with a few seeds, on three views of the texts (both
embeddings, the written text's alone, the lemma view's alone). Texts found together in most
of these runs are a theme (consensus clustering): no one resolution or seed decides, and a
text that moves between themes from run to run stays "muut" rather than blurring one. Then the
texts the runs leave out of every theme, or hold in one only loosely, go to the theme they are
most tied to in the graph, if they are tied to one enough (``refine``). A group smaller than a
theme stays "muut". The texts are put in one canonical order first, so the same
texts always give the same themes.
"""

from __future__ import annotations

import math
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from workshop.synthesis.collect import Text
from workshop.synthesis.features import EMBEDDING, PART, Features, features_for

WORDS_WEIGHT = 0.4  # of the lemmas' TF-IDF cosine, beside the two embeddings' (1 each)
NEIGHBOURS = 10  # a text is linked to this many of the texts most alike it
MIN_ALIKE = 0.2  # of the summed similarities, below which a near text is still no neighbour
# Leiden's modularity resolution: higher makes smaller communities. A range rather than one
# value: themes here are 5-10 texts of 50, which 1.0-2.0 give, and which of them fits a set
# best differs from set to set (bench/synthesis.md).
RESOLUTIONS = (1.0, 1.2, 1.5, 2.0)
SEEDS = 5  # runs at each resolution of each view, seeded 0, 1, ...: Leiden's order is random
ITERATIONS = 2  # Leiden's passes a run (igraph's default): more change little, cost twice
TOGETHER = 0.5  # share of the runs in which texts must be together, on average, to be a theme
# After the consensus (``refine``): a text the runs put with its theme's others in under this
# share of them on average is held loosely, and may move to the theme it is most tied to.
LOOSE = 0.65
# A text's tie to a theme: its edge weight in the first graph to the theme's other texts, per
# neighbour it could have there (the members, at most NEIGHBOURS). Below this, on average half
# as alike as the least alike neighbour, a loosely held or unassigned text fits no theme.
MIN_TIE = MIN_ALIKE / 2
REFINE_ROUNDS = 20  # at most, of reassigning all at once: it stops when nothing moves
MIN_TERMS = 4.0  # a theme's texts have at least this many terms on average (see _says_enough)
QUOTES = 3
QUOTE_LENGTH = 240
LABEL_TERMS = 3
LABEL_LENGTH = 60  # a label is at most this long: a short phrase, not a quote
LABEL_CANDIDATES = 3  # of the most central texts, the first this short is the label
LABEL_MIN_LENGTH = 8  # shorter says nothing ("Hyvä", "En tiiä")
# Where a clause of a text begins or ends: after a sentence, at a comma, a semicolon, a dash
# between words or a bracket. A long reason's clause names its matter as the writer put it
# ("Ulkomaisen rekrytoinnin lupaprosessit kestävät kuukausia, se on meille iso ongelma").
CLAUSE_BREAK = re.compile(r"(?<=[.!?;:])\s+|[,;]\s+|\s+[–—-]\s+|\s*[()]\s*")
# Words that link a clause to the one before; a label starts after them ("mutta vaikutukset
# eivät vielä näy" is labelled "Vaikutukset eivät vielä näy").
_LINKING = (
    "ja sekä mutta vaan kun koska jos vaikka eli joten siksi että tai "
    "and but so because if although though while as or"
)
LINK_WORDS = frozenset(_LINKING.split())
# A relative clause leans on the one before ("…, mikä jarruttaa kasvua"): never a label alone.
# Finnish relative pronouns in any case are found by their base form (``_is_relative``).
RELATIVE_LEMMAS = frozenset({"joka", "mikä"})
RELATIVE_ENGLISH = frozenset({"which", "who", "whom", "whose", "where", "that"})


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
    return (_order_key_of_id(text.id), text.text)


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
    # A text with no word worth comparing ("ok", "en osaa sanoa") fits no theme, and would
    # only blur the neighbourhoods of the others.
    saying = [index for index, found in enumerate(features) if found.terms]
    groups: list[list[int]] = []
    near = None
    if len(saying) >= 2:
        graphs = neighbour_graphs([features[i] for i in saying], [ordered[i].lang for i in saying])
        near = graphs[0]  # both embeddings: how central a text is in its theme (its label)
        consensus = together(graphs)
        members: dict[int, list[int]] = {}
        for position, label in enumerate(cluster(consensus, 1 - TOGETHER)):
            members.setdefault(int(label), []).append(position)
        smallest = min_theme_size(len(ordered))

        def themes_of(candidates):
            return [
                positions
                for positions in candidates
                if len(positions) >= smallest
                and _says_enough([features[saying[p]] for p in positions])
            ]

        groups = themes_of(refine(near, consensus, themes_of(members.values()), len(saying)))
    document_frequency = Counter(
        term for f in features for term in {t.removeprefix(PART) for t in f.terms}
    )
    themes = [
        _theme(ordered, features, near, saying, positions, document_frequency, lang)
        for positions in groups
    ]
    themes.sort(key=lambda theme: (-theme.size, _order_key_of_id(theme.ids[0])))
    grouped = {saying[p] for positions in groups for p in positions}
    unassigned = [text for index, text in enumerate(ordered) if index not in grouped]
    return ThemeSet(themes=themes, unassigned=unassigned)


def _says_enough(features: list[Features]) -> bool:
    """Whether a group's texts say enough to be a theme: a group of remarks that say little
    ("Hyvin menee", "Ei kommenttia", "ok") is alike only in that, and stays "muut"."""
    return sum(len(f.terms) for f in features) / len(features) >= MIN_TERMS


def _order_key_of_id(text_id: str):
    """Ids in natural order ("reason:2" before "reason:10", "r2" before "r10")."""
    return tuple(
        (0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk)
        for chunk in re.findall(r"\d+|\D+", text_id)
    )


# Similarity and clustering ----------------------------------------------------------------


def neighbour_graphs(features: list[Features], langs: list[str] | None = None) -> list:
    """Three graphs (sparse symmetric matrices) that link each text to the NEIGHBOURS texts
    most alike it, weighted by how alike they are: by both embeddings and the words, by the
    written text's embedding and the words, and by the lemma view's and the words. Nearest
    neighbours, not all pairs: short texts' similarities lie close together, and who is nearest
    is steadier than how near; and the graph stays small for thousands of texts."""
    vectors = np.vstack([f.vector for f in features]).astype(np.float32)
    written = _meaning_similarity(vectors[:, :EMBEDDING], langs)
    lemmas = _meaning_similarity(vectors[:, EMBEDDING:], langs)
    words = _word_similarity([f.terms for f in features]).tocoo()
    # Half the words' weight in each, so that their sum is both embeddings with the words at
    # WORDS_WEIGHT. A view alone is then on half that scale, hence half the threshold (the
    # communities do not change with the scale of all weights).
    for alike in (written, lemmas):
        alike[words.row, words.col] += WORDS_WEIGHT / 2 * words.data
    alone = [nearest_neighbours(alike, NEIGHBOURS, MIN_ALIKE / 2) for alike in (written, lemmas)]
    both = np.add(written, lemmas, out=written)
    return [nearest_neighbours(both, NEIGHBOURS, MIN_ALIKE), *alone]


def nearest_neighbours(alike: np.ndarray, k: int, least: float):
    """Each text linked to its ``k`` most alike (either way round), weighted by ``alike``; a
    near text less alike than ``least`` is no neighbour (a few unrelated texts). Sets
    ``alike``'s diagonal to −inf."""
    from scipy.sparse import csr_matrix

    count = len(alike)
    k = max(1, min(k, count - 1))
    np.fill_diagonal(alike, -np.inf)
    # The k nearest of each (argpartition: linear, and the same for the same canonical input;
    # of the negated matrix, which is faster where many similarities are 0).
    nearest = np.argpartition(np.negative(alike), k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(count), k)
    columns = nearest.ravel()
    keep = alike[rows, columns] >= least
    rows, columns = rows[keep], columns[keep]
    graph = csr_matrix((alike[rows, columns], (rows, columns)), shape=(count, count))
    return graph.maximum(graph.T).tocsr()


def _meaning_similarity(vectors: np.ndarray, langs: list[str] | None = None) -> np.ndarray:
    """Cosine of the embeddings centred on the set's mean, clipped at 0. E5's vectors all
    lie in a narrow cone (any two texts have a cosine near 0.8); centring spreads them. Each
    language is centred on its own mean: otherwise English reasons are nearer each other than
    to the Finnish ones on the same matter ("permitting takes years", "luvitus kestää")."""
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    for lang in sorted(set(langs or [])):
        rows = [i for i, found in enumerate(langs) if found == lang]
        if len(rows) >= 3:
            centred[rows] = vectors[rows] - vectors[rows].mean(axis=0, keepdims=True)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    centred /= np.where(norms == 0, 1, norms)
    product = centred @ centred.T
    return np.maximum(product, 0.0, out=product)


def _word_similarity(term_lists: list[tuple[str, ...]]):
    """TF-IDF cosine of the texts' terms (each term once a text, weighted by its rarity), as
    a sparse matrix."""
    from scipy.sparse import csr_matrix, diags

    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for row, terms in enumerate(term_lists):
        for term in dict.fromkeys(term.removeprefix(PART) for term in terms):
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    count = len(term_lists)
    if not vocabulary:
        return csr_matrix((count, count), dtype=np.float32)
    frequency = np.bincount(columns, minlength=len(vocabulary))
    idf = (np.log((1 + count) / (1 + frequency)) + 1).astype(np.float32)
    matrix = csr_matrix((idf[columns], (rows, columns)), shape=(count, len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1
    matrix = diags((1 / norms).astype(np.float32)) @ matrix
    return (matrix @ matrix.T).tocsr()


_leiden_lock = threading.Lock()  # igraph's random generator is one for the whole process


def communities(graph) -> list[np.ndarray]:
    """Leiden's communities (modularity at each resolution) of a weighted graph, once per
    seed: each run a community number for each text. Seeded, so the same graph always gives
    the same runs."""
    import igraph

    upper = _upper(graph)
    edges = np.column_stack([upper.row, upper.col]).tolist()
    network = igraph.Graph(n=graph.shape[0], edges=edges)
    weights = upper.data.astype(float).tolist()
    runs = []
    with _leiden_lock:
        for resolution in RESOLUTIONS:
            for seed in range(SEEDS):
                igraph.set_random_number_generator(random.Random(seed))
                found = network.community_leiden(
                    objective_function="modularity",
                    weights=weights,
                    resolution=resolution,
                    n_iterations=ITERATIONS,
                )
                runs.append(np.asarray(found.membership))
        igraph.set_random_number_generator(random)
    return runs


def _upper(graph):
    from scipy.sparse import triu

    return triu(graph, k=1).tocoo()


def together(graphs: list):
    """The share of all runs of ``communities`` over ``graphs`` in which two texts are in one
    community (a sparse matrix, 1 on the diagonal): the consensus of the runs."""
    from scipy.sparse import hstack

    runs = [run for graph in graphs for run in communities(graph)]
    # Each run as a texts × communities matrix of ones: their product counts the shared runs.
    indicator = hstack([_indicator(run) for run in runs]).tocsr()
    return (indicator @ indicator.T) * np.float32(1 / len(runs))


def _indicator(run: np.ndarray):
    from scipy.sparse import csr_matrix

    count = len(run)
    ones = np.ones(count, dtype=np.float32)
    return csr_matrix((ones, (np.arange(count), run)), shape=(count, int(run.max()) + 1))


def refine(graph, consensus, groups: list[list[int]], count: int) -> list[list[int]]:
    """The themes found in consensus, with the texts they hold loosely or not at all put where
    their neighbours are. The consensus keeps a text out of a theme, or in one only loosely,
    where the runs disagree about it; then its place is decided by its own ties: each such text
    goes to the theme whose texts it is most tied to in ``graph`` (``MIN_TIE``), or to none,
    until nothing moves (all texts at once, so the order of the texts does not matter; where
    that swings between states, the texts still moving go to none). This
    joins a theme's texts left out or put with a neighbour ("The approval process for wind
    farms is slow" with the rest of permitting, not with "muut") and lets a text found with a
    theme only in some runs go to "muut" rather than blur it (bench/synthesis.md). A text the
    runs agree on keeps its theme, unless the loose texts leaving it make it too small to be
    one (then all of it is "muut" in the caller's filter)."""
    from scipy.sparse import csr_matrix

    if not groups:
        return groups
    width = len(groups)
    assign = np.full(count, -1, dtype=np.int64)
    for number, positions in enumerate(groups):
        assign[positions] = number

    def membership(assign):
        held = np.flatnonzero(assign >= 0)
        ones = np.ones(len(held), dtype=np.float32)
        return csr_matrix((ones, (held, assign[held])), shape=(count, width))

    rows = np.arange(count)
    held = assign >= 0
    sizes = np.bincount(assign[held], minlength=width)
    # The mean share of runs a text shares with the other texts of its theme.
    shared = np.asarray((consensus @ membership(assign)).todense())[rows, np.maximum(assign, 0)]
    others = np.maximum(sizes[np.maximum(assign, 0)] - 1, 1)
    loose = (shared - consensus.diagonal()) / others < LOOSE
    movable = ~held | loose
    seen = {assign.tobytes()}
    for _round in range(REFINE_ROUNDS):
        inside = membership(assign)
        sizes = np.asarray(inside.sum(axis=0)).ravel()
        slots = np.minimum(sizes[np.newaxis, :] - inside.toarray(), NEIGHBOURS)
        weight = np.asarray((graph @ inside).todense())
        ties = np.where(slots > 0, weight / np.maximum(slots, 1), -np.inf)
        best = np.argmax(ties, axis=1)
        placed = np.where(ties[rows, best] >= MIN_TIE, best, -1)
        moved = np.where(movable, placed, assign)
        if np.array_equal(moved, assign):
            break
        if moved.tobytes() in seen:
            # Moving all at once can swing between states (two loose texts tied only to each
            # other trade places for ever): the texts that still move are undecided, "muut".
            assign = np.where(moved == assign, assign, -1)
            break
        seen.add(moved.tobytes())
        assign = moved
    found = [np.flatnonzero(assign == number).tolist() for number in range(width)]
    return [positions for positions in found if positions]


def cluster(similarity, cut: float) -> np.ndarray:
    """Average-linkage clusters of a sparse similarity matrix, cut at distance ``cut``
    (1 − similarity). Two groups merge only where some pair of them is at least ``1 − cut``
    similar, so each connected part of the pairs that are is clustered on its own: the same
    clusters, far less work than one linkage of every pair."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components

    count = similarity.shape[0]
    close = similarity >= 1 - cut
    _parts, part_of = connected_components(close, directed=False)
    labels = np.zeros(count, dtype=np.int64)
    next_label = 1
    order = {}
    for index, part in enumerate(part_of):  # parts in the order of their first text
        order.setdefault(int(part), []).append(index)
    for members in order.values():
        if len(members) == 1:
            labels[members[0]] = next_label
            next_label += 1
            continue
        sub = similarity[members][:, members].toarray().astype(np.float64)
        size = len(members)
        upper = np.triu_indices(size, 1)
        distance = np.clip(1.0 - (sub[upper] + sub.T[upper]) / 2, 0.0, 1.0)
        found = fcluster(linkage(distance, method="average"), t=cut, criterion="distance")
        labels[members] = found + next_label - 1
        next_label += int(found.max())
    return labels


# A theme's description --------------------------------------------------------------------


def _theme(ordered, features, similarity, saying, positions, document_frequency, lang) -> Theme:
    indexes = [saying[p] for p in positions]
    texts = [ordered[i] for i in indexes]
    centrality = np.asarray(similarity[positions][:, positions].mean(axis=1)).ravel()
    by_centre = [indexes[i] for i in sorted(range(len(indexes)), key=lambda i: -centrality[i])]
    terms = _label_terms(
        [features[i].terms for i in by_centre],
        document_frequency,
        len(ordered),
        in_lang=[ordered[i].lang == lang for i in by_centre],
    )
    scores = [text.score for text in texts if text.score is not None]
    by_group = Counter(text.group for text in texts if text.group)
    return Theme(
        label=_label(
            terms, [ordered[i] for i in by_centre], [features[i] for i in by_centre], lang
        ),
        ids=[text.id for text in texts],
        size=len(texts),
        by_group=dict(sorted(by_group.items())),
        quotes=_quotes([ordered[i] for i in by_centre], lang),
        mean_score=round(sum(scores) / len(scores), 2) if scores else None,
        terms=terms,
    )


def _label_terms(term_lists, document_frequency, total, in_lang=None) -> list[str]:
    """The terms most particular to a theme: common in it, rare outside it. Only words of
    texts in the label's language where there are any; whole words before compound parts
    ("hoitaja" of "hoitajapula" still names a theme of nurses), nouns and adjectives before
    verbs ("kaavoitus" says more than "jäädä"); ties go to the term of the more central text."""
    bare_lists = [{term.removeprefix(PART) for term in terms} for terms in term_lists]
    whole = {term for terms in term_lists for term in terms if not term.startswith(PART)}
    fits = in_lang or [True] * len(term_lists)
    wanted = {term for terms, ok in zip(bare_lists, fits, strict=True) if ok for term in terms}
    inside = Counter(term for terms in bare_lists for term in terms)
    first_seen: dict[str, int] = {}
    for position, terms in enumerate(term_lists):
        for term in terms:
            first_seen.setdefault(term.removeprefix(PART), position)
    size = len(term_lists)
    needed = 2 if size >= 2 else 1

    def weight(term):
        share = inside[term] / size
        return share * math.log((1 + total) / (1 + document_frequency[term]))

    candidates = [term for term, count in inside.items() if count >= needed]
    if not candidates:
        candidates = [term for term in term_lists[0] if not term.startswith(PART)]
    if any(term in wanted for term in candidates):
        candidates = [term for term in candidates if term in wanted]
    candidates.sort(
        key=lambda term: (
            term not in whole,
            _is_verb(term),
            -weight(term),
            first_seen.get(term, 0),
            term,
        )
    )
    chosen: list[str] = []
    for term in candidates:
        # A compound's part adds nothing next to the compound ("tuulivoima", "voima").
        if any(term in other or other in term for other in chosen):
            continue
        if term not in whole and len(chosen) >= 2:
            break  # a part only where whole words are too few
        chosen.append(term)
        if len(chosen) == LABEL_TERMS:
            break
    return chosen


def _is_verb(lemma: str) -> bool:
    """Whether Voikko reads the lemma as a verb (and not also as a noun of that form)."""
    from workshop.language import morphology

    readings = [r for r in morphology.readings(lemma) if r[0] == lemma]
    return bool(readings) and all(r[1] == "teonsana" for r in readings)


def _is_noun(lemma: str) -> bool:
    """Whether Voikko reads the lemma as a noun (or does not know it: a name, a loan)."""
    from workshop.language import morphology

    readings = [r for r in morphology.readings(lemma) if r[0] == lemma]
    return not readings or any(r[1].startswith("nimisana") for r in readings)


def _label(terms: list[str], by_centre: list[Text], features: list[Features], lang: str) -> str:
    """A short phrase a council reader understands, made from the theme's own texts, from a
    text in the requested language where the theme has one. ``features`` are the texts' own,
    in ``by_centre``'s order. In this order of preference:

    1. one of its most central texts itself, where that is short ("Lupaprosessit on hitaita");
    2. a clause of one of them that holds the theme's key words ("Ulkomaisen rekrytoinnin
       lupaprosessit kestävät kuukausia" of a longer reason);
    3. the first such clause of the most central text, cut at a word and marked so
       ("Väestön ikääntyminen tekee ennaltaehkäisevistä…"): the writer's own words read as a
       matter, where the base forms of its key words ("väestö ratkaisu") read as a list;
    4. the key words of its most central text (their base forms, in their order in that text:
       "tuulivoima luvitus hanke"), where no clause holds any.
    """
    in_lang = [n for n, text in enumerate(by_centre) if text.lang == lang] or [0]
    # The key words are the theme's; where its texts in the label's language have none of
    # them (a Finnish theme's few English texts), any of their words will do.
    said = {t.removeprefix(PART) for n in in_lang for t in features[n].terms}
    wanted = set(terms) & said or said
    for n in in_lang[:LABEL_CANDIDATES]:
        short = " ".join(by_centre[n].text.split()).rstrip(" .!?,;:")
        # A short text without the theme's key words ("En osaa sanoa") does not name it.
        own = {t.removeprefix(PART) for t in features[n].terms}
        if LABEL_MIN_LENGTH <= len(short) <= LABEL_LENGTH and own.intersection(wanted):
            return _capitalised(short)
    telling = [
        (n, clause)
        for n in in_lang[:LABEL_CANDIDATES]
        for clause in _clauses(by_centre[n].text)
        if len(clause) >= LABEL_MIN_LENGTH and _holds(clause, wanted)
    ]
    for _n, clause in telling:
        if len(clause) <= LABEL_LENGTH:
            return _capitalised(clause)
    if telling and telling[0][0] == in_lang[0]:
        cut = _cut_at_word(telling[0][1], LABEL_LENGTH)
        # Not where a long word (an address, a pasted path) leaves a word or two ("Lue…").
        if len(cut) > LABEL_LENGTH // 2:
            return _capitalised(cut)
    return _key_words(terms, by_centre[in_lang[0]], features[in_lang[0]])


def _clauses(text: str) -> list[str]:
    """A text's clauses that can stand alone, in their order, each without the words that
    link it to the one before and without its closing punctuation."""
    found = []
    for piece in CLAUSE_BREAK.split(" ".join(text.split())):
        words = piece.strip(" .!?,;:\"'”“").split()
        while words and words[0].lower() in LINK_WORDS:
            words = words[1:]
        if words and not _is_relative(words[0]):
            found.append(" ".join(words))
    return found


def _is_relative(word: str) -> bool:
    """Whether a clause beginning with ``word`` is a relative one: "joissa", "minkä", "which"."""
    from workshop.language import morphology

    word = word.lower()
    if word in RELATIVE_ENGLISH:
        return True
    return any(
        lemma in RELATIVE_LEMMAS and kind == "asemosana"
        for lemma, kind, _case in morphology.readings(word)
    )


def _holds(clause: str, wanted: set[str]) -> bool:
    """Whether a clause holds one of the theme's key words (as a word or a compound's part)."""
    from workshop.synthesis.features import terms_of

    return any(term.removeprefix(PART) in wanted for term in terms_of(clause))


def _cut_at_word(text: str, length: int) -> str:
    """``text`` within ``length`` characters, cut after a whole word and marked with "…";
    not after a word that links to what was cut ("ja…")."""
    words = text.split()
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) + 1 > length:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1].lower() in LINK_WORDS:
        kept.pop()
    if not kept:
        return _quote(text, length)
    return " ".join(kept).rstrip(" ,;:–—-") + "…"


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def _key_words(terms: list[str], text: Text, features: Features) -> str:
    """The theme's key words as the most central text has them: "Tietoturva pk-yritys taso"."""
    own = features.terms
    words = [t for t in own if not t.startswith(PART)]
    # Nouns name a matter ("tietoturva", "pk-yritys"); participles ("jäänyt") do not.
    nouns = [t for t in words if text.lang == "en" or _is_noun(t)] or words
    particular = [t for t in terms if t in nouns]  # the theme's key words this text has
    chosen = set((particular + [t for t in nouns if t not in particular])[:LABEL_TERMS])
    phrase = [_written_form(t, [text]) for t in words if t in chosen]
    if not phrase:
        return _quote(text.text, LABEL_LENGTH)
    return _capitalised(_quote(" ".join(phrase), LABEL_LENGTH))


def _written_form(term: str, by_centre: list[Text]) -> str:
    for text in by_centre:
        for word in text.text.lower().split():
            word = word.strip(".,;:!?()\"'”“")
            if word == term:
                return term
    from workshop.synthesis.features import stem

    for text in by_centre:
        for word in text.text.lower().split():
            word = word.strip(".,;:!?()\"'”“")
            if text.lang == "en" and (word.startswith(term) or stem(word) == term):
                return word
    return term


def _quotes(by_centre: list[Text], lang: str = "fi") -> list[str]:
    """Two or three of the most central texts, each once; of the five most central, those in
    the requested language first."""
    quotes: list[str] = []
    seen: set[str] = set()
    central = sorted(by_centre[:5], key=lambda text: text.lang != lang) + by_centre[5:]
    for text in central:
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
