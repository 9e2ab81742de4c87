"""Fixtures of the register: workbooks written with openpyxl, Finnish CSV files."""

import io

import pytest
from openpyxl import Workbook

from tests.review.conftest import (  # noqa: F401  (the workshop fixtures, shared)
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
)

HEADER_FI = ["Organisaatio", "Sidosryhmä", "Seutukunta", "Nimi", "Sähköposti", "Rooli", "Kieli"]
HEADER_EN = ["Organisation", "Stakeholder group", "Sub-region", "Name", "E-mail", "Role",
             "Language"]  # fmt: skip

GROUP_NAMES = ["Klusterit", "Kehittämisyhtiöt", "Tutkimus- ja koulutuslaitokset",
               "Kunnat ja alueelliset edustajat", "Yritykset ja elinkeinoelämä",
               "Julkiset viranomaiset"]  # fmt: skip
REGION_NAMES = ["Oulu", "Oulunkaari", "Koillismaa", "Raahe", "Haapavesi–Siikalatva",
                "Nivala–Haapajärvi", "Ylivieska"]  # fmt: skip


def workbook(rows, header=HEADER_FI, *, blank_rows_above: int = 0) -> bytes:
    """An .xlsx file written by openpyxl, as Excel saves a council's contact list."""
    book = Workbook()
    sheet = book.active
    for _ in range(blank_rows_above):
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def register_rows(contacts: int = 200, organisations: int = 40) -> list[tuple]:
    """``contacts`` contacts spread over ``organisations`` organisations of every group and
    sub-region (organisation n: group n mod 6, sub-region n mod 7)."""
    rows = []
    for number in range(contacts):
        org = number % organisations
        rows.append(
            (
                f"Organisaatio {org:02d} Oy",
                GROUP_NAMES[org % len(GROUP_NAMES)],
                REGION_NAMES[org % len(REGION_NAMES)],
                f"Henkilö {number:03d}",
                f"henkilo{number:03d}@org{org:02d}.example",
                "Asiantuntija",
                "en" if number % 10 == 0 else "fi",
            )
        )
    return rows


def finnish_csv(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    """A file as a Finnish spreadsheet saves it: `;` separators, CRLF line ends."""
    return "\r\n".join(lines).encode(encoding) + b"\r\n"


@pytest.fixture
def register_workbook() -> bytes:
    return workbook(register_rows())


# The invitations' fixtures (a small register, sessions, a real SMTP server).
from tests.convening.invitation_fixtures import (  # noqa: E402, F401, I001
    register_contacts,
    smtp_server,
    workshops,
)
