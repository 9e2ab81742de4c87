"""The labelled set of reasons (data/labelled_reasons.csv) and how themes are scored on it:
the adjusted Rand index against the labels and theme recovery."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np

from workshop.synthesis.collect import Text, make_text

LABELLED = Path(__file__).with_name("data") / "labelled_reasons.csv"
PRECISION, RECALL = 0.7, 0.6  # a produced theme matches a labelled one at these


# The parts of the set: "tuning" and "held_out" were written first (issue 14's method was
# chosen on them, bench/synthesis.md); "fresh" was written later, blind to the method, and is
# the test of how the method does on texts it was never shaped on.
TUNED = ("tuning", "held_out")
FRESH = ("fresh",)


def load(part: str | tuple[str, ...] | None = None) -> dict[str, tuple[list[Text], dict[str, str]]]:
    """Focus area → (its texts, id → labelled theme; "" is a text that fits no theme), of one
    part or several (all parts by default)."""
    parts = (part,) if isinstance(part, str) else part
    areas: dict[str, tuple[list[Text], dict[str, str]]] = {}
    with LABELLED.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if parts and row["part"] not in parts:
                continue
            number = int(row["id"].removeprefix("r"))
            text = make_text(
                "reason", number, row["group"], row["focus_area"], row["text"], float(row["score"])
            )
            texts, labels = areas.setdefault(row["focus_area"], ([], {}))
            texts.append(text)
            labels[text.id] = row["theme"]
    return areas


def partition(ids: list[str], clusters: list[list[str]]) -> list[str]:
    """Each id's cluster name; an id in no cluster is a cluster of its own."""
    where = {i: f"c{n}" for n, members in enumerate(clusters) for i in members}
    return [where.get(i, f"alone:{i}") for i in ids]


def truth(ids: list[str], labels: dict[str, str]) -> list[str]:
    return [labels[i] or f"alone:{i}" for i in ids]


def adjusted_rand_index(a: list[str], b: list[str]) -> float:
    """Hubert and Arabie's adjusted Rand index of two partitions of the same items."""

    def pairs(n):
        return n * (n - 1) / 2

    table = Counter(zip(a, b, strict=True))
    index = sum(pairs(n) for n in table.values())
    rows = sum(pairs(n) for n in Counter(a).values())
    columns = sum(pairs(n) for n in Counter(b).values())
    expected = rows * columns / pairs(len(a))
    top = (rows + columns) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def recovered(labels: dict[str, str], clusters: list[list[str]]) -> tuple[int, int]:
    """(labelled themes that a produced theme matches, labelled themes)."""
    themes: dict[str, set[str]] = {}
    for i, label in labels.items():
        if label:
            themes.setdefault(label, set()).add(i)
    found = 0
    for members in themes.values():
        for cluster in clusters:
            common = len(members & set(cluster))
            if common / len(cluster) >= PRECISION and common / len(members) >= RECALL:
                found += 1
                break
    return found, len(themes)


WORD = re.compile(r"\w+", re.UNICODE)


def tfidf_clusters(texts: list[Text], count: int) -> list[list[str]]:
    """The floor: plain TF-IDF of the written words (no lemmas, no meaning), cosine,
    average linkage cut into ``count`` clusters (told the right number of themes)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    docs = [Counter(WORD.findall(t.text.lower())) for t in texts]
    frequency = Counter(word for doc in docs for word in doc)
    vocabulary = {word: n for n, word in enumerate(sorted(frequency))}
    matrix = np.zeros((len(docs), len(vocabulary)))
    for row, doc in enumerate(docs):
        for word, times in doc.items():
            idf = math.log((1 + len(docs)) / (1 + frequency[word])) + 1
            matrix[row, vocabulary[word]] = times * idf
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    distance = np.clip(1 - matrix @ matrix.T, 0, None)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform((distance + distance.T) / 2, checks=False), method="average")
    labels = fcluster(tree, t=count, criterion="maxclust")
    clusters: dict[int, list[str]] = {}
    for text, label in zip(texts, labels, strict=True):
        clusters.setdefault(int(label), []).append(text.id)
    return [members for members in clusters.values() if len(members) >= 2]


def evaluate(themes_of, part: str | tuple[str, ...] | None = None) -> dict[str, dict]:
    """Per focus area: ARI and recovery of ``themes_of(texts) -> list of id lists``."""
    report = {}
    for area, (texts, labels) in load(part).items():
        ids = [t.id for t in texts]
        clusters = themes_of(texts)
        found, total = recovered(labels, clusters)
        report[area] = {
            "ari": adjusted_rand_index(truth(ids, labels), partition(ids, clusters)),
            "recovered": found,
            "themes": total,
        }
    return report
