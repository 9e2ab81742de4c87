"""Element-by-element comparison of two strategy versions.

Every element gets a *reference*, a path of keys that stays the same from version to version
(``focus_area/<fa>/challenge/<c>/solution/<s>``), because challenge and solution keys are only
unique inside their parent. The comparison works on the plain data of ``version_to_dict``, so
it compares stored versions and drafts still being built alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Change(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True)
class Element:
    """One element of a version: its reference, kind, parent and its compared texts."""

    ref: str
    kind: str
    parent_ref: str | None
    fields: dict[str, object] = field(default_factory=dict)
    translations: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The element's main text: its title, name or text."""
        for name in ("title", "name", "text"):
            if name in self.fields:
                return str(self.fields[name] or "")
        return ""


@dataclass(frozen=True)
class ElementDiff:
    """How one element differs: added, changed (with the changed field names) or removed."""

    ref: str
    kind: str
    change: Change
    old: Element | None
    new: Element | None
    changed_fields: tuple[str, ...] = ()


INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_year",
    "baseline_value",
    "baseline_text",
    "target_year",
    "target_value",
    "target_text",
)


def _element(kind, ref, parent, item, names) -> Element:
    return Element(
        ref=ref,
        kind=kind,
        parent_ref=parent,
        fields={name: item.get(name) for name in names},
        translations=item.get("translations") or {},
    )


def _focus_area_elements(area: dict, theme_ref: str):
    area_ref = f"focus_area/{area['key']}"
    yield _element("focus_area", area_ref, theme_ref, area, ("title", "description"))
    for challenge in area.get("challenges", []):
        challenge_ref = f"{area_ref}/challenge/{challenge['key']}"
        yield _element("challenge", challenge_ref, area_ref, challenge, ("title",))
        for solution in challenge.get("solutions", []):
            ref = f"{challenge_ref}/solution/{solution['key']}"
            yield _element("solution", ref, challenge_ref, solution, ("text",))
    for action in area.get("actions", []):
        yield _element("action", f"{area_ref}/action/{action['key']}", area_ref, action, ("text",))


def flatten(version_data: dict) -> dict[str, Element]:
    """Every element of a version (``version_to_dict`` data) by reference, in document order."""
    elements: list[Element] = []
    for section in version_data.get("sections", []):
        ref = f"section/{section['key']}"
        elements.append(_element("section", ref, None, section, ("title", "body")))
    for theme in version_data.get("themes", []):
        theme_ref = f"theme/{theme['key']}"
        elements.append(_element("theme", theme_ref, None, theme, ("title", "description")))
        for area in theme.get("focus_areas", []):
            elements.extend(_focus_area_elements(area, theme_ref))
    for measure in version_data.get("measures", []):
        ref = f"measure/{measure['key']}"
        elements.append(_element("measure", ref, None, measure, ("text",)))
    for indicator in version_data.get("indicators", []):
        ref = f"indicator/{indicator['key']}"
        elements.append(_element("indicator", ref, None, indicator, INDICATOR_FIELDS))
    return {element.ref: element for element in elements}


def diff_versions(old_data: dict, new_data: dict) -> list[ElementDiff]:
    """The differences from ``old_data`` to ``new_data``, in the new version's order.

    A removed element is listed right after the element that preceded it in the old version,
    so that a reader sees it where it used to be.
    """
    old, new = flatten(old_data), flatten(new_data)
    removed_after: dict[str | None, list[ElementDiff]] = {}
    previous: str | None = None
    for ref, element in old.items():
        if ref not in new:
            removed_after.setdefault(previous, []).append(
                ElementDiff(ref, element.kind, Change.REMOVED, element, None)
            )
        else:
            previous = ref
    diffs: list[ElementDiff] = list(removed_after.get(None, []))
    for ref, element in new.items():
        before = old.get(ref)
        if before is None:
            diffs.append(ElementDiff(ref, element.kind, Change.ADDED, None, element))
        else:
            changed = tuple(
                name for name in element.fields if element.fields[name] != before.fields.get(name)
            )
            if changed or element.translations != before.translations:
                diffs.append(
                    ElementDiff(ref, element.kind, Change.CHANGED, before, element, changed)
                )
        diffs.extend(removed_after.get(ref, []))
    return diffs
