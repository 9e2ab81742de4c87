"""The proposals in the update draft, written so that a reader who was not in the room
understands each one: the element it changes and where that element is, the old and the new
text or target, its supports (those of merged duplicates said apart), its comments counted by
group and quoted without names, the proposals hidden or merged away, and the changed elements
still without a text in the draft's language."""

from __future__ import annotations

from babel import Locale
from docx.oxml.ns import qn
from flask_babel import gettext as _
from lxml import etree

from workshop.proposals.labels import ELEMENT_KIND_NAMES, STATUS_NAMES
from workshop.report.blocks import add_table, safe, shorten
from workshop.report.data import ProposalRow
from workshop.report.labels import format_day, format_value, kind_name, outcome_name
from workshop.report.tracked import text_run
from workshop.strategy.diff import Element, flatten

PROPOSAL_SUMMARY_LENGTH = 300
# Old texts and comments in the results chapter's table are cut here; the annex has them whole.
CELL_QUOTE_LENGTH = 200
COMMENT_LENGTH = 1000
HIDDEN_REASON_LENGTH = 200
# Twentieths of a point: 0.6 cm and 1.2 cm indents, 10 pt before a head, 2 pt after a line.
ANNEX_INDENT = 340
QUOTE_INDENT = 680
HEAD_SPACE = 200
LINE_SPACE = 40
PATH_SEPARATOR = " › "
MAIN_FIELDS = ("title", "name", "text")
# Kinds whose target is the parent the new element goes into, named by its kind.
ADDING_KINDS = frozenset({"add_challenge", "add_solution", "add_action", "add_measure"})
REMOVING_KINDS = frozenset({"remove"})
REWORDING_KINDS = frozenset({"reword"})


