"""A round's free texts by focus area: reasons, proposals, rationales, comments, chat."""

from workshop.assistant.models import Message
from workshop.extensions import db
from workshop.proposals.models import Comment, Proposal
from workshop.review.models import Answer, Question
from workshop.review.participation import remove_participant
from workshop.synthesis.collect import round_texts


def _answer(participant, area, value, reason, question):
    answer = Answer(
        participant_id=participant.id,
        question_id=question.id,
        focus_area_key=area,
        group_id=participant.group_id,
        session_id=participant.session_id,
        value=value,
        reason=reason,
    )
    db.session.add(answer)
    return answer


def _proposal(review_round, participant, area, text, rationale, status="published"):
    proposal = Proposal(
        round_id=review_round.id,
        participant_id=participant.id,
        group_id=participant.group_id,
        kind="free",
        target_ref=f"focus_area/{area}",
        focus_area_key=area,
        text=text,
        original_text=text,
        rationale=rationale,
        status=status,
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def test_every_kind_of_text_is_collected_by_focus_area_without_names(
    review_round, make_participant
):
    question = db.session.query(Question).filter_by(round_id=review_round.id).first()
    cluster = make_participant("klusterit")
    company = make_participant("yritykset")
    cluster.name, company.name = "Matti Meikäläinen", "Maija Mallikas"
    reason = _answer(cluster, "energia", 2, "Tuulivoiman luvitus kestää", question)
    _answer(company, "energia", 4, "", question)  # no reason: no text
    proposal = _proposal(
        review_round, company, "energia", "Lisätään akkuvarastot", "Tuuli vaihtelee"
    )
    _proposal(review_round, company, "energia", "Odottaa hyväksyntää", "", status="held")
    comment = Comment(
        proposal_id=proposal.id,
        participant_id=cluster.id,
        group_id=cluster.group_id,
        text="Hyvä ajatus, vety myös",
    )
    hidden = Comment(
        proposal_id=proposal.id,
        participant_id=cluster.id,
        group_id=cluster.group_id,
        text="piilotettu",
        hidden=True,
    )
    waiting = Comment(
        proposal_id=proposal.id,
        participant_id=cluster.id,
        group_id=cluster.group_id,
        text="odottaa moderointia",
        held=True,
    )
    db.session.add_all([comment, hidden, waiting])
    said = Message(
        participant_id=company.id,
        role="user",
        text="Pitäisi lisätä tuulivoimaloiden huoltokoulutusta",
    )
    db.session.add(said)
    db.session.flush()
    db.session.add(
        Message(
            participant_id=company.id, role="assistant", text="...", data={"intent": "suggestion"}
        )
    )
    db.session.commit()

    texts = round_texts(review_round)

    energia = {text.id: text for text in texts["energia"]}
    assert energia[f"reason:{reason.id}"].score == 2.0
    assert energia[f"reason:{reason.id}"].group == "klusterit"
    assert energia[f"proposal:{proposal.id}"].text == "Lisätään akkuvarastot"
    assert energia[f"rationale:{proposal.id}"].kind == "rationale"
    assert energia[f"comment:{comment.id}"].score is None
    assert "piilotettu" not in {t.text for t in energia.values()}
    assert "odottaa moderointia" not in {t.text for t in energia.values()}  # held: not yet seen
    assert "Odottaa hyväksyntää" not in {t.text for t in energia.values()}
    chat = [t for t in texts.get("energia", []) + sum(texts.values(), []) if t.kind == "chat"]
    assert chat and chat[0].id == f"chat:{said.id}" and chat[0].group == "yritykset"
    everything = " ".join(t.text for area in texts.values() for t in area)
    assert "Meikäläinen" not in everything and "Mallikas" not in everything
    assert "Org" not in {t.group for area in texts.values() for t in area}


def test_a_removed_participants_texts_are_left_out(review_round, make_participant, facilitator):
    question = db.session.query(Question).filter_by(round_id=review_round.id).first()
    kept, removed = make_participant("kunnat"), make_participant("kunnat")
    _answer(kept, "energia", 3, "Verkko ei riitä", question)
    _answer(removed, "energia", 1, "Roskapostia", question)
    db.session.commit()
    remove_participant(removed, "spam", actor=facilitator)
    db.session.commit()
    assert [t.text for t in round_texts(review_round)["energia"]] == ["Verkko ei riitä"]


def test_a_text_knows_its_language(review_round, make_participant):
    question = db.session.query(Question).filter_by(round_id=review_round.id).first()
    person = make_participant("yritykset")
    _answer(person, "energia", 2, "Permitting takes years", question)
    db.session.commit()
    (text,) = round_texts(review_round)["energia"]
    assert text.lang == "en"


def test_warming_a_round_stores_the_features_of_its_texts_once(review_round, make_participant):
    from sqlalchemy import select

    from workshop.synthesis import features
    from workshop.synthesis.collect import warm_round
    from workshop.synthesis.models import TextFeature

    question = db.session.query(Question).filter_by(round_id=review_round.id).first()
    person = make_participant("kunnat")
    _answer(person, "energia", 3, "Jakeluverkkoa pitää vahvistaa maaseudulla", question)
    db.session.commit()
    features.forget_cache()
    assert warm_round(review_round.id) == 1
    assert warm_round(review_round.id) == 0
    keys = set(db.session.scalars(select(TextFeature.key)))
    assert features.text_key("Jakeluverkkoa pitää vahvistaa maaseudulla") in keys
