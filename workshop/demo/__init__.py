"""The demonstration data of `workshop demo`, composed from each domain's own part: the
review's rounds and workshop, the evidence, the proposals, the recommendations and the
stakeholder register. It sits above the domains, so none of them imports another's demo."""

from __future__ import annotations

import random

from flask import current_app

from workshop.convening.demo import create_demo_register
from workshop.convening.invitation_demo import create_demo_invitations
from workshop.evidence.demo import create_demo_evidence
from workshop.proposals.demo import create_demo_proposals
from workshop.recommendations.demo import create_demo_recommendations
from workshop.review.demo import create_demo_rounds
from workshop.review.models import ReviewRound

# Where the demo invitations' links point when no public address is set (`workshop run`).
DEMO_LINK_BASE = "http://localhost:5000"


def create_demo(participants: int, seed: int) -> ReviewRound:
    """This year's demo round (and last year's) with everything around it; flushes only, the
    caller commits. One ``random.Random(seed)`` drives every random choice, in this order, so
    a seed always gives the same data."""
    rng = random.Random(seed)
    review_round = create_demo_rounds(participants, rng)
    create_demo_evidence(review_round.strategy_version.strategy)
    create_demo_proposals(review_round, rng)
    create_demo_recommendations(review_round)
    create_demo_register()
    create_demo_invitations(
        review_round,
        rng,
        secret_key=current_app.config["SECRET_KEY"],
        link_base=current_app.config.get("PUBLIC_URL") or DEMO_LINK_BASE,
    )
    return review_round
