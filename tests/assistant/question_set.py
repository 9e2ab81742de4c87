"""The assistant's question set (tests/assistant/data/assistant_*.tsv) and how its replies are
scored: the share of replies whose text names a right focus area (or section, or indicator)
first, by its title; intent accuracy; reply time. Used by the test and by
bench/assistant_search.py."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
TUNING = "assistant_questions.tsv"
HELD_OUT = "assistant_heldout.tsv"


@dataclass(frozen=True)
class Utterance:
    intent: str  # question | suggestion | score
    expected: tuple[str, ...]  # focus area keys, "section:KEY", "indicator:KEY"; () for none
    language: str
    text: str
    colloquial: bool
    held_out: bool


def load(name: str) -> list[Utterance]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        intent, expected, language, text, *mark = line.split("\t")
        targets = () if expected == "-" else tuple(expected.split(","))
        colloquial = bool(mark and mark[0] == "c")
        rows.append(Utterance(intent, targets, language, text, colloquial, name == HELD_OUT))
    return rows


def utterances() -> list[Utterance]:
    return load(TUNING) + load(HELD_OUT)


def titles_of(version_data: dict) -> dict[str, list[str]]:
    """Every target's titles in both languages: focus areas, sections, indicators."""
    titles: dict[str, list[str]] = {}

    def add(key, item, name):
        english = item.get("translations", {}).get("en", {})
        titles[key] = [t for t in (item.get(name), english.get(name)) if t]

    for theme in version_data["themes"]:
        for area in theme["focus_areas"]:
            add(area["key"], area, "title")
    for section in version_data.get("sections", []):
        add(f"section:{section['key']}", section, "title")
    for indicator in version_data.get("indicators", []):
        add(f"indicator:{indicator['key']}", indicator, "name")
    return titles


def first_named(text: str, titles: dict[str, list[str]]) -> str | None:
    """The target whose title comes first in ``text`` (the longer title at a tie)."""
    lowered = text.lower()
    best = None
    for key, names in titles.items():
        for name in names:
            at = lowered.find(name.lower())
            if at >= 0 and (best is None or (at, -len(name)) < best[0]):
                best = ((at, -len(name)), key)
    return best[1] if best else None


@dataclass
class Report:
    rows: list[tuple[Utterance, str, str, str | None, float]] = field(default_factory=list)

    def add(self, utterance, intent, reply, named, ms):
        self.rows.append((utterance, intent, reply, named, ms))

    def quoted(self, held_out: bool | None = None) -> tuple[int, int]:
        rows = [r for r in self.rows if r[0].expected]
        if held_out is not None:
            rows = [r for r in rows if r[0].held_out == held_out]
        return sum(r[3] in r[0].expected for r in rows), len(rows)

    def intent_right(self) -> tuple[int, int]:
        return sum(r[1] == r[0].intent for r in self.rows), len(self.rows)

    def p95_ms(self) -> float:
        times = sorted(r[4] for r in self.rows)
        return times[max(0, math.ceil(0.95 * len(times)) - 1)]

    def misses(self):
        return [
            (r[0].text, r[0].intent, r[0].expected, r[1], r[3], r[2][:160])
            for r in self.rows
            if r[1] != r[0].intent or (r[0].expected and r[3] not in r[0].expected)
        ]

    def summary(self) -> str:
        right, total = self.quoted()
        held, held_total = self.quoted(held_out=True)
        intents, count = self.intent_right()
        return (
            f"quoted first {right}/{total} = {_share(right, total)}, held out "
            f"{held}/{held_total} = {_share(held, held_total)}, intent {intents}/{count} = "
            f"{_share(intents, count)}, reply p95 {self.p95_ms():.1f} ms"
        )


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def intent_kind(name: str) -> str:
    """The question set's intent for a detected intent name."""
    if name in ("score", "hedged_score"):
        return "score"
    return name


def run(answer, items, titles) -> Report:
    """``answer(text, language) -> (intent name, reply text)`` over ``items``, timed."""
    report = Report()
    for item in items:
        started = time.perf_counter()
        intent, reply = answer(item.text, item.language)
        ms = (time.perf_counter() - started) * 1000
        report.add(item, intent_kind(intent), reply, first_named(reply, titles), ms)
    return report
