"""The update draft wired to the other domains: real proposals, decisions, the stored draft of
the next version, and indicator values."""

from tests.proposals.conftest import open_kind
from tests.review.conftest import make_participant, participant  # noqa: F401
from workshop.evidence.models import IndicatorValue
from workshop.extensions import db
from workshop.proposals import services as proposals
from workshop.proposals.services import ProposalInput
from workshop.report.services import report_docx
from workshop.review.models import StepKind
from workshop.strategy.diff import flatten
from workshop.strategy.export import version_to_dict


def _first(elements, kind):
    return next(element for element in elements.values() if element.kind == kind)


def test_accepted_proposals_become_tracked_changes_with_the_reason_as_comment(
    review_round,
    participant,  # noqa: F811  (the imported fixture)
    facilitator,
    read_docx,
):
    open_kind(participant.session, StepKind.PROPOSALS)  # proposals follow the open step
    elements = flatten(version_to_dict(review_round.strategy_version))
    solution = _first(elements, "solution")
    challenge = _first(elements, "challenge")
    reword, _ = proposals.create_proposal(
        review_round,
        ProposalInput(kind="reword", target_ref=solution.ref, text="Uusi muotoilu ratkaisulle"),
        participant=participant,
    )
    rejected, _ = proposals.create_proposal(
        review_round,
        ProposalInput(kind="remove", target_ref=challenge.ref, rationale="Vanhentunut"),
        participant=participant,
    )
    hidden, _ = proposals.create_proposal(
        review_round,
        ProposalInput(kind="free", target_ref=challenge.parent_ref, text="Asiaton viesti"),
        participant=participant,
    )
    proposals.set_support(reword, participant, 1)
    proposals.hide(hidden, "Asiaton")
    proposals.decide(reword, "accepted", "Selkeämpi muotoilu.", facilitator)
    proposals.decide(rejected, "rejected", "Haaste on yhä ajankohtainen.", facilitator)
    strategy = review_round.strategy_version.strategy
    indicator = _first(elements, "indicator").ref.split("/", 1)[1]
    db.session.add(
        IndicatorValue(strategy_id=strategy.id, indicator_key=indicator, year=2025, value=24321)
    )
    db.session.commit()

    doc = read_docx(report_docx(review_round))

    inserted = " ".join(doc.texts("//w:ins"))
    deleted = " ".join(doc.texts("//w:del"))
    # Rewritten whole: the old wording is a tracked deletion, the council's a tracked insertion.
    assert "Uusi muotoilu ratkaisulle" in inserted
    assert solution.text in deleted
    assert challenge.text not in deleted  # the rejected removal changed nothing
    authors = set(doc.body.xpath("//w:ins/@w:author", namespaces={"w": doc.body.nsmap["w"]}))
    assert authors == {"Pohjois-Pohjanmaan liitto"}
    comments = "".join(doc.comments.xpath("//w:t/text()", namespaces=doc.comments.nsmap))
    assert "Selkeämpi muotoilu." in comments
    text = doc.all_text()
    assert "Haaste on yhä ajankohtainen." in text  # the rejection is in the annex
    assert "Asiaton viesti" not in text  # hidden proposals stay out of the council's draft
    assert "24\xa0321" in text  # the latest value, with a no-break space between thousands
