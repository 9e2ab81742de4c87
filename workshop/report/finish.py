"""The last pass over the update draft: its properties, the DRAFT header on every page, and
tables that neither break words nor split rows across pages.

Done once over the finished body, so every table gets the same treatment whoever wrote it
(``blocks.add_table``, the tracked indicator table of the updated strategy, the annex).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree
from PIL import ImageFont

from workshop.report.blocks import safe

# The body text width of the page set up in blocks.set_up_page: 21 cm less two 2.5 cm margins.
TEXT_WIDTH_TWIPS = round(16 * 567)
# Table Grid's cell margins (108 twips each side) and a little room for rounding and borders.
CELL_PADDING_TWIPS = 2 * 108 + 40
# Word and LibreOffice differ a little in how they set the same text: measured widths get this.
SAFETY = 1.06
DEFAULT_POINTS = 11.0
# Cambria and Calibri, the template's fonts, are narrower than DejaVu Serif, which LibreOffice
# sets in their place where they are missing: measuring with DejaVu Serif fits both.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
MEASURE_SCALE = 10  # fonts are loaded at ten times the point size, for precise widths
# Only a cell's longest words are measured: the widest word is among them.
WORDS_MEASURED = 3
APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Strategiapaja</Application><DocSecurity>0</DocSecurity>"
    "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
DRAFT_COLOUR = RGBColor(0xB0, 0x34, 0x00)
# Bookmark ids of the contents, clear of the ids of comments and revisions.
BOOKMARK_IDS = 900_000
_SPACES = re.compile(r"[ \n\t]+")
_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_SIZES = etree.XPath(".//w:rPr/w:sz/@w:val", namespaces=_W)
_BOLD = etree.XPath(".//w:rPr/w:b[not(@w:val='0' or @w:val='false')]", namespaces=_W)
# Where a line may break inside a word: after a hard hyphen ("Pohjois-|Pohjanmaan"), as Word
# and LibreOffice break it.
_AFTER_HYPHEN = re.compile(r"(?<=[-\u2010])(?=\w)")


def set_properties(
    document,
    *,
    title: str,
    subject: str,
    author: str,
    language: str,
    keywords: str,
    now: datetime,
) -> None:
    """The document's core and app properties in place of python-docx's template's (its
    "python-docx" description, its 2013 dates, "Microsoft Macintosh Word" as the program)."""
    properties = document.core_properties
    properties.title = safe(title)
    properties.subject = safe(subject)
    properties.author = safe(author)
    properties.last_modified_by = safe(author)
    properties.comments = ""
    properties.category = ""
    properties.keywords = safe(keywords)
    properties.language = language
    properties.created = properties.modified = now.replace(tzinfo=None, microsecond=0)
    properties.revision = 1
    for part in document.part.package.parts:
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_PROPERTIES.format(company=escape(safe(author))).encode()


def draft_header(document, text: str) -> None:
    """``text`` (DRAFT) at the top right of every page of every section, the first too."""
    for section in document.sections:
        headers = [section.header, section.first_page_header]
        if document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
        for header in headers:
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(10)
            run.font.color.rgb = DRAFT_COLOUR


# Tables --------------------------------------------------------------------------------------


@cache
def _font(points: float, bold: bool):
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    size = round(points * MEASURE_SCALE)
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


@cache
def word_width_twips(word: str, points: float, bold: bool) -> int:
    """How wide ``word`` is set in ``points`` (bold or not), in twips."""
    length = _font(points, bold).getlength(word) / MEASURE_SCALE  # points
    return round(length * 20 * SAFETY)


def _paragraph_words(
    paragraph, default_points: float, header: bool
) -> list[tuple[str, float, bool]]:
    """The longest words of a cell paragraph with its largest size and boldness."""
    text = "".join(
        node.text or "" for node in paragraph.iter(qn("w:t"), qn("w:delText"), qn("w:tab"))
    )
    words = [part for word in _SPACES.split(text) for part in _AFTER_HYPHEN.split(word) if part]
    if not words:
        return []
    sizes = [int(size) / 2 for size in _SIZES(paragraph)]
    points = max(sizes) if sizes else default_points
    bold = header or bool(_BOLD(paragraph))
    longest = sorted(words, key=len, reverse=True)[:WORDS_MEASURED]
    return [(word, points, bold) for word in longest]


def _cells(tr):
    return tr.findall(qn("w:tc"))


def minimum_widths(tbl, columns: int) -> list[int]:
    """The narrowest width (twips) of each column that holds its widest word unbroken."""
    widths = [0] * columns
    for tr in tbl.findall(qn("w:tr")):
        header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        column = 0
        for tc in _cells(tr):
            spanned = _span(tc)
            if spanned == 1 and column < columns:
                for paragraph in tc.findall(qn("w:p")):
                    for word, points, bold in _paragraph_words(paragraph, DEFAULT_POINTS, header):
                        need = word_width_twips(word, points, bold) + CELL_PADDING_TWIPS
                        widths[column] = max(widths[column], need)
            column += spanned
    return widths


def fit_widths(wanted: list[int], minimum: list[int], total: int) -> list[int]:
    """Column widths as near ``wanted`` as they can be while each is at least ``minimum``,
    adding up to ``total``: what a narrow column needs comes from the others' spare room."""
    if sum(minimum) >= total:
        # Even the words alone do not fit: share the width by the words' needs.
        return [round(total * need / sum(minimum)) for need in minimum]
    widths = [max(want, 1) for want in wanted]
    scale = total / sum(widths)
    widths = [width * scale for width in widths]
    for _ in range(len(widths)):
        short = [i for i, width in enumerate(widths) if width < minimum[i]]
        if not short:
            break
        needed = sum(minimum[i] - widths[i] for i in short)
        for i in short:
            widths[i] = minimum[i]
        spare = {i: widths[i] - minimum[i] for i in range(len(widths)) if i not in short}
        room = sum(spare.values())
        for i, extra in spare.items():
            widths[i] -= needed * extra / room
    rounded = [round(width) for width in widths]
    rounded[-1] += total - sum(rounded)
    return rounded


