# ruff: noqa: F811  (fixtures imported from other test modules are used as arguments)
"""The draft's chapter of open questions, polls and prioritisation: approved answers only,
withheld small polls, Borda-ranked priorities; LibreOffice opens it."""

import subprocess

from workshop.extensions import db
from workshop.report.services import report_docx
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import StepKind
from workshop.steps import services
from workshop.steps.config import step_config

PROMPT = "Mitä strategiasta puuttuu?"


def run_steps(review_round, session, facilitator, people=5):
    steps = {
        kind: review_services.add_step(
            session,
            kind,
            "",
            ["energia", "bio-ja-kiertotalous"] if kind == StepKind.PRIORITY else None,
            step_config(
                kind,
                prompt={StepKind.OPEN_QUESTION: PROMPT}.get(kind, f"Kysymys {kind}"),
                options=["Kyllä", "Ei"],
                max_picks=2,
                ranked=True,
            ),
        )
        for kind in (StepKind.OPEN_QUESTION, StepKind.POLL, StepKind.PRIORITY)
    }
    group = ("klusterit", "yritykset", "kunnat", "viranomaiset", "klusterit")
    persons = [participation.join_session(session, group[n % 5]) for n in range(people)]
    review_services.open_step(steps[StepKind.OPEN_QUESTION])
    for n, person in enumerate(persons):
        text = "Henkilötunnus 010101-123A" if n == 0 else f"Kiertotalouden osaajia {n}"
        answer, _ = services.submit_open_answer(
            person, steps[StepKind.OPEN_QUESTION].id, text, f"client-{n:08d}"
        )
        reason = services.hide_reason("personal_data")
        services.moderate_open_answer(answer, "hide" if n == 0 else "approve", facilitator, reason)
    for kind, choices in ((StepKind.POLL, ["1"]), (StepKind.PRIORITY, ["bio-ja-kiertotalous"])):
        review_services.open_step(steps[kind])
        for person in persons:
            services.submit_choice(person, steps[kind].id, choices)
    db.session.commit()


def test_the_chapter_quotes_approved_answers_and_ranks_priorities(
    review_round,
    open_session,
    facilitator,
    read_docx,
    soffice,
    tmp_path,  # noqa: F811
):
    run_steps(review_round, open_session, facilitator)
    data = report_docx(review_round)
    doc = read_docx(data)
    assert "Avoimet kysymykset, kyselyt ja priorisoinnit" in doc.headings(1)
    assert PROMPT in doc.headings(2)
    text = doc.all_text()
    assert "Kiertotalouden osaajia 4" in text
    assert "010101-123A" not in text  # hidden in moderation: counted, never quoted
    assert "hyväksyi näytettäväksi 4" in text
    assert "kiertotalous (4)" in text or "kiertotalou" in text
    assert "Kyllä" in text and "100 %" in text
    assert "Innovatiivinen bio- ja kiertotalous" in text
    pdf = soffice(data, tmp_path)
    (tmp_path / "draft.pdf").write_bytes(pdf)
    words = subprocess.run(
        ["pdftotext", str(tmp_path / "draft.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert PROMPT in words and "Kiertotalouden osaajia 4" in words


def test_a_small_poll_is_withheld_in_the_draft(review_round, open_session, facilitator, read_docx):  # noqa: F811
    run_steps(review_round, open_session, facilitator, people=3)
    text = read_docx(report_docx(review_round)).all_text()
    assert "vähemmän kuin 5: tuloksia ei näytetä" in text


def test_a_question_asked_in_two_sessions_is_one_section_and_an_unopened_one_none(
    review_round, open_session, facilitator
):
    from workshop.report.step_kinds import sections

    run_steps(review_round, open_session, facilitator)
    second = review_services.create_session(review_round, "Kajaani", "Kajaanin kaupungintalo")
    review_services.set_session_status(second, "open")
    asked_again = review_services.add_step(
        second, StepKind.OPEN_QUESTION, "", None, step_config(StepKind.OPEN_QUESTION, prompt=PROMPT)
    )
    review_services.open_step(asked_again)
    review_services.add_step(  # on the agenda, never opened: nothing to report
        second,
        StepKind.OPEN_QUESTION,
        "",
        None,
        step_config(StepKind.OPEN_QUESTION, prompt="Kysymys, jota ei kysytty"),
    )
    db.session.commit()
    found = {section.prompt: section for section in sections(review_round, "fi")}
    assert "Kysymys, jota ei kysytty" not in found
    assert found[PROMPT].sessions == ("Oulu", "Kajaani")
    assert found[PROMPT].results["approved"] == 4
