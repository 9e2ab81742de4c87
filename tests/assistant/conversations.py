"""Scripted whole conversations with the assistant, in Finnish and English, that check the
database after every message. Each runs on a chat: in the test process (``ServiceChat``) or
through a real HTTP and Socket.IO server (``SocketChat``), as the participant page talks."""

from __future__ import annotations

import uuid

import requests
import socketio
from sqlalchemy import select

from workshop.assistant import services
from workshop.extensions import db
from workshop.proposals.models import Proposal
from workshop.review import participation
from workshop.review.models import Answer, Participant

PROGRESS, RELEVANCE = "edistyminen", "ajankohtaisuus"
DIGITAL, HEALTH = "digitaaliset-palvelut", "terveys-ja-hyvinvointi"


class ServiceChat:
    """The chat through the assistant's services, committed after every message."""

    def __init__(self, session, group="klusterit", locale="fi"):
        self.participant = participation.join_session(session, group, locale=locale)
        db.session.commit()
        self.participant_id = self.participant.id

    def prompt(self, visit=False) -> list[dict]:
        messages = services.prompt(self.participant, visit=visit)
        db.session.commit()
        return messages

    def send(self, text="", reply="", label="") -> list[dict]:
        messages = services.handle_message(self.participant, text=text, reply=reply, label=label)
        db.session.commit()
        return messages

    def form_answer(self, step, question, area, value, reason="") -> None:
        """An answer given in the form tab ("Lomake"), through the form's own service."""
        participation.submit_answer(
            self.participant,
            submission_id=uuid.uuid4().hex,
            step_id=step.id,
            question_key=question,
            focus_area_key=area,
            value=value,
            reason=reason,
        )
        db.session.commit()

    def close(self) -> None:
        pass


class SocketChat:
    """The chat as the participant page has it: joined with ``POST /api/join``, connected to
    Socket.IO with the token, sending the page's ``assistant:*`` and ``answer:submit`` events."""

    TIMEOUT = 15

    def __init__(self, base_url, session, group="klusterit", locale="fi"):
        joined = requests.post(
            f"{base_url}/api/join",
            json={"code": session.join_code, "group": group, "locale": locale},
            timeout=self.TIMEOUT,
        ).json()
        assert joined["ok"], joined
        self.participant_id = joined["participant_id"]
        self.client = socketio.Client(reconnection=False)
        self.client.connect(base_url, auth={"token": joined["token"]}, wait_timeout=self.TIMEOUT)

    def _call(self, event, payload) -> dict:
        ack = self.client.call(event, payload, timeout=self.TIMEOUT)
        assert ack["ok"], ack
        db.session.expire_all()  # the server wrote in its own transaction
        return ack

    def prompt(self, visit=False) -> list[dict]:
        return self._call("assistant:prompt", {"visit": visit})["messages"]

    def send(self, text="", reply="", label="") -> list[dict]:
        payload = {"text": text} if text else {"reply": reply, "label": label or reply}
        return self._call("assistant:message", payload)["messages"]

    def form_answer(self, step, question, area, value, reason="") -> None:
        self._call(
            "answer:submit",
            {
                "submission_id": uuid.uuid4().hex,
                "step_id": step.id,
                "question": question,
                "focus_area": area,
                "value": value,
                "reason": reason,
            },
        )

    def close(self) -> None:
        self.client.disconnect()


def answers(chat) -> dict[tuple[str, str], tuple[int | None, str]]:
    """The chat participant's Answer rows: (question, focus area) → (value, reason)."""
    db.session.expire_all()
    rows = db.session.scalars(select(Answer).where(Answer.participant_id == chat.participant_id))
    return {(a.question.key, a.focus_area_key): (a.value, a.reason) for a in rows}


def proposals(chat) -> list[tuple]:
    """The chat participant's Proposal rows: (kind, target, focus area, text, rationale)."""
    db.session.expire_all()
    rows = db.session.scalars(
        select(Proposal).where(Proposal.participant_id == chat.participant_id)
    )
    return [(p.kind, p.target_ref, p.focus_area_key, p.text, p.rationale) for p in rows]


def asked(messages) -> tuple[str, str] | None:
    """The question the last message asks, as (question, focus area)."""
    last = messages[-1]
    return (last["question"], last["focus_area"]) if last.get("intent") == "ask" else None


