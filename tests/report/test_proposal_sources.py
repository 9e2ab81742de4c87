"""The proposals domain hands the draft what a reader needs: merged supports said apart,
comments of duplicates with their proposal, hidden proposals only as a count and a reason."""

from tests.proposals.conftest import CHALLENGE, FOCUS_AREA, SOLUTION, open_kind
from tests.review.conftest import make_participant  # noqa: F401
from workshop.extensions import db
from workshop.proposals import services as proposals
from workshop.proposals.services import ProposalInput
from workshop.report import sources
from workshop.report.data import collect
from workshop.report.document import build_docx
from workshop.review.models import StepKind


def _propose(review_round, author, kind, target, text, **values):
    proposal, _ = proposals.create_proposal(
        review_round,
        ProposalInput(kind=kind, target_ref=target, text=text, rationale="Perustelu", **values),
        participant=author,
    )
    return proposal


def test_domain_rows_say_merged_supports_apart_and_keep_hidden_text_out(
    app,
    review_round,
    make_participant,  # noqa: F811
    facilitator,
    read_docx,
    monkeypatch,
):
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 2)
    people = [make_participant(group) for group in ["klusterit"] * 4 + ["yritykset"]]
    open_kind(people[0].session, StepKind.PROPOSALS)
    original = _propose(review_round, people[0], "add_solution", CHALLENGE, "Vetykoulutus")
    duplicate = _propose(review_round, people[1], "add_solution", CHALLENGE, "Vetykoulutusta")
    hidden = _propose(review_round, people[2], "free", f"focus_area/{FOCUS_AREA}", "RUMA SANA")
    target = _propose(
        review_round, people[3], "change_target", "indicator/yrityskanta", "", target_value=25000
    )
    _propose(review_round, people[4], "reword", SOLUTION, "Uusi sanamuoto")
    for person in people[:2]:
        proposals.set_support(original, person, 1)
    for person in people[2:]:
        proposals.set_support(duplicate, person, 1)
    proposals.add_comment(original, "Hyvä ajatus", participant=people[1])
    proposals.add_comment(duplicate, "Samaa mieltä", participant=people[2])
    proposals.add_comment(duplicate, "Ja minä", participant=people[3])
    proposals.add_comment(original, "Yrityksiltä", participant=people[4])
    proposals.add_comment(original, "Fasilitaattorin huomio", user=facilitator)
    spam = proposals.add_comment(original, "POISTETTU KOMMENTTI", participant=people[0])
    proposals.hide_comment(spam, "Asiaton")
    proposals.merge(duplicate, original)
    proposals.hide(hidden, "Asiaton kielenkäyttö")
    db.session.commit()

    rows = {row.id: row for row in sources.proposal_rows(review_round)}
    assert rows[original.id].supports == 5 and rows[original.id].merged_supports == 3
    assert rows[original.id].merged_ids == (duplicate.id,)
    assert rows[duplicate.id].merged_into == original.id
    assert rows[hidden.id].text == "" and rows[hidden.id].hidden_reason == "Asiaton kielenkäyttö"
    assert rows[target.id].target_value == 25000

    data = collect(review_round, proposals=list(rows.values()))
    assert {row.id for row in data.set_aside} == {duplicate.id, hidden.id}
    doc = read_docx(build_docx(data))
    paragraphs = [p.text for p in doc.document.paragraphs]
    head = next(p for p in paragraphs if p.startswith(f"Ehdotus {original.id} · "))
    assert "puolesta 5 (joista 3 yhdistetyistä ehdotuksista), vastaan 0" in head
    # Three from clusters commented (the duplicate's comments count here) and one business:
    # one is too few to name alone, and "other groups" of one would name them too, so the
    # participants are counted only together; the facilitator's comment is counted apart.
    summary = next(p for p in paragraphs if p.startswith("Kommentteja "))
    assert summary == "Kommentteja 5: Osallistujat 4, Fasilitaattorit 1"
    assert "”Samaa mieltä”" in paragraphs
    assert "Moderoinnissa piilotettuja kommentteja: 1" in paragraphs
    assert any(p.startswith("Haaste: ") for p in paragraphs)
    assert any(p.startswith("Nykyinen tavoite: ") for p in paragraphs)
    assert any(p.startswith("Ehdotettu tavoite: ") and "25" in p for p in paragraphs)
    assert any(p.startswith("Nykyinen teksti: ") for p in paragraphs)
    text = doc.all_text()
    assert "RUMA SANA" not in text and "POISTETTU KOMMENTTI" not in text
    assert f"yhdistetty ehdotukseen {original.id}" in text
    assert "piilotettu moderoinnissa: Asiaton kielenkäyttö" in text
    assert "Vetykoulutusta" not in text  # a duplicate's text is counted, not repeated
