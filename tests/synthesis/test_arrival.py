"""Features are computed when a text arrives, off the request, once its commit is done."""

from sqlalchemy import select

from workshop.extensions import db
from workshop.proposals import services as proposals
from workshop.proposals.models import Proposal
from workshop.realtime import commit_and_emit
from workshop.synthesis import arrival, features
from workshop.synthesis.models import TextFeature


def test_a_comment_is_queued_after_its_commit_and_its_features_stored(review_round, facilitator):
    proposal = Proposal(
        round_id=review_round.id,
        author_user_id=facilitator.id,
        kind="free",
        target_ref="focus_area/energia",
        focus_area_key="energia",
        text="Lisätään akkuvarastot",
        status="published",
    )
    db.session.add(proposal)
    db.session.commit()
    arrival.take()  # whatever earlier tests left
    said = "Vety olisi parempi kuin akut kausivarastointiin"
    proposals.add_comment(proposal, said, user=facilitator)
    assert arrival.take() == []  # nothing before the commit
    db.session.rollback()  # a failed request: its text never arrived
    proposals.add_comment(proposal, said, user=facilitator)
    commit_and_emit()  # the edge every view and event commits through
    features.forget_cache()
    assert arrival.flush() == 1  # the two comments are one text
    stored = set(db.session.scalars(select(TextFeature.key)))
    assert features.text_key(said) in stored