def values(message) -> list[str]:
    return [reply["value"] for reply in message["quick_replies"]]


# The conversations ----------------------------------------------------------------------


def reasons_with_ordinary_words_are_kept(chat, step):
    """Reasons with "muutama", "ohjelmisto", "tuloksia", "apua" are reasons, on the answer
    asked, and the walk-through goes on where it was."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    assert chat.send("5")[-1]["intent"] == "ask_reason"
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, "")}
    reason = "Muutama ohjelmistoyritys kasvoi, tuloksia näkyy maakuntaohjelman hankkeissa."
    messages = chat.send(reason)
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, reason)}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    assert chat.send("1")[-1]["intent"] == "ask_reason"
    messages = chat.send("Tulokset.")
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (1, "Tulokset.")
    assert asked(messages) == (PROGRESS, HEALTH)
    # A score on its own while a reason is asked is a new score for the same question.
    assert chat.send("5")[-1]["intent"] == "ask_reason"
    assert chat.send("4")[-1]["intent"] == "ask"
    assert answers(chat)[(PROGRESS, HEALTH)] == (4, "")
    assert chat.send("1")[-1]["intent"] == "ask_reason"
    messages = chat.send("ohita")
    assert answers(chat)[(RELEVANCE, HEALTH)] == (1, "")
    assert len(answers(chat)) == 4
    assert asked(messages) == (PROGRESS, "uudistuva-teollisuus")
    assert "4/6" in chat.send("missä mennään?")[0]["text"]


def a_change_writes_only_the_chosen_answer(chat, step):
    """A change names the question and the old and new value, and writes that answer only;
    a number typed instead of a choice is not taken as one."""
    chat.prompt()
    chat.send("3")
    assert asked(chat.send("4")) == (PROGRESS, HEALTH)
    messages = chat.send("muuta")
    assert messages[-1]["intent"] == "change"
    assert values(messages[-1]) == [
        f"cell:{PROGRESS}|{DIGITAL}",
        f"cell:{RELEVANCE}|{DIGITAL}",
        "cancel",
    ]
    messages = chat.send("2")
    assert messages[-1]["intent"] == "change"
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (4, "")}
    messages = chat.send("ajankohtainen")
    assert messages[-1]["intent"] == "change_value"
    assert "Kuinka ajankohtainen painopisteala on edelleen?" in messages[-1]["text"]
    assert "on nyt 4" in messages[-1]["text"]
    messages = chat.send("2")
    assert "4 → 2" in messages[0]["text"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (2, "")}
    # The walk-through goes on at the question it had reached.
    assert asked(messages) == (PROGRESS, HEALTH)
    messages = chat.send("haluan muuttaa vastaustani")
    chat.send(reply=f"cell:{PROGRESS}|{DIGITAL}")
    messages = chat.send("peru")
    assert messages[0]["intent"] == "cancelled"
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (2, "")}
    assert asked(messages) == (PROGRESS, HEALTH)


def hedged_scores_are_confirmed_first(chat, step):
    """ "3,5", "kolme ja puoli", "ehkä 2", "3 tai 4" store nothing until a number is chosen."""
    chat.prompt()
    messages = chat.send("3,5")
    assert messages[-1]["intent"] == "confirm_score"
    assert values(messages[-1]) == ["score:3", "score:4", "cancel"]
    assert answers(chat) == {}
    messages = chat.send(reply="score:4", label="4")
    assert answers(chat) == {(PROGRESS, DIGITAL): (4, "")}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    assert chat.send("kolme ja puoli, koska kehitys on hidasta")[-1]["intent"] == "confirm_score"
    messages = chat.send("peru")
    assert len(answers(chat)) == 1
    assert asked(messages) == (RELEVANCE, DIGITAL)
    assert chat.send("ehkä 2")[-1]["intent"] == "confirm_score"
    chat.send("kyllä")
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (2, "")
    chat.send("3 tai 4 koska hoitajia puuttuu")
    assert chat.send("jotain siltä väliltä")[-1]["intent"] == "confirm_score"
    assert len(answers(chat)) == 2
    messages = chat.send("4")
    assert answers(chat)[(PROGRESS, HEALTH)] == (4, "koska hoitajia puuttuu")
    assert asked(messages) == (RELEVANCE, HEALTH)


def the_form_answer_is_shown_before_it_is_replaced(chat, step):
    """An answer given in the form is shown, and replaced only after a yes."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    chat.form_answer(step, PROGRESS, DIGITAL, 2, "lomakkeelta")
    messages = chat.send("4")
    assert messages[-1]["intent"] == "replace"
    assert "2 (lomakkeelta)" in messages[-1]["text"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (2, "lomakkeelta")}
    messages = chat.send("kyllä")
    assert "2 → 4" in messages[0]["text"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (4, "lomakkeelta")}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    chat.form_answer(step, RELEVANCE, DIGITAL, 3)
    assert chat.send("5")[-1]["intent"] == "replace"
    messages = chat.send(reply="no", label="Pidä 3")
    assert messages[0]["intent"] == "kept"
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (3, "")
    assert asked(messages) == (PROGRESS, HEALTH)


