"""Fixtures of the update draft: a round with scores and reasons, a draft with changes,
proposal rows with decisions, and helpers that read the generated .docx back."""

import copy
import io
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from lxml import etree

from tests.review.conftest import make_round, open_session, review_round  # noqa: F401
from workshop.extensions import db
from workshop.report.data import ProposalRow, collect
from workshop.report.document import build_docx
from workshop.review import participation
from workshop.review.models import Answer

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
COUNCIL = "Pohjois-Pohjanmaan liitto"
DECIDED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
AREA = "digitaaliset-palvelut"
ORIGINAL = "Henkilö- ja yrityskohteinen käyttäjätuki kaikissa rajapinnoissa"
REWORDED = "Henkilö- ja yrityskohteinen käyttäjätuki kaikissa palveluissa ja rajapinnoissa"
ADDED = "Tekoälyn käyttöönottoa tuetaan pk-yrityksissä kokeiluilla."
NEW_TARGET = "Kasvaa vähintään 2 % vuodessa"


@pytest.fixture
def scored_round(review_round, open_session):  # noqa: F811
    """The round with four participants who scored the first focus areas, with reasons."""
    questions = list(review_round.questions)
    areas = review_round.strategy_version.focus_areas[:3]
    people = [
        participation.join_session(
            open_session, group, organisation="Org", name="Maija Meikäläinen"
        )
        for group in ("klusterit", "klusterit", "yritykset", "kunnat")
    ]
    for index, person in enumerate(people):
        for area in areas:
            for question in questions:
                db.session.add(
                    Answer(
                        participant_id=person.id,
                        group_id=person.group_id,
                        question_id=question.id,
                        focus_area_key=area.key,
                        session_id=open_session.id,
                        value=None if index == 3 else 2 + index,
                        reason=f"Perustelu {index} alueelle {area.key}" if index < 2 else "",
                    )
                )
    db.session.commit()
    return review_round


def edited_draft(base: dict) -> dict:
    """The base version with one solution reworded, one removed, one added and an indicator's
    target changed, as accepting proposals would leave it."""
    draft = copy.deepcopy(base)
    area = next(a for t in draft["themes"] for a in t["focus_areas"] if a["key"] == AREA)
    solutions = area["challenges"][0]["solutions"]
    assert solutions[0]["text"] == ORIGINAL
    solutions[0]["text"] = REWORDED
    del solutions[1]
    solutions.append({"key": "tekoaly-pk", "text": ADDED, "translations": {}})
    indicator = draft["indicators"][0]
    indicator["target_text"] = NEW_TARGET
    draft["version"]["number"] += 1
    return draft


def refs(base: dict) -> dict[str, str]:
    area = next(a for t in base["themes"] for a in t["focus_areas"] if a["key"] == AREA)
    challenge = area["challenges"][0]
    prefix = f"focus_area/{AREA}/challenge/{challenge['key']}/solution"
    return {
        "reworded": f"{prefix}/{challenge['solutions'][0]['key']}",
        "removed": f"{prefix}/{challenge['solutions'][1]['key']}",
        "added": f"{prefix}/tekoaly-pk",
        "indicator": f"indicator/{base['indicators'][0]['key']}",
        "removed_text": challenge["solutions"][1]["text"],
        "reworded_old": challenge["solutions"][0]["text"],
        "old_target": base["indicators"][0]["target_text"],
    }


def proposal_rows(base: dict, **texts) -> list[ProposalRow]:
    """Accepted proposals behind each change of ``edited_draft``, and a rejected one."""
    r = refs(base)

    def row(number, ref, kind, text, outcome, reason):
        return ProposalRow(
            id=number,
            target_ref=ref,
            focus_area_key=AREA if ref and ref.startswith("focus_area") else None,
            kind=kind,
            text=texts.get("text", text),
            original_text=texts.get("original", ""),
            rationale=texts.get("rationale", "Perustelu ehdotukselle."),
            group_name="Klusterit",
            supports=12,
            opposes=3,
            status="decided",
            outcome=outcome,
            council_wording="",
            reason=texts.get("reason", reason),
            decided_at=DECIDED,
        )

    return [
        row(1, r["reworded"], "reword", REWORDED, "accepted_with_changes", "Selkeämpi muotoilu."),
        row(2, r["removed"], "remove", "Poistetaan.", "accepted", "Tavoite on saavutettu."),
        row(3, r["added"], "add_solution", ADDED, "accepted", "Tekoäly on nostettu esiin."),
        row(4, r["indicator"], "change_target", NEW_TARGET, "accepted", "Tavoite täsmentyy."),
        row(5, None, "free", "Hylätty ajatus kuukausiraporteista.", "rejected", "Ei tarpeen."),
    ]


@pytest.fixture
def report_data(scored_round):
    """Report data of the scored round with the edited draft and its proposals."""
    base = collect(scored_round).base_version_data
    return collect(
        scored_round, proposals=proposal_rows(base), draft_version_data=edited_draft(base)
    )


class Docx:
    """A generated .docx read back: python-docx's view and the raw XML parts."""

    def __init__(self, content: bytes):
        self.content = content
        self.document = Document(io.BytesIO(content))
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.body = etree.fromstring(self.parts["word/document.xml"])
        comments = self.parts.get("word/comments.xml")
        self.comments = etree.fromstring(comments) if comments else None

    def headings(self, level: int) -> list[str]:
        return [p.text for p in self.document.paragraphs if p.style.name == f"Heading {level}"]

    def texts(self, xpath: str) -> list[str]:
        """The text of each element ``xpath`` finds (w:t and w:delText inside it)."""
        return [
            "".join(element.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))
            for element in self.body.xpath(xpath, namespaces=NS)
        ]

    def all_text(self) -> str:
        return "".join(self.body.xpath("//w:t/text() | //w:delText/text()", namespaces=NS))


@pytest.fixture
def read_docx():
    return Docx


@pytest.fixture
def build(read_docx):
    """Factory: build the document of some report data and read it back."""

    def make(data):
        return read_docx(build_docx(data))

    return make
