"""Proposals of the demonstration round (`workshop demo`): proposals of every kind from
participants of different groups, supports and comments, a merged duplicate, a hidden
message, and council decisions that build the draft of the next version."""

from __future__ import annotations

import random

from sqlalchemy import select

from workshop.extensions import db
from workshop.proposals import services
from workshop.proposals.models import Proposal
from workshop.proposals.services import ProposalInput
from workshop.review import services as review_services
from workshop.review.models import Participant, ReviewRound, StepKind

ENERGY = "focus_area/energia"
HYDROGEN = "focus_area/energia/challenge/energia.h1"

# (group, kind, target, text, rationale, target value); groups are default group keys.
PROPOSALS = [
    (
        "klusterit",
        "add_challenge",
        ENERGY,
        "Vetytalouden osaajapula",
        "Vetyhankkeet etenevät, mutta osaavia tekijöitä ei ole tarpeeksi.",
        None,
    ),
    (
        "yritykset",
        "add_challenge",
        ENERGY,
        "Vetytalouden osaajien puute",
        "Yrityksemme ei löydä vetyteknologian asiantuntijoita.",
        None,
    ),
    (
        "tutkimus-ja-koulutus",
        "add_solution",
        HYDROGEN,
        "Yhteinen vetytalouden koulutusohjelma yliopiston ja ammattikorkeakoulun kesken",
        "Koulutus vastaa suoraan osaajapulaan.",
        None,
    ),
    (
        "kehittamisyhtiot",
        "reword",
        "focus_area/digitaaliset-palvelut/challenge/digitaaliset-palvelut.h1",
        "Digitaalisten palveluiden käyttöönotto ja käytettävyys",
        "Käyttöönotto ei yksin riitä, palveluiden pitää olla helppokäyttöisiä.",
        None,
    ),
    (
        "kunnat",
        "describe_focus_area",
        "focus_area/kestava-rakentaminen",
        "Kestävä rakentaminen kattaa puurakentamisen, korjausrakentamisen ja rakennusten "
        "elinkaaren hiilijalanjäljen pienentämisen.",
        "Kuvaus puuttuu, ja kunnat tarvitsevat sen hankintojen tueksi.",
        None,
    ),
    (
        "viranomaiset",
        "change_target",
        "indicator/tk-menot",
        "1,2 mrd €",
        "Kansallinen tavoite on noussut, alueen tavoitteen pitää seurata sitä.",
        1200,
    ),
    (
        "yritykset",
        "add_measure",
        "measures",
        "Pk-yritysten datatalouden sparraus ja kokeilurahoitus",
        "Pienillä yrityksillä ei ole resursseja kokeilla datan hyödyntämistä.",
        None,
    ),
    (
        "klusterit",
        "remove",
        "focus_area/elintarviketuotanto/challenge/elintarviketuotanto.h5",
        "",
        "Haaste on jo ratkaistu alueen hankkeissa.",
        None,
    ),
    (
        "tutkimus-ja-koulutus",
        "free",
        "theme/ilmastoviisas",
        "Ilmastoviisaan painopisteen tavoitteet pitäisi kytkeä hiilineutraaliustavoitteeseen.",
        "Nyt yhteys jää epäselväksi.",
        None,
    ),
    (
        "kunnat",
        "add_action",
        "focus_area/innovatiivinen-matkailu",
        "Matkailun ympärivuotisuuden kehittäminen",
        "Sesonkivaihtelu on alueen matkailun suurin ongelma.",
        None,
    ),
    ("yritykset", "free", ENERGY, "Tämä on täyttä roskaa!!!", "", None),
]
COMMENTS = [
    "Hyvä ehdotus, kannatan lämpimästi.",
    "Tämä pitäisi kytkeä myös TKI-rahoitukseen.",
    "Miten tätä mitattaisiin?",
    "Sama tarve näkyy myös Raahen seudulla.",
]


def create_demo_proposals(review_round: ReviewRound, rng: random.Random) -> list[Proposal]:
    """Proposals, supports, comments, moderation and decisions in the round (flushes only)."""
    people = list(
        db.session.scalars(
            select(Participant)
            .where(Participant.round_id == review_round.id)
            .order_by(Participant.id)
        )
    )
    if not people:
        return []
    by_group: dict[str, list[Participant]] = {}
    for person in people:
        by_group.setdefault(person.group.key, []).append(person)
    # Proposals and support are taken only in their steps: the demo walks its session
    # through them as a room would, and leaves no step open for the facilitator.
    session = people[0].session
    _open_step(session, StepKind.PROPOSALS)
    made = []
    for group, kind, target, text, rationale, value in PROPOSALS:
        author = rng.choice(by_group.get(group) or people)
        proposal, _ = services.create_proposal(
            review_round,
            ProposalInput(kind, target, text, rationale, target_value=value),
            participant=author,
        )
        made.append(proposal)
    _open_step(session, StepKind.SUPPORT)
    for proposal in made[:-1]:
        share = rng.uniform(0.1, 0.45)
        for person in rng.sample(people, max(1, round(len(people) * share))):
            services.set_support(proposal, person, 1 if rng.random() < 0.8 else -1)
        for text in rng.sample(COMMENTS, rng.randint(0, 2)):
            services.add_comment(proposal, text, participant=rng.choice(people))
    review_services.close_step(session.open_step)
    hydrogen, duplicate = made[0], made[1]
    services.merge(duplicate, hydrogen)
    services.hide(made[-1], "Asiaton kielenkäyttö, ei ehdotusta.")
    _decide(made)
    return made


def _open_step(session, kind: str) -> None:
    review_services.open_step(next(step for step in session.steps if step.kind == kind))


def _decide(made: list[Proposal]) -> None:
    """The council's decisions on part of the proposals; the rest wait for the next meeting."""
    decisions = [
        (made[0], "accepted", "", "Laaja tuki ja selvä tarve."),
        (
            made[2],
            "accepted_with_changes",
            "Yhteinen vetytalouden koulutusohjelma korkeakoulujen ja toisen asteen kesken",
            "Toinen aste mukaan, jotta tekijöitä riittää myös asennustöihin.",
        ),
        (made[3], "accepted", "", "Selkeyttää haastetta."),
        (made[5], "postponed", "", "Odotetaan kansallisen TKI-tavoitteen tarkennusta."),
        (made[6], "accepted", "", "Sopii innovaatioiden levittämisen toimenpiteisiin."),
        (made[7], "rejected", "", "Haaste on yhä ajankohtainen monessa kunnassa."),
        (made[9], "accepted", "", "Ympärivuotisuus on matkailun tärkein kehityskohde."),
    ]
    for proposal, outcome, wording, reason in decisions:
        services.decide(proposal, outcome, reason, None, wording=wording)