def a_proposal_is_made_with_typed_choices(chat, step):
    """At every step that offers buttons, typed words are matched to the buttons' labels, or
    the buttons come again; the proposal is stored only after the confirmation."""
    chat.prompt()
    text = "Pitäisi lisätä vetytalouden osaamiskeskus Ouluun"
    assert chat.send(text)[-1]["intent"] == "suggestion"
    assert chat.send("kyllä")[-1]["intent"] == "proposal_area"
    assert chat.send("12")[-1]["intent"] == "proposal_area"
    messages = chat.send("energia")
    assert messages[-1]["intent"] == "proposal_element"
    assert "Energian tuotanto ja varastointi" in messages[-1]["text"]
    assert chat.send("koko painopisteala")[-1]["intent"] == "proposal_kind"
    assert chat.send("jotain")[-1]["intent"] == "proposal_kind"
    assert chat.send("uusi haaste")[-1]["intent"] == "proposal_rationale"
    rationale = "Muutama tutkimusryhmä tekee jo tätä, ja tuloksia on."
    assert chat.send(rationale)[-1]["intent"] == "proposal_confirm"
    assert proposals(chat) == []
    messages = chat.send("joo")
    assert messages[0]["intent"] == "proposal_submitted"
    assert proposals(chat) == [("add_challenge", "focus_area/energia", "energia", text, rationale)]
    assert answers(chat) == {}
    assert asked(messages) == (PROGRESS, DIGITAL)


def an_english_conversation(chat, step):
    """In English: an ordinary reason, a hedged score, a change of the chosen answer."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    assert chat.send("1")[-1]["intent"] == "ask_reason"
    reason = "Climate change makes this urgent; a help desk for results-based funding would help."
    messages = chat.send(reason)
    assert answers(chat) == {(PROGRESS, DIGITAL): (1, reason)}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    messages = chat.send("about 4")
    assert messages[-1]["intent"] == "confirm_score"
    assert "Shall I record 4" in messages[-1]["text"]
    assert len(answers(chat)) == 1
    chat.send("yes")
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (4, "")
    messages = chat.send("change")
    assert messages[-1]["intent"] == "change"
    messages = chat.send("progressed")
    assert messages[-1]["intent"] == "change_value"
    assert "How well has the focus area progressed?" in messages[-1]["text"]
    assert "is now 1" in messages[-1]["text"]
    assert chat.send("3.5")[-1]["intent"] == "confirm_score"
    assert answers(chat)[(PROGRESS, DIGITAL)] == (1, reason)
    messages = chat.send("3")
    assert "1 → 3" in messages[0]["text"]
    # The value changes; the reason given before stays, as in the form.
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, reason), (RELEVANCE, DIGITAL): (4, "")}
    assert asked(messages) == (PROGRESS, HEALTH)
    messages = chat.send("What does the strategy say about software?")
    assert messages[0]["intent"] == "question"
    assert asked(messages) == (PROGRESS, HEALTH)


CONVERSATIONS = [
    (reasons_with_ordinary_words_are_kept, "fi"),
    (a_change_writes_only_the_chosen_answer, "fi"),
    (hedged_scores_are_confirmed_first, "fi"),
    (the_form_answer_is_shown_before_it_is_replaced, "fi"),
    (a_proposal_is_made_with_typed_choices, "fi"),
    (an_english_conversation, "en"),
]


def participant_of(chat) -> Participant:
    return db.session.get(Participant, chat.participant_id)
