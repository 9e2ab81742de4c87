"""Fixtures of the results exports: a round with scores, reasons and a proposal, the round
before it, and LibreOffice to open what is written."""

import shutil

import pytest

from tests.proposals.conftest import open_kind
from tests.review.conftest import make_round  # noqa: F401
from tests.soffice import run_conversion
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.proposals.services import ProposalInput
from workshop.review import participation, services
from workshop.review.models import Answer, StepKind

# Six from the clusters, five companies, two municipalities: with the minimum of five the
# clusters are shown alone and the companies and municipalities only together ("other
# groups"), because the two municipalities alone would be fewer than five.
PEOPLE = ("klusterit",) * 6 + ("yritykset",) * 5 + ("kunnat",) * 2
INJECTION = '=HYPERLINK("http://x")'


def add_answers(review_round, session, people, areas, value_of, reason_of=lambda *_: ""):
    for index, person in enumerate(people):
        for area in areas:
            for question in review_round.questions:
                db.session.add(
                    Answer(
                        participant_id=person.id,
                        group_id=person.group_id,
                        question_id=question.id,
                        focus_area_key=area.key,
                        session_id=session.id,
                        value=value_of(index, question),
                        reason=reason_of(index, area, question),
                    )
                )
    db.session.commit()


def held_session(review_round, title):
    session = services.create_session(review_round, title, "Kaupungintalo")
    services.set_session_status(session, "open")
    db.session.commit()
    return session


@pytest.fixture
def previous_round(make_round):  # noqa: F811
    """Last year's round: everyone gave 2 to the first focus area."""
    earlier = make_round("Vuosiarviointi 2025", 2025)
    session = held_session(earlier, "Oulu 2025")
    people = [participation.join_session(session, group, locale="fi") for group in PEOPLE]
    add_answers(earlier, session, people, earlier.strategy_version.focus_areas[:1], lambda *_: 2)
    return earlier


@pytest.fixture
def scored_round(make_round, previous_round, make_user):  # noqa: F811
    """This year's round: thirteen people scored the first two focus areas (the clusters 5,
    the companies 3, the municipalities 1; "don't know" from the last municipality on the
    second question), with reasons, one of which looks like a formula; and one proposal."""
    review_round = make_round("Vuosiarviointi 2026", 2026)
    session = held_session(review_round, "Oulu")
    people = [
        participation.join_session(
            session, group, organisation="Yritys Oy", name="Maija Meikäläinen", locale="fi"
        )
        for group in PEOPLE
    ]
    scores = {"klusterit": 5, "yritykset": 3, "kunnat": 1}
    second = review_round.questions[1].key

    def value_of(index, question):
        if index == len(PEOPLE) - 1 and question.key == second:
            return None
        return scores[PEOPLE[index]]

    def reason_of(index, area, question):
        if index == 0 and question.key != second:
            return INJECTION
        return f"Perustelu {index} {area.key}" if index in (1, 11) else ""

    add_answers(
        review_round,
        session,
        people,
        review_round.strategy_version.focus_areas[:2],
        value_of,
        reason_of,
    )
    area = review_round.strategy_version.focus_areas[0]
    open_kind(session, StepKind.PROPOSALS)
    accepted, _ = proposal_services.create_proposal(
        review_round,
        ProposalInput(
            kind="add_challenge",
            target_ref=f"focus_area/{area.key}",
            text="@SUM(A1:A9) vety",
            rationale="Perustelu",
        ),
        participant=people[0],
    )
    hidden, _ = proposal_services.create_proposal(
        review_round,
        ProposalInput(
            kind="add_challenge", target_ref=f"focus_area/{area.key}", text="Soita Maijalle 040 123"
        ),
        participant=people[1],
    )
    proposal_services.hide(hidden, "Henkilötietoja")
    council = make_user("neuvosto@example.org", role="council", name="Neuvoston Jäsen")
    proposal_services.decide(accepted, "accepted", "Hyvä ajatus", council)
    db.session.commit()
    return review_round


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """LibreOffice headless with a profile of its own: ``convert(path, "csv"|"pdf")``."""
    executable = shutil.which("soffice") or shutil.which("libreoffice")
    assert executable, "LibreOffice is needed: apt-get install libreoffice-calc"
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(source, target: str, *, sheet: int | None = None):
        directory = source.parent
        filter_name = target
        if target == "csv":
            # Calc's CSV filter: ';' (59), UTF-8 (76), quotes ("34"); sheet N of the workbook.
            options = f"59,34,76,1,,0,false,true,false,false,false,{sheet or 1}"
            filter_name = f"csv:Text - txt - csv (StarCalc):{options}"
        output, errors = run_conversion(executable, profile, source, directory, filter_name)
        produced = sorted(directory.glob(f"{source.stem}*.{target}"))
        assert produced, (output, errors)
        return produced

    return convert