def _set(parent, tag: str, first: bool = False, **attributes):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        if first:
            parent.insert(0, element)
        else:
            parent.append(element)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _table_properties(tbl, total: int) -> None:
    """A fixed layout of ``total`` twips: Word and LibreOffice keep the grid as given."""
    properties = tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        # CT_TblPr order: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize,
        # tblStyleColBandSize, tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, ...
        style = properties.find(qn("w:tblStyle"))
        if style is not None:
            style.addnext(width)
        else:
            properties.insert(0, width)
    width.set(qn("w:w"), str(total))
    width.set(qn("w:type"), "dxa")
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        followers = [
            properties.find(qn(f"w:{name}"))
            for name in ("tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange")
        ]
        follower = next((element for element in followers if element is not None), None)
        if follower is not None:
            follower.addprevious(layout)
        else:
            properties.append(layout)
    layout.set(qn("w:type"), "fixed")


def _cant_split(tr) -> None:
    """The row moves to the next page whole (w:cantSplit comes before w:ins / w:del)."""
    properties = tr.trPr
    if properties is None:
        properties = OxmlElement("w:trPr")
        tr.insert(1 if tr.find(qn("w:tblPrEx")) is not None else 0, properties)
    if properties.find(qn("w:cantSplit")) is None:
        properties.insert(0, OxmlElement("w:cantSplit"))


def _keep_with_table(tbl) -> None:
    """A sentence that introduces a table (it ends in a colon) stays on the page of the
    table's first row, as headings do by their style."""
    previous = tbl.getprevious()
    if previous is None or previous.tag != qn("w:p") or not _text(previous).rstrip().endswith(":"):
        return
    properties = previous.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        previous.insert(0, properties)
    if properties.find(qn("w:keepNext")) is None:
        # keepNext follows pStyle in CT_PPrBase.
        style = properties.find(qn("w:pStyle"))
        keep = OxmlElement("w:keepNext")
        if style is not None:
            style.addnext(keep)
        else:
            properties.insert(0, keep)


