"""What the assistant answers: the strategy's sentences with where they stand, indicators with
their values, the area being scored first, a plain "nothing found", Finnish numbers."""

import pytest

from workshop.assistant import services
from workshop.assistant.flows.common import shorten
from workshop.evidence.services import set_indicator_value
from workshop.extensions import db


def ask(text, locale="fi"):
    return services.ask(text, locale)["reply"]


def test_an_answer_names_theme_focus_area_and_challenge(strategy_version):
    reply = ask("vesivoimalat")
    assert (
        "• Ilmastoviisas › Energian tuotanto ja varastointi › Tuotetun energian varastointi: "
        "”Vesivoiman varastopotentiaalin hyödyntäminen” (ratkaisu)"
    ) in reply


def test_a_challenge_comes_with_its_solutions(strategy_version):
    reply = ask("sote-alan työvoimapula")
    assert "Palveluiden ja työvoiman saatavuus (haaste): ratkaisuina ”Ammattitaitoinen" in reply


def test_a_narrative_question_gets_the_sentence_that_answers(strategy_version):
    reply = ask("Mitä tarkoittaa älykäs erikoistuminen?")
    assert reply.splitlines()[1].startswith(
        "• Älykäs erikoistuminen: ”Älykäs erikoistuminen on alueen innovaatiopolitiikkaa"
    )
    assert "Maatalouden päästöt" not in reply
    english = ask("what is smart specialisation", "en")
    assert "”Smart specialisation is a region's innovation policy" in english


def test_an_indicator_question_gets_baseline_target_and_latest_value(strategy_version):
    reply = ask("Mikä on T&K-menojen tavoite?")
    assert (
        "Pohjois-Pohjanmaan T&K-menot (mittari): lähtötaso 732,6 m/€ (2019), "
        "tavoite 0,9 mrd/€ (2025), arvoja ei ole vielä kirjattu."
    ) in reply
    # On the straight path from 732,6 (2019) to 900 (2025), 2023 expects about 844.
    set_indicator_value(strategy_version.strategy, "tk-menot", 2023, 850.5)
    db.session.commit()
    reply = ask("Mikä on T&K-menojen tavoite?")
    assert "viimeisin arvo 850,5 m/€ (2023): tavoitteen mukainen" in reply
    english = ask("what is the target for R&D expenditure", "en")
    assert "latest value 850.5 € m (2023): on track" in english
    set_indicator_value(strategy_version.strategy, "tk-menot", 2024, 800)
    db.session.commit()
    assert "viimeisin arvo 800 m/€ (2024): ei tavoitteen mukainen" in ask("T&K-menot")


def test_a_typo_is_said_as_it_was_read(strategy_version):
    reply = ask("vetytaloudesra")
    assert reply.startswith("Tulkitsin: ”vetytaloudesra” → ”vetytaloudessa”.")
    assert "Vedyn tuotannon ja verkoston kehittäminen" in reply


def test_nothing_found_offers_questions_that_find_something(strategy_version):
    reply = ask("mikä on pizzan hinta")
    lines = reply.splitlines()
    assert lines[0] == "En löytänyt tästä mitään strategiasta. Voit kysyä esimerkiksi:"
    examples = [line.removeprefix("• ") for line in lines[1:]]
    assert len(examples) == 3
    for example in examples:
        assert ask(example).startswith("Strategiassa sanotaan näin:"), example


def test_thanks_is_answered_kindly(strategy_version):
    assert services.ask("kiitos!")["reply"] == "Ole hyvä! Kysy milloin vain."


def test_a_question_while_scoring_prefers_the_area_being_scored(participant, scoring_step):
    services.prompt(participant)
    area = services.state_of(participant)["cursor"][1]
    messages = services.handle_message(participant, text="koulutus")
    answer = messages[0]
    assert answer["intent"] == "question"
    assert answer["quotes"][0]["focus_area"] == area
    assert messages[-1]["focus_area"] == area  # and the open question again


@pytest.mark.parametrize(
    ("text", "limit", "shortened"),
    [
        ("Energian varastointi", 40, "Energian varastointi"),
        ("Kuinka ajankohtainen painopisteala on strategiassa", 30, "Kuinka ajankohtainen…"),
        ("Pitkäsanaisuus", 8, "Pitkäsa…"),  # one word longer than the room,
    ],
)
def test_labels_are_cut_at_a_word(text, limit, shortened):
    assert shorten(text, limit) == shortened
    assert len(shorten(text, limit)) <= limit
