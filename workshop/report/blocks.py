"""Building blocks of the .docx: page set-up, fields, tables, pictures, clean text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import fields, is_dataclass, replace

from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from workshop.report.tracked import text_run
from workshop.text import clean_text

# Elements that follow w:updateFields in w:settings (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)
HEADER_FILL = "DCE6F0"
# LibreOffice lays out a 100 kB table cell for minutes: texts in cells are cut here (the
# chapters that hold typed text in full write it as body paragraphs).
CELL_TEXT_LIMIT = 3000
# A piece of text is a string, or (format, text) with format "b" (bold) or "i" (italic). A cell
# is one piece, or a list of paragraphs, each a piece or a list of pieces.
Piece = str | tuple[str, str]
CellValue = Piece | list[Piece | list[Piece]]


def safe(value) -> str:
    """Text that is valid in XML and in Word: no control characters or lone surrogates."""
    if value is None:
        return ""
    return clean_text(str(value))


def scrub(value):
    """``value`` with every string in it made safe: dataclasses, dicts, lists and tuples are
    walked, so no text that reaches the builder can make invalid XML."""
    if isinstance(value, str):
        return safe(value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: scrub(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(item) for item in value)
    return value


def add_paragraph(document, text: str = "", style: str | None = None):
    """A paragraph in ``style`` (a style name) at the end of the body.

    python-docx looks a style up by name through every style of the document on each call,
    which took most of the export's time; the ids are looked up once per document here.
    """
    paragraph = document.add_paragraph()
    if style is not None:
        cache = document.__dict__.setdefault("_style_ids", {})
        if style not in cache:
            cache[style] = document.styles[style].style_id
        paragraph._p.style = cache[style]
    if text:
        paragraph._p.append(text_run(text))
    return paragraph


def add_heading(document, text: str, level: int):
    """A paragraph in Word's built-in heading style (the navigation pane lists it)."""
    return add_paragraph(document, text, f"Heading {level}")


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary near ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip() + " …"


def set_up_page(document, locale: str) -> None:
    """A4 with even margins, a first page without a number, the document's language."""
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(footer, "PAGE", "1")
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    _set_language(document, {"fi": "fi-FI", "en": "en-GB"}.get(locale, locale))


def _set_language(document, language: str) -> None:
    """The proofing language of every style, so Word spell-checks in the right language."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)


def update_fields_on_open(document) -> None:
    """Ask Word to fill in the fields (the table of contents) when the file is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    for name in _AFTER_UPDATE_FIELDS:
        follower = settings.find(qn(f"w:{name}"))
        if follower is not None:
            follower.addprevious(element)
            return
    settings.append(element)


def _field_char(kind: str, dirty: bool = False):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def add_field(paragraph, instruction: str, placeholder: str, *, dirty: bool = False) -> None:
    """A complex field (PAGE, TOC) with ``placeholder`` shown until Word updates it."""
    p = paragraph._p
    p.append(_field_char("begin", dirty))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    p.append(run)
    p.append(_field_char("separate"))
    p.append(text_run(placeholder))
    p.append(_field_char("end"))


def add_toc(document, title: str, entries: list[tuple[int, str]]) -> None:
    """The contents: an entry per heading of ``entries`` ((level, text)) with a dotted tab.

    ``finish.link_contents`` then bookmarks each heading and ends its entry with a PAGEREF
    field to it. Not a TOC field: LibreOffice shows a TOC field's stored result as it is and
    updates it only on request, while it lays out PAGEREF fields on opening, and Word updates
    them too when it opens the file (w:updateFields), so both show the page numbers at once.
    """
    add_paragraph(document, title, "TOC Heading")
    listed = []
    for level, text in entries:
        paragraph = add_paragraph(document, text)
        paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        listed.append((level, text, paragraph._p))
    document.__dict__["_toc_entries"] = listed


def add_picture(document, png: bytes, width_cm: float, description: str) -> None:
    """A picture in its own paragraph, with ``description`` as its alternative text."""
    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    picture_paragraph = document.paragraphs[-1]
    picture_paragraph.paragraph_format.keep_with_next = True
    doc_pr = picture_paragraph._p.find(".//" + qn("wp:docPr"))
    if doc_pr is not None:
        doc_pr.set("descr", description)


def _cell_paragraph(
    cell_element, pieces: Sequence[Piece], header: bool, keep: bool, half_points: int | None
):
    p = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    if keep:
        properties.append(OxmlElement("w:keepNext"))
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "40")
    properties.append(spacing)
    p.append(properties)
    for piece in pieces:
        fmt, text = ("b" if header else "", piece) if isinstance(piece, str) else piece
        run = text_run(shorten(text, CELL_TEXT_LIMIT))
        if fmt or half_points:
            run_properties = OxmlElement("w:rPr")
            if fmt:
                run_properties.append(OxmlElement("w:b" if fmt == "b" else "w:i"))
            if half_points:
                size = OxmlElement("w:sz")
                size.set(qn("w:val"), str(half_points))
                run_properties.append(size)
            run.insert(0, run_properties)
        p.append(run)
    cell_element.append(p)


def _paragraphs(value: CellValue) -> list[Sequence[Piece]]:
    if isinstance(value, str | tuple):
        return [[value]]
    paragraphs = []
    for item in value:
        if isinstance(item, str) or (isinstance(item, tuple) and len(item) == 2):
            paragraphs.append([item])
        else:
            paragraphs.append(list(item))
    return paragraphs or [[""]]


def _row(
    values: Sequence[CellValue],
    widths_twips: list[int],
    *,
    header: bool = False,
    keep: bool,
    half_points: int | None = None,
):
    tr = OxmlElement("w:tr")
    if header:
        row_properties = OxmlElement("w:trPr")
        row_properties.append(OxmlElement("w:tblHeader"))
        tr.append(row_properties)
    for value, width in zip(values, widths_twips, strict=True):
        tc = OxmlElement("w:tc")
        cell_properties = OxmlElement("w:tcPr")
        cell_width = OxmlElement("w:tcW")
        cell_width.set(qn("w:w"), str(width))
        cell_width.set(qn("w:type"), "dxa")
        cell_properties.append(cell_width)
        if header:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), HEADER_FILL)
            cell_properties.append(shading)
        tc.append(cell_properties)
        for pieces in _paragraphs(value):
            _cell_paragraph(tc, pieces, header, keep, half_points)
        tr.append(tc)
    return tr


def add_table(
    document,
    headers: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    widths_cm: Sequence[float],
    *,
    keep_together: bool = False,
    font_pt: float | None = None,
):
    """A table with a repeating header row; rows are written as XML directly, which is many
    times faster than python-docx's cell objects for hundreds of rows. A table kept together
    moves to the next page whole rather than leave its header behind. ``font_pt`` sets a
    smaller text size for tables of many numbers."""
    table = document.add_table(rows=0, cols=len(headers))
    table.style = document.styles["Table Grid"]
    widths = [round(width * 567) for width in widths_cm]  # twips per centimetre
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(width))
    tbl = table._tbl
    half_points = round(font_pt * 2) if font_pt else None
    tbl.append(_row(headers, widths, header=True, keep=True, half_points=half_points))
    for index, values in enumerate(rows, start=1):
        keep = keep_together and index < len(rows)
        tbl.append(_row(values, widths, keep=keep, half_points=half_points))
    return table