def _span(tc) -> int:
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(span.get(qn("w:val"))) if span is not None else 1


def _cell_widths(tr, widths: list[int]) -> None:
    """Each cell of the row as wide as the grid columns it spans."""
    column = 0
    for tc in _cells(tr):
        spanned = _span(tc)
        properties = tc.find(qn("w:tcPr"))
        if properties is None:
            properties = OxmlElement("w:tcPr")
            tc.insert(0, properties)
        width = str(sum(widths[column : column + spanned]))
        _set(properties, "w:tcW", first=True, w=width, type="dxa")
        column += spanned


def finish_tables(document) -> None:
    """Every table: fixed column widths from its words, rows that do not split, and its
    introduction kept with it."""
    for tbl in document.element.body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        columns = grid.findall(qn("w:gridCol"))
        wanted = [int(column.get(qn("w:w")) or 0) for column in columns]
        total = min(TEXT_WIDTH_TWIPS, sum(wanted) or TEXT_WIDTH_TWIPS)
        if not any(wanted):
            wanted = [1] * len(columns)
            total = TEXT_WIDTH_TWIPS
        widths = fit_widths(wanted, minimum_widths(tbl, len(columns)), total)
        for column, width in zip(columns, widths, strict=True):
            column.set(qn("w:w"), str(width))
        for tr in tbl.findall(qn("w:tr")):
            _cant_split(tr)
            column = 0
            for tc in _cells(tr):
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                spanned = int(span.get(qn("w:val"))) if span is not None else 1
                properties = tc.find(qn("w:tcPr"))
                if properties is None:
                    properties = OxmlElement("w:tcPr")
                    tc.insert(0, properties)
                _set(
                    properties,
                    "w:tcW",
                    first=True,
                    w=str(sum(widths[column : column + spanned])),
                    type="dxa",
                )
                column += spanned
        _table_properties(tbl, total)
        _keep_with_table(tbl)


# Contents ------------------------------------------------------------------------------------


def _page_reference(bookmark: str) -> list:
    """A PAGEREF field to ``bookmark`` with no stored result: the number is laid out."""
    runs = []
    for kind in ("begin", None, "separate", "end"):
        run = OxmlElement("w:r")
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" PAGEREF {bookmark} \\h "
            run.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run.append(char)
        runs.append(run)
    return runs


def _bookmark(paragraph, name: str, number: int) -> None:
    """A bookmark around the whole content of ``paragraph`` (after its properties)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    properties = paragraph.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(end)


def _heading_level(paragraph, heading_styles: dict[str, int]) -> int | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return heading_styles.get(style.get(qn("w:val"))) if style is not None else None


def _text(paragraph) -> str:
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def link_contents(document) -> None:
    """End each entry of the contents with the page number of its heading: a bookmark on the
    first heading of that level and text after the one matched before, and a PAGEREF field to
    it after the entry's dotted tab."""
    entries = document.__dict__.get("_toc_entries") or []
    if not entries:
        return
    heading_styles = {document.styles[f"Heading {level}"].style_id: level for level in (1, 2)}
    headings = [
        (level, _text(paragraph), paragraph)
        for paragraph in document.element.body.iter(qn("w:p"))
        if (level := _heading_level(paragraph, heading_styles)) is not None
    ]
    position = 0
    for number, (level, text, entry) in enumerate(entries, start=1):
        match = next(
            (i for i in range(position, len(headings)) if headings[i][:2] == (level, text)),
            None,
        )
        if match is None:
            continue
        name = f"_Toc{number:08d}"
        _bookmark(headings[match][2], name, BOOKMARK_IDS + number)
        tab = OxmlElement("w:r")
        tab.append(OxmlElement("w:tab"))
        entry.append(tab)
        for run in _page_reference(name):
            entry.append(run)
        position = match + 1
