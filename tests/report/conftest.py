"""Fixtures of the update draft: a round with scores and reasons, a draft with changes,
proposal rows with decisions, and helpers that read the generated .docx back."""

import copy
import io
import shutil
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from lxml import etree

from tests.review.conftest import make_round, open_session, review_round  # noqa: F401
from tests.soffice import run_conversion
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


def _area(draft: dict, key: str) -> dict:
    return next(a for t in draft["themes"] for a in t["focus_areas"] if a["key"] == key)


def _challenge(area: dict, key: str) -> dict:
    return next(c for c in area["challenges"] if c["key"] == key)


def every_kind_draft(base: dict) -> dict:
    """``edited_draft`` and every other kind of change, each where it is hardest to apply:
    added, removed and reworded elements of every level, a removed element followed by a
    heading, the last item of a focus area removed before the next focus area's heading,
    two decisions on one element, and list headings that come and go with their lists."""
    draft = edited_draft(base)
    draft["strategy"]["vision"] += " Maakunta on myös hiilineutraali."  # appended words
    section = draft["sections"][0]
    section["body"] = section["body"].replace(
        "Vahvuuksien avulla alueet", "Vahvuuksiensa avulla alueet"
    )
    section["body"] += "\n\n- Uusi luettelon kohta\n- Toinen uusi kohta"
    themes = draft["themes"]
    themes[0]["title"] = "Uudistuva, hyvinvoiva ja osaava"
    digital = _area(draft, AREA)
    # The brief's example: rejecting it glued "datan" to "hyödyntäminen".
    _challenge(digital, "digitaaliset-palvelut.h3")["title"] = "Olennaisen datan"
    del digital["challenges"][1]  # a removed challenge followed by the next one's heading
    digital["challenges"].insert(
        0,
        {
            "key": "digitaaliset-palvelut.uusi",
            "title": "Tekoälyn vastuullinen käyttö",
            "translations": {},
            "solutions": [
                {"key": "digitaaliset-palvelut.uusi.r1", "text": "Eettiset ohjeet yrityksille"},
            ],
        },
    )
    energy = _area(draft, "energia")
    energy["title"] = "Energia ja vety"  # two decisions on one element: title and text
    energy["description"] += "\n\nVetytalous on nouseva ala."
    health = _area(draft, "terveys-ja-hyvinvointi")
    health["actions"] = [{"key": "terveys.t1", "text": "Terveysdatan kokeiluympäristö"}]
    themes[1]["focus_areas"] = [
        a for a in themes[1]["focus_areas"] if a["key"] != "bio-ja-kiertotalous"
    ]
    themes[1]["focus_areas"].append(
        {
            "key": "vesitalous",
            "title": "Vesitalous",
            "description": "Puhdas vesi on alueen vahvuus.",
            "sub_themes": [{"title": "Vesiosaaminen"}, {"title": "Vesiteknologia"}],
            "challenges": [
                {
                    "key": "vesitalous.h1",
                    "title": "Vesiosaamisen kaupallistaminen",
                    "solutions": [{"key": "vesitalous.h1.r1", "text": "Vientiverkosto"}],
                }
            ],
            "actions": [],
        }
    )
    placement = _area(draft, "sijoittumisymparisto")
    placement["actions"][0]["text"] += " ja houkuttelevuus"
    placement["actions"].pop()  # the focus area's last item, before the next area's heading
    tourism = _area(draft, "innovatiivinen-matkailu")
    tourism["actions"].append({"key": "matkailu.uusi", "text": "Ympärivuotinen matkailu"})
    measures = draft["measures"]
    measures[1]["text"] = measures[1]["text"].replace("yhteis", "tiivis", 1)
    del measures[0]
    measures.append({"key": "toimenpide-uusi", "text": "Datatalouden sparraus"})
    indicators = draft["indicators"]
    indicators[3]["target_value"] = 1200
    indicators[3]["target_text"] = "1,2 mrd/€"
    del indicators[5]
    indicators.append(
        {
            "key": "vesi",
            "name": "Vesialan yritykset",
            "unit": "kpl",
            "target_year": 2027,
            "target_value": 50,
            "target_text": "",
            "baseline_text": "",
            "translations": {},
        }
    )
    return draft


def every_kind_refs(base: dict) -> list[str]:
    """The element of each change of ``every_kind_draft`` (one proposal each, and two on the
    energy focus area)."""
    digital = "focus_area/digitaaliset-palvelut"
    return [
        "strategy",
        f"section/{base['sections'][0]['key']}",
        f"theme/{base['themes'][0]['key']}",
        f"{digital}/challenge/digitaaliset-palvelut.h3",
        f"{digital}/challenge/digitaaliset-palvelut.h2",
        f"{digital}/challenge/digitaaliset-palvelut.uusi",
        "focus_area/energia",
        "focus_area/energia",
        "focus_area/terveys-ja-hyvinvointi/action/terveys.t1",
        "focus_area/bio-ja-kiertotalous",
        "focus_area/vesitalous",
        "focus_area/sijoittumisymparisto/action/sijoittumisymparisto.t1",
        "focus_area/sijoittumisymparisto/action/sijoittumisymparisto.t3",
        "focus_area/innovatiivinen-matkailu/action/matkailu.uusi",
        f"measure/{base['measures'][1]['key']}",
        f"measure/{base['measures'][0]['key']}",
        "measure/toimenpide-uusi",
        f"indicator/{base['indicators'][3]['key']}",
        f"indicator/{base['indicators'][5]['key']}",
        "indicator/vesi",
    ]


def every_kind_rows(base: dict) -> list[ProposalRow]:
    """``proposal_rows`` and an accepted proposal behind every change of ``every_kind_draft``."""
    rows = proposal_rows(base)[:4]
    for number, ref in enumerate(every_kind_refs(base), start=10):
        rows.append(
            ProposalRow(
                id=number,
                target_ref=ref,
                focus_area_key=ref.split("/")[1] if ref.startswith("focus_area/") else None,
                kind="free",
                text="Muutos.",
                original_text="",
                rationale="",
                group_name="Yritykset",
                supports=5,
                opposes=1,
                status="decided",
                outcome="accepted",
                council_wording="",
                reason=f"Perustelu {number}.",
                decided_at=DECIDED,
            )
        )
    return rows


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """LibreOffice headless with a profile of its own (concurrent runs do not share one)."""
    executable = shutil.which("soffice") or shutil.which("libreoffice")
    assert executable, "LibreOffice is needed: apt-get install libreoffice-writer"
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(docx_bytes: bytes, directory) -> bytes:
        source = directory / "draft.docx"
        source.write_bytes(docx_bytes)
        run_conversion(executable, profile, source, directory, "pdf")
        return (directory / "draft.pdf").read_bytes()

    return convert
