"""The first synthesis job of a fresh worker process: loading the model and reading stored
features, each in a process of its own (nothing warm), and the same after the worker's warm-up.

    PYTHONPATH=$PWD .venv/bin/python bench/synthesis_cold.py [--texts 5000]

On a temporary SQLite database holding ``--texts`` stored features (random vectors, real
shape) and the labelled set's real ones: the time to the model's first embedding, to
``features_for`` over every stored text (reading them, no computation), and to a job (the
labelled set's themes, area by area, its features stored). Then with
``features.warm_worker`` run first (what a worker of ``workshop/offload.py`` does as it
starts): the same read and job after it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=5000)
    parser.add_argument("--step", default="")
    parser.add_argument("--folder", default="")
    args = parser.parse_args()
    if args.step:
        print(f"{args.step}: {step(args.step, args.folder, args.texts):.2f} s")
        return
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as folder:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "WORKSHOP_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
            "WORKSHOP_SECRET_KEY": "bench-cold",
        }
        subprocess.run([sys.executable, "-m", "workshop", "db", "upgrade"], env=env, check=True)
        for name in ("store", "model", "read", "job", "warm", "read-after-warm", "job-after-warm"):
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--step",
                    name,
                    "--folder",
                    folder,
                    "--texts",
                    str(args.texts),
                ],
                env=env,
                check=True,
            )


def _texts(count: int) -> list[str]:
    return [f"bench text number {n}" for n in range(count)]


def step(name: str, folder: str, count: int) -> float:
    import numpy as np

    from workshop import create_app
    from workshop.extensions import db
    from workshop.synthesis import features, store

    app = create_app(instance_path=folder)
    with app.app_context():
        texts = _texts(count)
        if name == "store":
            features.features_for([t.text for t in _labelled()])  # computed and stored
            db.session.commit()
            rng = np.random.default_rng(0)
            new = {
                features.text_key(text): features.Features(
                    rng.standard_normal(features.DIMENSIONS).astype(np.float32),
                    ("bench", "text", f"n{n}"),
                )
                for n, text in enumerate(texts)
            }
            started = time.perf_counter()
            store.save(new)
            db.session.commit()
            return time.perf_counter() - started
        started = time.perf_counter()
        if name == "model":
            features.embed(["tuulivoiman luvitus kestää"])
        elif name == "read":
            features.features_for(texts)
        elif name == "job":
            _job()
        elif name == "warm":
            features.warm_worker()
        elif name == "read-after-warm":
            features.warm_worker()
            started = time.perf_counter()
            features.features_for(texts)
        elif name == "job-after-warm":
            features.warm_worker()
            started = time.perf_counter()
            _job()
        return time.perf_counter() - started


def _labelled():
    from tests.synthesis import labelled

    return [text for texts, _labels in labelled.load().values() for text in texts]


def _job() -> None:
    """A synthesis job's work: the themes of each labelled focus area."""
    from collections import defaultdict

    from workshop.synthesis.themes import themes_for

    areas = defaultdict(list)
    for text in _labelled():
        areas[text.focus_area].append(text)
    for texts in areas.values():
        themes_for(texts)


if __name__ == "__main__":
    main()
