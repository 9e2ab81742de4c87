"""Two versions side by side, element by element, with word-level insertions and deletions:
what the draft and diff pages show."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from workshop.strategy.diff import Change, Element, diff_versions, flatten

DEPTH = {
    "section": 0,
    "theme": 0,
    "focus_area": 1,
    "challenge": 2,
    "action": 2,
    "solution": 3,
    "measure": 1,
    "indicator": 1,
}
# Fields shown for every element; the others only where they changed.
ALWAYS_SHOWN = {"indicator": ("name", "target_text", "target_value")}
MAIN_FIELDS = ("title", "name", "text")


@dataclass
class FieldView:
    name: str
    segments: list[tuple[str, str]]  # ("equal" | "insert" | "delete", text)
    changed: bool


@dataclass
class Row:
    """One element as shown: its change (None when unchanged) and its fields' segments."""

    ref: str
    kind: str
    depth: int
    change: str | None
    fields: list[FieldView] = field(default_factory=list)
    translation_only: bool = False
    # The titles of the element's parents ("Theme › Focus area › Challenge").
    context: list[str] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The words deleted from ``old`` and inserted into ``new``, in reading order."""
    old_words, new_words = old.split(" "), new.split(" ")
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", " ".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(("insert", " ".join(new_words[j1:j2])))
    return [(op, text) for op, text in segments if text]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fields(kind: str, old: Element | None, new: Element | None) -> list[FieldView]:
    source = new or old
    views = []
    for name in source.fields:
        before = _text(old.fields.get(name)) if old else ""
        after = _text(new.fields.get(name)) if new else ""
        changed = old is None or new is None or before != after
        if not (changed or name in MAIN_FIELDS or name in ALWAYS_SHOWN.get(kind, ())):
            continue
        if not before and not after:
            continue
        if old is None:
            segments = [("insert", after)]
        elif new is None:
            segments = [("delete", before)]
        elif before != after:
            segments = word_diff(before, after)
        else:
            segments = [("equal", after)]
        views.append(FieldView(name, segments, changed))
    return views


def compare(old_data: dict, new_data: dict, *, only_changes: bool = False) -> list[Row]:
    """Every element of ``new_data`` in order, removed ones where they used to be, each with
    its change; with ``only_changes`` just the changed elements."""
    old, new = flatten(old_data), flatten(new_data)
    changes = {d.ref: d for d in diff_versions(old_data, new_data)}
    removed_after: dict[str | None, list[str]] = {}
    previous = None
    for ref in old:
        if ref in new:
            previous = ref
        else:
            removed_after.setdefault(previous, []).append(ref)
    order = list(removed_after.get(None, []))
    for ref in new:
        order.append(ref)
        order.extend(removed_after.get(ref, []))

    def context(element: Element) -> list[str]:
        titles = []
        parent = element.parent_ref
        while parent:
            above = new.get(parent) or old.get(parent)
            if above is None:
                break
            titles.insert(0, above.text)
            parent = above.parent_ref
        return titles

    rows = []
    for ref in order:
        difference = changes.get(ref)
        if only_changes and difference is None:
            continue
        before, after = old.get(ref), new.get(ref)
        kind = (after or before).kind
        change = str(difference.change) if difference else None
        rows.append(
            Row(
                ref=ref,
                kind=kind,
                depth=0 if only_changes else DEPTH.get(kind, 0),
                change=change,
                fields=_fields(kind, before, after),
                context=context(after or before) if only_changes else [],
                translation_only=bool(
                    difference
                    and difference.change == Change.CHANGED
                    and not difference.changed_fields
                ),
            )
        )
    return rows
