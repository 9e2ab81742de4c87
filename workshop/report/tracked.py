"""Word tracked changes and comments in raw WordprocessingML.

python-docx has no API for revisions, so insertions and deletions are built as ``w:ins`` and
``w:del`` elements (deleted text in ``w:delText``) with an author and a date; Word and
LibreOffice show them as changes to accept or reject. Comments use python-docx's comments part,
anchored here by hand so a range can span several revision elements.
"""

from __future__ import annotations

import os
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
_WORDS = re.compile(r"(\S+)(\s*)")


@dataclass(frozen=True)
class Revision:
    """Who made a change and when."""

    author: str
    date: datetime | None


def _tokens(text: str) -> list[tuple[str, str]]:
    """``text`` as (word, the whitespace after it); leading whitespace is a token of no word."""
    leading = text[: len(text) - len(text.lstrip())]
    tokens = [("", leading)] if leading else []
    return tokens + _WORDS.findall(text)


def _whole(old: str, new: str) -> list[tuple[str, str]]:
    return [piece for piece in (("del", old), ("ins", new)) if piece[1]]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` to ``new`` as (op, text) pieces, op "same", "del" or "ins", word by word.

    The "same" and "del" pieces joined give ``old`` exactly and the "same" and "ins" pieces
    ``new``, space for space: rejecting or accepting every change leaves no glued words and
    no stray spaces. Words are matched without their spaces, so a word that now ends the
    text (or no longer does) still matches; the spaces that differ are changed on their own.
    """
    if old == new:
        return [("same", new)] if new else []
    a, b = _tokens(old), _tokens(new)
    if len(a) * len(b) > MAX_DIFF_WORK:
        return _whole(old, new)
    matcher = SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    if matcher.ratio() < MIN_SIMILARITY:
        return _whole(old, new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            pieces.append(("del", "".join(w + s for w, s in a[i1:i2])))
            pieces.append(("ins", "".join(w + s for w, s in b[j1:j2])))
            continue
        for (word, old_space), (_, new_space) in zip(a[i1:i2], b[j1:j2], strict=True):
            common = len(os.path.commonprefix([old_space, new_space]))
            pieces.append(("same", word + new_space[:common]))
            pieces.append(("del", old_space[common:]))
            pieces.append(("ins", new_space[common:]))
    return _coalesce(pieces)


def _coalesce(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent pieces merged: equal text once, and between two equal texts one deletion
    followed by one insertion (their order does not change what accepting or rejecting
    gives)."""
    merged: list[tuple[str, str]] = []
    pending = {"del": "", "ins": ""}
    for op, text in [*pieces, ("same", "")]:
        if op != "same":
            pending[op] += text
            continue
        merged.extend((kind, pending[kind]) for kind in ("del", "ins") if pending[kind])
        pending = {"del": "", "ins": ""}
        if merged and merged[-1][0] == "same":
            merged[-1] = ("same", merged[-1][1] + text)
        elif text:
            merged.append(("same", text))
    return merged


def _w_date(moment: datetime | None) -> str:
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_run(text: str, *, deleted: bool = False, bold: bool = False):
    """A ``w:r`` holding ``text``; line breaks and tabs become ``w:br`` and ``w:tab``."""
    run = OxmlElement("w:r")
    if bold:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:b"))
        run.append(properties)
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
    """Numbers the revisions and comments of one document and writes their markup.

    Word's model is followed: a paragraph added whole has its runs in ``w:ins`` and its
    paragraph mark marked inserted, one removed whole its runs in ``w:del`` and its mark
    marked deleted, so rejecting (accepting) the change takes the paragraph away and the next
    one keeps its own style. Such a paragraph holds nothing else: a comment anchored in it
    would keep it alive in LibreOffice (and pass its style to the next heading), or go away
    with it. Comments of whole paragraphs are anchored in the nearest paragraph that both
    versions have (see ``point_comment``).
    """

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

    def change(self, op: str, text: str, revision: Revision, *, bold: bool = False):
        """A ``w:ins`` or ``w:del`` around one run of ``text``."""
        wrapper = self._revision("w:ins" if op == "ins" else "w:del", revision)
        wrapper.append(text_run(text, deleted=op == "del", bold=bold))
        return wrapper

    def write_diff(
        self,
        paragraph,
        old: str | None,
        new: str | None,
        revision: Revision | None,
        *,
        bold: bool = False,
    ):
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
                paragraph._p.append(text_run(text, bold=bold))
            else:
                element = self.change(op, text, revision, bold=bold)
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

    def _add_comment(self, text: str, author: str, date: datetime | None):
        comment = self.document.comments.add_comment(
            text=text, author=author, initials=_initials(author)
        )
        if date is not None:
            comment._comment_elm.date = date if date.tzinfo else date.replace(tzinfo=UTC)
        return comment

    @staticmethod
    def _reference_run(comment_id: str):
        run = OxmlElement("w:r")
        reference = OxmlElement("w:commentReference")
        reference.set(qn("w:id"), comment_id)
        run.append(reference)
        return run

    def comment(self, first, last, text: str, author: str, date: datetime | None):
        """A comment holding ``text`` on the content from element ``first`` to ``last``.

        The range marks and the reference stay outside the changes, in the paragraph both
        versions have, so the comment survives accepting and rejecting them.
        """
        comment = self._add_comment(text, author, date)
        comment_id = str(comment.comment_id)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), comment_id)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), comment_id)
        first.addprevious(start)
        last.addnext(end)
        end.addnext(self._reference_run(comment_id))
        return comment

    def point_comment(self, paragraph, text: str, author: str, date: datetime | None):
        """A comment holding ``text`` at the end of ``paragraph``, on no range: for a change
        that adds or removes whole paragraphs, anchored in the paragraph before them."""
        comment = self._add_comment(text, author, date)
        paragraph._p.append(self._reference_run(str(comment.comment_id)))
        return comment


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalpha())[:4].upper()
