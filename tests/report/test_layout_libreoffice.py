"""The draft as LibreOffice lays it out (converted to PDF, read back with pdftotext): DRAFT at
the top of every page, the contents' page numbers those of the headings, no heading left at
the foot of a page, no table row split between pages, no word broken in a narrow column."""

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Pt

from workshop.report.blocks import add_heading, add_table
from workshop.report.finish import finish_tables

LONG_AREAS = [
    "Kansainvälisesti kilpailukykyinen ja kiinnostava sijoittumisympäristö",
    "Verkostoitunut innovaatiotoiminta ja vahvat ekosysteemit ja TKI-toiminta",
    "Kestävä rakentaminen, logistiikka ja liikkuminen",
]


def pdf_pages(pdf: bytes, tmp_path) -> list[list[str]]:
    """The text lines of each page of ``pdf``, in reading order."""
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext is needed: apt-get install poppler-utils"
    source = tmp_path / "layout.pdf"
    source.write_bytes(pdf)
    text = subprocess.run(
        [executable, "-layout", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        [line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")
    ][:-1]


@pytest.fixture
def laid_out(report_data, build, soffice, tmp_path):
    doc = build(report_data)
    return doc, pdf_pages(soffice(doc.content, tmp_path), tmp_path)


def test_every_page_has_draft_in_its_header_and_the_contents_has_page_numbers(laid_out):
    doc, pages = laid_out
    assert len(pages) > 20
    # The header is each page's first line, the title page's too.
    assert all(page[0] == "LUONNOS" for page in pages)
    contents = {}
    for line in pages[1]:
        entry = re.fullmatch(r"(.+?)\s*\.{3,}\s*(\d+)", line)
        if entry:
            contents[entry.group(1).strip()] = int(entry.group(2))
    headings = doc.headings(1) + doc.headings(2)
    assert set(contents) >= {"Arviointiprosessi", "Seurantaindikaattorit", "Päivitetty strategia"}
    for title, number in contents.items():
        assert title in headings
        # The first page after the contents where the heading stands on a line of its own.
        found = next(
            index
            for index, page in enumerate(pages[2:], start=3)
            if any(line == title for line in page)
        )
        assert number == found, title


def test_no_heading_stands_last_on_a_page(laid_out):
    doc, pages = laid_out
    headings = {text for level in (1, 2, 3, 4) for text in doc.headings(level) if text}
    # A figure's caption may end in the words of a heading (its question).
    captions = [p.text for p in doc.document.paragraphs if p.style.name == "Caption"]
    for number, page in enumerate(pages[2:], start=3):
        body = [line for line in page if line != "LUONNOS" and not line.isdigit()]
        if any(caption.endswith(body[-1]) for caption in captions):
            continue
        assert body[-1] not in headings, (number, body[-1])


def test_rows_stay_whole_and_words_unbroken_in_libreoffice(soffice, tmp_path):
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    add_heading(document, "Rivit", 1)
    rows = [
        [
            [f"Rivi {number} alkaa"] + ["täyttöä " * 6] * 5 + [f"Rivi {number} päättyy"],
            LONG_AREAS[number % 3],
            f"{number * 1111} €",
        ]
        for number in range(1, 41)
    ]
    add_table(document, ["Sisältö", "Painopisteala", "Summa"], rows, [9, 2.2, 4.8], font_pt=10)
    finish_tables(document)
    document.save(tmp_path / "rows.docx")
    pages = pdf_pages(soffice((tmp_path / "rows.docx").read_bytes(), tmp_path), tmp_path)
    assert len(pages) > 3
    for number in range(1, 41):
        where = {
            index
            for index, page in enumerate(pages)
            for line in page
            if f"Rivi {number} alkaa" in line or f"Rivi {number} päättyy" in line
        }
        assert len(where) == 1, (number, where)
    words = {word for page in pages for line in page for word in line.split()}
    for name in LONG_AREAS:
        assert set(name.replace(",", "").split()) <= {w.strip(",") for w in words}, name
