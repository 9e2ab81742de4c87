"""The updated strategy chapter: the whole next version, every change a tracked change.

The base and draft versions are walked side by side, element by element, with the references
of ``strategy.diff``; an element only in the draft is inserted, one only in the base is
deleted (where it used to be), a changed text is deleted and inserted word by word. Accepting
every change gives the draft's text and rejecting every change the base's, paragraph for
paragraph and space for space. Each change is authored by the council on the decision's date
and carries the decision's reason as a comment: on the changed words, or, for paragraphs added
or removed whole, at the end of the last paragraph before them that both versions have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from flask_babel import gettext as _

from workshop.report.blocks import add_heading, add_paragraph, safe
from workshop.report.data import ChangeNote, ReportData
from workshop.report.labels import format_value, outcome_name
from workshop.report.tracked import Revision, Revisions, text_run

Pair = tuple[dict | None, dict | None]


def merge_children(old: list[dict], new: list[dict], key: str = "key") -> list[Pair]:
    """Old and new children paired by key, in the new order; a removed child comes right
    after the child that preceded it in the old list (as ``strategy.diff`` orders them)."""
    new_keys = {item[key] for item in new}
    old_by_key = {item[key]: item for item in old}
    removed_after: dict[str | None, list[dict]] = {}
    previous = None
    for item in old:
        if item[key] not in new_keys:
            removed_after.setdefault(previous, []).append(item)
        else:
            previous = item[key]
    pairs: list[Pair] = [(item, None) for item in removed_after.get(None, [])]
    for item in new:
        pairs.append((old_by_key.get(item[key]), item))
        pairs.extend((gone, None) for gone in removed_after.get(item[key], []))
    return pairs


def _key(pair: Pair) -> str:
    return (pair[1] or pair[0])["key"]


def _present(pairs: list[Pair]) -> tuple[bool, bool]:
    """Whether the old version and the new one have any of ``pairs``."""
    return any(old for old, _new in pairs), any(new for _old, new in pairs)


def _children(pair: Pair, name: str) -> list[Pair]:
    old, new = pair
    return merge_children((old or {}).get(name, []), (new or {}).get(name, []))


def _blocks(text: str) -> list[tuple[str, str]]:
    """A body text as (style, text) blocks: paragraphs, and "- " lines as bullet items."""
    blocks = []
    for chunk in safe(text).split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.extend(("List Bullet", line[2:].strip()) for line in lines)
        elif lines:
            blocks.append(("Normal", " ".join(lines)))
    return blocks


@dataclass
class StrategyWriter:
    """Writes the draft version into ``document`` with tracked changes against the base."""

    document: object
    data: ReportData
    revisions: Revisions
    # Elements whose decisions already have their comment (a change can span paragraphs).
    _commented: set[str] = field(default_factory=set)
    # The last paragraph written that both versions have: where the comments of added and
    # removed paragraphs go.
    _anchor: object = None

    @property
    def locale(self) -> str:
        return self.data.locale

    @property
    def primary(self) -> str:
        return self.data.draft_version_data.get("language", "fi")

    # Texts ---------------------------------------------------------------------------------

    def _text(self, item: dict | None, name: str) -> str | None:
        if item is None:
            return None
        value = item.get(name)
        if self.locale != self.primary:
            value = (item.get("translations") or {}).get(self.locale, {}).get(name) or value
        return safe("" if value is None else value)

    def texts(self, pair: Pair, name: str) -> tuple[str | None, str | None]:
        """The old and new text of a field in the report's language.

        A translation left as it was while the original text changed is out of date: the new
        original wording is shown instead, so the change is not lost from view.
        """
        old, new = pair
        old_text, new_text = self._text(old, name), self._text(new, name)
        if (
            old is not None
            and new is not None
            and self.locale != self.primary
            and old.get(name) != new.get(name)
            and old_text == new_text
        ):
            new_text = safe(new.get(name) or "")
        return old_text, new_text

    # Changes -------------------------------------------------------------------------------

    def revision(self, ref: str) -> Revision:
        """The council on the latest decision's date (or now) for changes of ``ref``."""
        note = self._latest_note(ref)
        if note is None:
            return Revision(self.data.council, None)
        return Revision(note.author or self.data.council, note.decided_at)

    def comment_text(self, ref: str) -> str:
        """The decisions behind a change of ``ref``, one line each."""
        lines = []
        for note in self.data.change_notes.get(ref) or []:
            reason = safe(note.reason)
            if note.proposal_id is not None:
                head = _("Proposal %(id)s", id=note.proposal_id)
                if note.outcome:
                    head += f" ({outcome_name(note.outcome).lower()})"
                lines.append(f"{head}: {reason}" if reason else head)
            elif reason:
                lines.append(reason)
        return "\n".join(lines)

    def write_text(
        self, paragraph, ref: str, old: str | None, new: str | None, *, label: str = ""
    ) -> None:
        """``old`` changed into ``new`` in the body paragraph ``paragraph``, after a bold
        ``label``; a comment carries the reason.

        ``old`` None means the paragraph was added, ``new`` None that it was removed: its
        runs and its paragraph mark are then one change, so the paragraph comes or goes whole.
        """
        if old is not None and new is not None:
            if label:
                paragraph._p.append(text_run(label, bold=True))
            self.write_changes(paragraph, ref, old, new)
            self._anchor = paragraph
            return
        op = "ins" if old is None else "del"
        revision = self.revision(ref)
        if label:
            paragraph._p.append(self.revisions.change(op, label, revision, bold=True))
        self.revisions.write_diff(paragraph, old, new, revision)
        self.revisions.mark_paragraph(paragraph, op, revision)
        self.point_comment(ref, self._anchor)

    def write_changes(self, paragraph, ref: str, old: str, new: str) -> list:
        """The words of ``old`` changed into ``new`` in a paragraph both versions have, with
        the reason as a comment on the changed words; returns the changed elements."""
        if old == new:
            if new:
                self.revisions.write_diff(paragraph, new, new, None)
            return []
        changed = self.revisions.write_diff(paragraph, old, new, self.revision(ref))
        self.annotate(ref, changed)
        return changed

    def annotate(self, ref: str, changed: list) -> None:
        text = self.comment_text(ref)
        if not text or not changed or ref in self._commented:
            return
        self._commented.add(ref)
        revision = self.revision(ref)
        self.revisions.comment(changed[0], changed[-1], text, revision.author, revision.date)

    def point_comment(self, ref: str, paragraph) -> None:
        """The reason for adding or removing whole paragraphs, at the end of ``paragraph``
        (one that both versions have), so it survives accepting and rejecting the change."""
        text = self.comment_text(ref)
        if not text or ref in self._commented or paragraph is None:
            return
        self._commented.add(ref)
        revision = self.revision(ref)
        self.revisions.point_comment(paragraph, text, revision.author, revision.date)

    def _latest_note(self, ref: str) -> ChangeNote | None:
        notes = self.data.change_notes.get(ref) or []
        dated = [note for note in notes if note.decided_at is not None]
        return max(dated, key=lambda note: note.decided_at) if dated else (notes or [None])[0]

    def field_paragraph(self, pair: Pair, ref: str, name: str, style: str | None = None):
        """One paragraph holding one field of an element."""
        old, new = self.texts(pair, name)
        if not old and not new:
            return None
        paragraph = add_paragraph(self.document, style=style)
        # An empty text is no paragraph: a vision written anew is a paragraph added whole.
        self.write_text(paragraph, ref, old or None, new or None)
        return paragraph

    def heading(self, pair: Pair, ref: str, name: str, level: int):
        old, new = self.texts(pair, name)
        paragraph = add_heading(self.document, "", level)
        self.write_text(paragraph, ref, old, new)
        return paragraph

    def fixed_heading(self, title: str, level: int, old: bool, new: bool, ref: str) -> None:
        """A heading of the document's own (a list's title), there when the list has items in
        that version: added or removed with the list's first or last item."""
        if not old and not new:
            return
        paragraph = add_heading(self.document, "", level)
        if old and new:
            paragraph._p.append(text_run(title))
            self._anchor = paragraph
            return
        op = "ins" if new else "del"
        revision = self.revision(ref)
        paragraph._p.append(self.revisions.change(op, title, revision))
        self.revisions.mark_paragraph(paragraph, op, revision)

    def body(self, pair: Pair, ref: str, name: str) -> None:
        """A multi-paragraph text, compared paragraph by paragraph, then word by word."""
        old_text, new_text = self.texts(pair, name)
        old_blocks = _blocks(old_text) if pair[0] is not None and old_text else []
        new_blocks = _blocks(new_text) if pair[1] is not None and new_text else []
        matcher = SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            olds, news = old_blocks[i1:i2], new_blocks[j1:j2]
            if op == "replace" and len(olds) == len(news):
                for (_style, before), (style, after) in zip(olds, news, strict=True):
                    self.write_text(add_paragraph(self.document, style=style), ref, before, after)
                continue
            for style, text in olds if op != "equal" else []:
                self.write_text(add_paragraph(self.document, style=style), ref, text, None)
            for style, text in news:
                after_old = text if op == "equal" else None
                self.write_text(add_paragraph(self.document, style=style), ref, after_old, text)

    # The version ---------------------------------------------------------------------------

    def write(self) -> None:
        """The vision, the sections, the themes with their focus areas, the measures and the
        indicators of the draft, in that order."""
        base, draft = self.data.base_version_data, self.data.draft_version_data
        document = self.document
        self._anchor = add_heading(document, _("Vision"), 2)
        self.field_paragraph((base["strategy"], draft["strategy"]), "strategy", "vision")
        for pair in merge_children(base.get("sections", []), draft.get("sections", [])):
            ref = f"section/{_key(pair)}"
            self.heading(pair, ref, "title", 2)
            self.body(pair, ref, "body")
        for theme in merge_children(base.get("themes", []), draft.get("themes", [])):
            self.theme(theme)
        self.list_chapter(_("Measures for spreading innovation"), "measures", "measure")
        self.indicators()

    def theme(self, pair: Pair) -> None:
        ref = f"theme/{_key(pair)}"
        self.heading(pair, ref, "title", 2)
        self.body(pair, ref, "description")
        for area in _children(pair, "focus_areas"):
            self.focus_area(area)

    def focus_area(self, pair: Pair) -> None:
        ref = f"focus_area/{_key(pair)}"
        self.heading(pair, ref, "title", 3)
        self.body(pair, ref, "description")
        self.sub_themes(pair, ref)
        for challenge in _children(pair, "challenges"):
            challenge_ref = f"{ref}/challenge/{_key(challenge)}"
            self.heading(challenge, challenge_ref, "title", 4)
            for solution in _children(challenge, "solutions"):
                solution_ref = f"{challenge_ref}/solution/{_key(solution)}"
                self.field_paragraph(solution, solution_ref, "text", "List Bullet")
        actions = _children(pair, "actions")
        if actions:
            self.fixed_heading(
                _("Actions"), 4, *_present(actions), f"{ref}/action/{_key(actions[0])}"
            )
        for action in actions:
            action_ref = f"{ref}/action/{_key(action)}"
            self.field_paragraph(action, action_ref, "text", "List Bullet")

    def sub_themes(self, pair: Pair, ref: str) -> None:
        """The focus area's sub-themes on one line, changed like any text."""
        old, new = (
            "; ".join(t for t in (self._text(s, "title") for s in item["sub_themes"]) if t)
            if item and item.get("sub_themes")
            else None
            for item in pair
        )
        if old or new:
            paragraph = add_paragraph(self.document)
            self.write_text(paragraph, ref, old or None, new or None, label=_("Sub-themes") + ": ")

    def list_chapter(self, title: str, name: str, kind: str) -> None:
        base, draft = self.data.base_version_data, self.data.draft_version_data
        pairs = merge_children(base.get(name, []), draft.get(name, []))
        if not pairs:
            return
        self.fixed_heading(title, 2, *_present(pairs), f"{kind}/{_key(pairs[0])}")
        for pair in pairs:
            self.field_paragraph(pair, f"{kind}/{_key(pair)}", "text", "List Bullet")

    def indicators(self) -> None:
        """The indicators as a table whose cells and rows carry the tracked changes."""
        base, draft = self.data.base_version_data, self.data.draft_version_data
        pairs = merge_children(base.get("indicators", []), draft.get("indicators", []))
        if not pairs:
            return
        first_ref = f"indicator/{_key(pairs[0])}"
        had, has = _present(pairs)
        self.fixed_heading(_("Monitoring indicators"), 2, had, has, first_ref)
        headers = (_("Indicator"), _("Baseline"), _("Target"))
        table = self.document.add_table(rows=1, cols=3)
        table.style = self.document.styles["Table Grid"]
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].add_run(header).bold = True
        # Comments of added and removed rows go at the end of the row before them.
        anchor = table.rows[0].cells[-1].paragraphs[0]
        if not (had and has):
            self.revisions.mark_row(
                table.rows[0], "ins" if has else "del", self.revision(first_ref)
            )
            anchor = self._anchor
        for pair in pairs:
            ref = f"indicator/{_key(pair)}"
            row = table.add_row()
            texts = [
                self.texts(pair, "name"),
                tuple(self._level(item, "baseline") for item in pair),
                tuple(self._level(item, "target") for item in pair),
            ]
            whole = pair[0] is None or pair[1] is None
            for cell, (old, new) in zip(row.cells, texts, strict=True):
                paragraph = cell.paragraphs[0]
                if whole:
                    self.revisions.write_diff(paragraph, old, new, self.revision(ref))
                else:
                    self.write_changes(paragraph, ref, old, new)
            if whole:
                self.revisions.mark_row(
                    row, "ins" if pair[0] is None else "del", self.revision(ref)
                )
                self.point_comment(ref, anchor)
            else:
                anchor = row.cells[-1].paragraphs[0]

    def _level(self, item: dict | None, prefix: str) -> str | None:
        """A baseline or target as one line: its year, then its text or value and unit."""
        if item is None:
            return None
        text = self._text(item, f"{prefix}_text")
        value = item.get(f"{prefix}_value")
        if not text and value is not None:
            unit = self._text(item, "unit")
            text = f"{format_value(value, self.locale)} {unit}".strip()
        year = item.get(f"{prefix}_year")
        return f"{year}: {text}" if year and text else (text or (str(year) if year else ""))
