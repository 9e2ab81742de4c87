"""Word tracked changes and comments in raw WordprocessingML.

python-docx has no API for revisions, so insertions and deletions are built as ``w:ins`` and
``w:del`` elements (deleted text in ``w:delText``) with an author and a date; Word and
LibreOffice show them as changes to accept or reject. Comments use python-docx's comments part,
anchored here by hand so a range can span several revision elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Word diffs above this many token comparisons are shown as one deletion and one insertion:
# difflib is quadratic in the worst case and a 100 kB paste must not stall the export.
MAX_DIFF_WORK = 4_000_000
# A text rewritten more than this is shown as replaced whole: a few shared words ("ja", "the")
# scattered through two different sentences make a word diff harder to read, not easier.
MIN_SIMILARITY = 0.5
FIRST_REVISION_ID = 1_000_000
_TOKENS = re.compile(r"\s*\S+\s*|\s+")


@dataclass(frozen=True)
class Revision:
    """Who made a change and when."""

    author: str
    date: datetime | None


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` to ``new`` as (op, text) pieces, op "same", "del" or "ins", word by word."""
    if old == new:
        return [("same", new)] if new else []
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    if len(a) * len(b) > MAX_DIFF_WORK:
        return [piece for piece in (("del", old), ("ins", new)) if piece[1]]
    # Words are compared without the spaces around them, so a word that now ends the text (or
    # no longer does) still matches; where only spacing differs the new spacing is kept.
    matcher = SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    if matcher.ratio() < MIN_SIMILARITY:
        return [piece for piece in (("del", old), ("ins", new)) if piece[1]]
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(b[j1:j2])))
    return pieces


def _w_date(moment: datetime | None) -> str:
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_run(text: str, *, deleted: bool = False):
    """A ``w:r`` holding ``text``; line breaks and tabs become ``w:br`` and ``w:tab``."""
    run = OxmlElement("w:r")
    tag = "w:delText" if deleted else "w:t"
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                run.append(OxmlElement("w:tab"))
            if part:
                element = OxmlElement(tag)
                element.text = part
                element.set(qn("xml:space"), "preserve")
                run.append(element)
    return run


class Revisions:
    """Numbers the revisions and comments of one document and writes their markup."""

    def __init__(self, document):
        self.document = document
        # Revision ids start far above the comment ids python-docx gives (0, 1, ...): the two
        # never share a number, which strict readers expect of annotations.
        self._next_id = FIRST_REVISION_ID

    def _revision(self, tag: str, revision: Revision):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self._next_id))
        element.set(qn("w:author"), revision.author)
        element.set(qn("w:date"), _w_date(revision.date))
        self._next_id += 1
        return element

    def change(self, op: str, text: str, revision: Revision):
        """A ``w:ins`` or ``w:del`` around one run of ``text``."""
        wrapper = self._revision("w:ins" if op == "ins" else "w:del", revision)
        wrapper.append(text_run(text, deleted=op == "del"))
        return wrapper

    def write_diff(self, paragraph, old: str | None, new: str | None, revision: Revision | None):
        """Append ``old`` changed into ``new`` to ``paragraph``; return the changed elements.

        ``old`` None means the text was added, ``new`` None that it was removed.
        """
        if old is None:
            pieces = [("ins", new or "")]
        elif new is None:
            pieces = [("del", old)]
        else:
            pieces = word_diff(old, new)
        changed = []
        for op, text in pieces:
            if not text:
                continue
            if op == "same" or revision is None:
                paragraph._p.append(text_run(text))
            else:
                element = self.change(op, text, revision)
                paragraph._p.append(element)
                changed.append(element)
        return changed

    def mark_paragraph(self, paragraph, op: str, revision: Revision) -> None:
        """Mark the paragraph mark itself inserted or deleted, so the paragraph comes or goes
        as a whole when the change is accepted or rejected."""
        properties = paragraph._p.get_or_add_pPr()
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            # w:rPr comes after everything but w:sectPr and w:pPrChange in a w:pPr.
            tail = properties.find(qn("w:sectPr"))
            if tail is None:
                properties.append(run_properties)
            else:
                tail.addprevious(run_properties)
        run_properties.append(self._revision("w:ins" if op == "ins" else "w:del", revision))

    def mark_row(self, row, op: str, revision: Revision) -> None:
        """Mark a table row inserted or deleted."""
        tr = row._tr
        properties = tr.trPr
        if properties is None:
            properties = OxmlElement("w:trPr")
            tr.insert(1 if tr.tblPrEx is not None else 0, properties)
        properties.append(self._revision("w:ins" if op == "ins" else "w:del", revision))

    def comment(self, first, last, text: str, author: str, date: datetime | None):
        """A comment holding ``text`` on the content from element ``first`` to ``last``."""
        comment = self.document.comments.add_comment(
            text=text, author=author, initials=_initials(author)
        )
        if date is not None:
            comment._comment_elm.date = date if date.tzinfo else date.replace(tzinfo=UTC)
        comment_id = str(comment.comment_id)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), comment_id)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), comment_id)
        first.addprevious(start)
        last.addnext(end)
        reference_run = OxmlElement("w:r")
        reference = OxmlElement("w:commentReference")
        reference.set(qn("w:id"), comment_id)
        reference_run.append(reference)
        end.addnext(reference_run)
        return comment


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalpha())[:4].upper()