class ProposalWriter:
    """Writes the proposals of one draft; ``builder`` is the document's chapter builder."""

    def __init__(self, builder):
        self.builder = builder
        self.document = builder.document
        self.data = builder.data
        self.locale = builder.locale
        self.primary = builder.primary
        self._body = self.document.element.body
        self.base = flatten(self.data.base_version_data)
        self.draft = flatten(self.data.draft_version_data)
        self.untranslated = self._untranslated()
        self.needs_translation = {
            proposal_id for _, ids in self.untranslated for proposal_id in ids
        }

    # Elements and their places -------------------------------------------------------------

    def field(self, element: Element, name: str) -> str:
        """A field of an element in the draft's language, else in the strategy's own."""
        if self.locale != self.primary:
            translated = (element.translations or {}).get(self.locale, {}).get(name)
            if translated:
                return safe(translated)
        value = element.fields.get(name)
        return safe("" if value is None else value)

    def text_of(self, element: Element) -> str:
        for name in MAIN_FIELDS:
            if name in element.fields:
                return self.field(element, name)
        return ""

    def element(self, ref: str | None, *, newest: bool = False) -> Element | None:
        """The element as the reviewed version has it (``newest``: as the draft has it); an
        added one as the draft has it."""
        if not ref:
            return None
        if newest:
            return self.draft.get(ref) or self.base.get(ref)
        return self.base.get(ref) or self.draft.get(ref)

    def path(self, ref: str | None, *, newest: bool = False) -> list[str]:
        """The element's place from the top: theme › focus area › challenge › solution, or
        the measures' or indicators' chapter › the element."""
        if ref == "measures":
            return [_("Measures for spreading innovation")]
        element = self.element(ref, newest=newest)
        if element is None:
            return []
        chapter = {
            "measure": _("Measures for spreading innovation"),
            "indicator": _("Monitoring indicators"),
        }.get(element.kind)
        parts = []
        while element is not None:
            parts.insert(0, self.text_of(element))
            element = self.element(element.parent_ref, newest=newest)
        return ([chapter] if chapter else []) + [part for part in parts if part]

    def place(self, proposal: ProposalRow, *, within_area: bool = False) -> str:
        path = self.path(proposal.target_ref)
        if within_area and proposal.target_ref and proposal.target_ref.startswith("focus_area/"):
            path = path[2:]  # the theme and focus area are the results chapter's headings
        return PATH_SEPARATOR.join(path)

    def indicator(self, ref: str | None) -> dict | None:
        if not ref or not ref.startswith("indicator/"):
            return None
        key = ref.split("/", 1)[1]
        indicators = self.data.base_version_data.get("indicators", [])
        return next((item for item in indicators if item.get("key") == key), None)

    def new_target(self, proposal: ProposalRow, indicator: dict | None) -> str:
        """The proposed target: its wording and, when given, its number with the unit."""
        text = safe(proposal.text)
        if proposal.target_value is not None:
            unit = self.builder.tr(indicator, "unit") if indicator else ""
            value = f"{format_value(proposal.target_value, self.locale)} {unit}".strip()
            text = f"{text} ({value})" if text and value not in text else text or value
        year = indicator.get("target_year") if indicator else None
        return f"{year}: {text}" if year and text else text or "–"

    def what_changes(self, proposal: ProposalRow, *, within_area: bool = False):
        """(label, text) lines naming the element and its old and new text or target."""
        kind, place = proposal.kind, self.place(proposal, within_area=within_area)
        element = self.element(proposal.target_ref)
        lines = []
        if place:
            if kind in ADDING_KINDS and element is not None:
                label = str(ELEMENT_KIND_NAMES.get(element.kind, _("Element")))
            elif kind in REMOVING_KINDS:
                label = _("Element to remove")
            else:
                label = _("Element")
            lines.append((label, place))
        if kind == "change_target":
            indicator = self.indicator(proposal.target_ref)
            current = self.builder.level(indicator, "target") if indicator else "–"
            lines.append((_("Current target"), current))
            lines.append((_("Proposed target"), self.new_target(proposal, indicator)))
            return lines
        if kind == "describe_focus_area" and element is not None:
            lines.append((_("Current description"), self.field(element, "description") or "–"))
            lines.append((_("Proposed description"), safe(proposal.text)))
            return lines
        if kind in REWORDING_KINDS | REMOVING_KINDS and element is not None:
            lines.append((_("Current text"), self.text_of(element) or "–"))
        if safe(proposal.text):
            label = _("Proposal") if kind in ("free", "remove") else _("Proposed text")
            lines.append((label, safe(proposal.text)))
        return lines

    # Supports, status, comments ------------------------------------------------------------

    def supports(self, proposal: ProposalRow) -> str:
        if proposal.merged_supports:
            return _(
                "for %(supports)s (%(merged)s of them from merged proposals), against %(opposes)s",
                supports=proposal.supports,
                merged=proposal.merged_supports,
                opposes=proposal.opposes,
            )
        return _(
            "for %(supports)s, against %(opposes)s",
            supports=proposal.supports,
            opposes=proposal.opposes,
        )

    def comment_summary(self, proposal: ProposalRow) -> str:
        """ "Comments 5: Klusterit 2, Other groups 3", the groups as ``collect`` may show them."""
        total = sum(count for _, count in proposal.comment_counts)
        if len(proposal.comment_counts) == 1 and not proposal.comment_counts[0][0]:
            return _("Comments: %(count)s", count=total)
        # "" is every participant together, when no group may be shown alone.
        named = [f"{label or _('Participants')} {n}" for label, n in proposal.comment_counts]
        return _("Comments %(count)s: %(groups)s", count=total, groups=", ".join(named))

    def decision(self, proposal: ProposalRow) -> str:
        if proposal.outcome is None and proposal.status == "held":
            return f"{outcome_name(None)} ({STATUS_NAMES['held']})".lower().capitalize()
        return outcome_name(proposal.outcome)

    # The results chapter -------------------------------------------------------------------

    def area_table(self, proposals: list[ProposalRow]) -> None:
        """The focus area's proposals: what each changes, its support and its decision."""
        rows = []
        for p in proposals:
            cell = [("b", kind_name(p.kind))]
            for label, text in self.what_changes(p, within_area=True):
                cell.append(f"{label}: {shorten(text, PROPOSAL_SUMMARY_LENGTH)}")
            if p.comment_counts:
                cell.append(("i", self.comment_summary(p)))
            support = [f"{p.supports} / {p.opposes}"]
            if p.merged_supports:
                support.append(_("%(merged)s from merged proposals", merged=p.merged_supports))
            rows.append([str(p.id), cell, support, self.decision(p)])
        add_table(
            self.document,
            ["#", _("Proposal"), _("For / against"), _("Decision")],
            rows,
            [1.2, 9.3, 2.5, 3],
        )

    # The annex -----------------------------------------------------------------------------

    def accounting(self) -> None:
        """How many proposals were made and what became of those not listed as proposals."""
        data = self.data
        listed = len(data.proposals)
        held = sum(1 for p in data.proposals if p.status == "held")
        merged = sum(1 for p in data.set_aside if p.status == "merged")
        hidden = sum(1 for p in data.set_aside if p.status == "hidden")
        rows = [
            [_("Proposals made"), str(listed + merged + hidden)],
            [_("Listed in this annex"), str(listed)],
            ["\u2003" + _("of which waiting for a facilitator's approval"), str(held)],
            [_("Merged into another proposal"), str(merged)],
            [_("Hidden in moderation"), str(hidden)],
        ]
        add_table(self.document, [_("Proposals"), _("Count")], rows, [12, 4], keep_together=True)
        self.builder.paragraph(
            _(
                "A proposal waiting for approval has not yet been checked by a facilitator. A "
                "merged proposal repeated another: its supports and comments count in the "
                "proposal it was merged into. A hidden proposal broke the rules of the "
                "discussion: its text is left out and only the facilitator's reason is given."
            )
        )

    def block(self, p: ProposalRow) -> None:
        """A proposal as a short block of paragraphs: body text, unlike a table cell, lays out
        quickly in LibreOffice however long a participant's text is. Written as XML directly:
        python-docx's paragraph objects took seconds for a round of 500 proposals."""
        details = [kind_name(p.kind), safe(p.group_name), self.supports(p)]
        if p.status == "held":
            details.append(str(STATUS_NAMES["held"]))
        head = " · " + " · ".join(detail for detail in details if detail)
        self.paragraph(
            [("b", _("Proposal %(id)s", id=p.id)), ("", head)], keep=True, before=HEAD_SPACE
        )
        mark = p.id in self.needs_translation and bool(self.place(p))
        for index, (label, text) in enumerate(self.what_changes(p)):
            pieces = [("b", f"{label}: "), ("", text)]
            if mark and index == 0:  # the element's place comes first
                pieces.append(("i", " (" + _("translation needed") + ")"))
            self.line(pieces, keep=True)
        if safe(p.original_text) and safe(p.original_text) != safe(p.text):
            self.line([("b", _("Original wording") + ": "), ("i", safe(p.original_text))])
        if safe(p.rationale):
            self.line([("b", _("Rationale") + ": "), ("", safe(p.rationale))])
        if p.merged_ids:
            merged = ", ".join(str(number) for number in p.merged_ids)
            self.line([("b", _("Merged into this proposal") + ": "), ("", merged)])
        if p.comment_counts:
            self.line([("i", self.comment_summary(p))], keep=True)
            for comment in p.comments:
                if not comment.hidden and safe(comment.text):
                    quote = (
                        "”" + shorten(safe(comment.text), COMMENT_LENGTH) + "”"
                    )  # as the reasons
                    self.line([("", quote)], indent=QUOTE_INDENT)
        hidden_comments = sum(1 for comment in p.comments if comment.hidden)
        if hidden_comments:
            label = _("Comments hidden in moderation") + ": "
            self.line([("b", label), ("", str(hidden_comments))])
        decision = f"{_('Decision')}: {self.decision(p)}"
        if p.decided_at is not None:
            decision += f" ({format_day(p.decided_at)})"
        pieces = [("b", decision + ".")]
        if safe(p.council_wording):
            wording = _("Council's wording: %(text)s", text=safe(p.council_wording))
            pieces.append(("", " " + wording))
        if safe(p.reason):
            pieces.append(("", " " + _("Reason: %(text)s", text=safe(p.reason))))
        self.line(pieces, after=None)

    def line(self, pieces, *, keep: bool = False, indent: int | None = None, after=LINE_SPACE):
        """An indented paragraph of a proposal's block."""
        self.paragraph(pieces, keep=keep, indent=indent or ANNEX_INDENT, after=after)

    def paragraph(self, pieces, *, keep=False, indent=0, before=None, after=None) -> None:
        """A body paragraph of (format, text) pieces: "b" bold, "i" italic, "" plain."""
        p = etree.SubElement(self._body, qn("w:p"))
        properties = etree.SubElement(p, qn("w:pPr"))
        if keep:
            etree.SubElement(properties, qn("w:keepNext"))
        if before is not None or after is not None:
            spacing = etree.SubElement(properties, qn("w:spacing"))
            if before is not None:
                spacing.set(qn("w:before"), str(before))
            if after is not None:
                spacing.set(qn("w:after"), str(after))
        if indent:
            etree.SubElement(properties, qn("w:ind")).set(qn("w:left"), str(indent))
        for fmt, text in pieces:
            if not text:
                continue
            run = text_run(text)
            if fmt:
                run_properties = etree.Element(qn("w:rPr"))
                etree.SubElement(run_properties, qn("w:b" if fmt == "b" else "w:i"))
                run.insert(0, run_properties)
            p.append(run)
        # Before the body's closing section properties, where python-docx adds paragraphs.
        sect = self._body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(p)

    def set_aside(self) -> None:
        """The merged and hidden proposals, each with what became of it."""
        if not self.data.set_aside:
            return
        self.builder.heading(_("Merged and hidden proposals"), 2)
        for p in sorted(self.data.set_aside, key=lambda row: row.id):
            if p.status == "merged":
                fate = _("merged into proposal %(id)s", id=p.merged_into or "–")
            else:
                reason = shorten(safe(p.hidden_reason), HIDDEN_REASON_LENGTH)
                fate = _("hidden in moderation: %(reason)s", reason=reason or "–")
            details = [kind_name(p.kind), self.place(p), fate]
            head = " · " + " · ".join(detail for detail in details if detail)
            self.paragraph([("b", _("Proposal %(id)s", id=p.id)), ("", head)], after=LINE_SPACE)

    # Translations --------------------------------------------------------------------------

    def _untranslated(self) -> list[tuple[str, tuple[int, ...]]]:
        """Changed elements of the next version with no text in the draft's language, with
        the proposals that changed them (only when the draft is not in the strategy's own)."""
        if self.locale == self.primary:
            return []
        missing = []
        for ref, notes in self.data.change_notes.items():
            new = self.draft.get(ref)
            if new is None:
                continue  # removed: nothing to translate
            old = self.base.get(ref)
            if any(self._lacks_translation(new, old, name) for name in new.fields):
                ids = tuple(dict.fromkeys(n.proposal_id for n in notes if n.proposal_id))
                missing.append((ref, ids))
        return missing

    def _lacks_translation(self, new: Element, old: Element | None, name: str) -> bool:
        value = new.fields.get(name)
        if not isinstance(value, str) or not value.strip():
            return False
        if old is not None and old.fields.get(name) == value:
            return False  # unchanged
        translated = (new.translations or {}).get(self.locale, {}).get(name)
        stale = (
            old is not None
            and translated
            and translated == (old.translations or {}).get(self.locale, {}).get(name)
        )
        return not translated or bool(stale)

    def translation_list(self) -> None:
        """The changed elements that still need a text in the draft's language."""
        if not self.untranslated:
            return
        self.builder.heading(_("Translation needed"), 2)
        language = Locale.parse(self.primary).get_display_name(self.locale)
        self.builder.paragraph(
            _(
                "These changed elements of the next version have no text in this language "
                "yet; the updated strategy shows them in %(language)s.",
                language=language,
            )
        )
        rows = [
            [
                PATH_SEPARATOR.join(self.path(ref, newest=True)) or ref,
                ", ".join(str(number) for number in ids) or "–",
            ]
            for ref, ids in self.untranslated
        ]
        add_table(self.document, [_("Element"), _("Proposals")], rows, [12.5, 3.5])
