"""Themes for 5,000 texts: the time of grouping (features precomputed) and of features.

    PYTHONPATH=$PWD .venv/bin/python bench/synthesis_themes.py [--texts 5000]

The features of the labelled set's 207 texts are computed (timed: the per-text feature
cost), then 5,000 texts are made of them with small noise on each vector (so that no two are
equal) and grouped as one focus area, then as ten focus areas of 500, timed (features
precomputed, as the app keeps them). See bench/synthesis.md.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from tests.synthesis import labelled
from workshop.synthesis import features as F
from workshop.synthesis import themes as T
from workshop.synthesis.collect import Text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=5000)
    count = parser.parse_args().texts
    base = [t for texts, _labels in labelled.load().values() for t in texts]
    started = time.perf_counter()
    base_features = F.compute([t.text for t in base])
    feature_time = time.perf_counter() - started
    print(
        f"features: {len(base)} texts in {feature_time:.1f} s "
        f"({1000 * feature_time / len(base):.0f} ms a text)"
    )
    rng = np.random.default_rng(1)
    texts, feats = [], []
    for n in range(count):
        source, found = base[n % len(base)], base_features[n % len(base)]
        vector = found.vector + rng.normal(0, 0.01, found.vector.shape).astype(np.float32)
        texts.append(
            Text(
                f"reason:{n}",
                "reason",
                source.group,
                "bench",
                source.text,
                source.score,
                source.lang,
            )
        )
        feats.append(F.Features(vector, found.terms))
    started = time.perf_counter()
    theme_set = T.group(texts, feats)
    took = time.perf_counter() - started
    print(
        f"themes, one focus area: {count} texts in {took:.2f} s, "
        f"{len(theme_set.themes)} themes, {len(theme_set.unassigned)} unassigned"
    )
    # A round: the same texts over ten focus areas (themes are made per focus area).
    started = time.perf_counter()
    for area in range(10):
        T.group(texts[area::10], feats[area::10])
    took = time.perf_counter() - started
    print(f"themes, ten focus areas: {count} texts in {took:.2f} s")


if __name__ == "__main__":
    main()
