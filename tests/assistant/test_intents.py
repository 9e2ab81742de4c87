"""Rule-based intents in Finnish and English: commands are whole words and phrases, ordinary
sentences are never commands, and half or hedged scores are told apart from plain ones."""

import re
from pathlib import Path

import pytest

from workshop.assistant import intents
from workshop.assistant.intents import detect

ORDINARY = Path(__file__).parent / "data" / "ordinary_messages.tsv"


def ordinary_messages() -> list[tuple[str, str, str]]:
    """(kind, language, text) of every ordinary reason, proposal and question in the table."""
    rows = []
    for line in ORDINARY.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, language, text = line.split("\t")
            rows.append((kind, language, text))
    return rows


def test_the_ordinary_table_is_large_and_bilingual():
    rows = ordinary_messages()
    assert len(rows) >= 200
    assert {language for _kind, language, _text in rows} == {"fi", "en"}
    assert {kind for kind, _language, _text in rows} == {"reason", "proposal", "question"}
    texts = " ".join(text.lower() for _kind, _language, text in rows)
    for word in (
        "ohjelmisto",
        "maakuntaohjelma",
        "muutama",
        "tuloksia",
        "climate change",
        "muutos",
        "tulos",
        "ohjeistus",
        "apuraha",
        "vaihdanta",
        "korjausrakentaminen",
        "results-based",
        "help desk",
    ):
        assert word in texts, word
    about_answers = [
        text
        for _kind, _language, text in rows
        if re.search(r"vastau|answer|score", text, re.IGNORECASE)
    ]
    assert len(about_answers) >= 15
    assert {"fi", "en"} == {language for _kind, language, text in rows if text in about_answers}
    starting_with_digits = [text for _kind, _language, text in rows if text[0].isdigit()]
    for start in ("2 hanketta", "10 vuotta", "5G-verkot", "2025 arviointi"):
        assert any(text.startswith(start) for text in starting_with_digits), start


@pytest.mark.parametrize(("kind", "language", "text"), ordinary_messages())
def test_an_ordinary_sentence_triggers_no_command(kind, language, text):
    intent = detect(text)
    assert intent.name not in intents.COMMANDS
    # While a reason is asked, it is the reason: no command, and not a new score.
    assert intents.command(text) is None
    assert intents.bare_score(text) is None
    if kind == "question":
        assert intent.name == intents.QUESTION


@pytest.mark.parametrize(("kind", "language", "text"), ordinary_messages())
def test_no_ordinary_sentence_is_a_plain_score(kind, language, text):
    intent = detect(text)
    assert intent.name != intents.SCORE
    if intent.name == intents.HEDGED_SCORE:
        # A number that begins a sentence is confirmed first, with the whole text as reason.
        assert intent.opens_sentence and intent.rest == text


@pytest.mark.parametrize(
    "text",
    [
        "Maakunnan pitäisi muuttaa vastaustaan ilmastokriisiin nopeammin",
        "We should update the answers to the housing shortage",
        "Strategian pitäisi korjata vastaus osaajapulaan",
        "Pitäisi muuttaa vastaukset ilmastokriisiin konkreettisemmiksi",
        "The strategy should change its answer to the skills gap",
        "We need to change the answers the strategy gives",
    ],
)
def test_a_proposal_about_answers_is_a_suggestion_not_a_change(text):
    assert detect(text).name == intents.SUGGESTION


@pytest.mark.parametrize(
    "text",
    [
        "muuta vastaustani",
        "Haluan muuttaa vastaukseni",
        "korjaa arvioni",
        "voinko vielä muuttaa pisteitäni?",
        "muuta vastaus",
        "muuta energian vastaus neloseksi",
        "vaihda vastausta",
        "voisitko muuttaa vastauksen?",
        "muutan vastauksen",
        "change my answer",
        "Could you change my score?",
        "I’d like to change my rating",
        "change the answer",
        "please fix the score for energy",
        "how do I change an answer?",
    ],
)
def test_a_change_is_asked_in_the_first_person_or_as_an_order(text):
    assert detect(text).name == intents.CHANGE


@pytest.mark.parametrize(
    "text",
    [
        "Muuta vastausta asuntopulaan ei ole kuin lisärakentaminen",
        "En halua muuttaa vastaustani",
        "I don't want to change my answer",
        "Vastaukseni perustuu yritysten palautteeseen",
        "My answer is based on the funding figures",
        "Alueen pitää muuttaa vastaustaan",
        "The region must update the answers it gives",
    ],
)
def test_other_sentences_about_answers_change_nothing(text):
    assert detect(text).name not in intents.COMMANDS


def test_a_suggestion_word_wins_over_a_change():
    text = "Minun pitäisi muuttaa vastaustani"
    assert detect(text).name == intents.SUGGESTION
    # The change is still seen, so that the offer of a proposal can offer a change too.
    assert intents.matches(intents.CHANGE, text)


@pytest.mark.parametrize(
    ("text", "choices"),
    [
        ("3 uutta yritystä aloitti viime vuonna, mutta en osaa arvioida", (3,)),
        ("2 hanketta käynnistyi", (2,)),
        ("10 vuotta sitten oli toisin", (10,)),
        ("4 hyvä", (4,)),
        ("3 tai 4 hoitajaa puuttuu", (3, 4)),
        ("ehkä 3 hanketta", (3,)),
        ("3,5 miljoonaa euroa käytettiin", (3, 4)),
    ],
)
def test_a_digit_that_begins_a_sentence_is_a_score_to_confirm(text, choices):
    assert detect(text) == intents.Intent(
        intents.HEDGED_SCORE, rest=text, choices=choices, opens_sentence=True
    )


@pytest.mark.parametrize(
    "text",
    ["5G-verkot ovat tärkeitä", "2025 arviointi näytti hitaan kehityksen", "noin kolme yritystä"],
)
def test_a_number_that_is_part_of_a_word_or_a_number_word_is_text(text):
    assert detect(text).name == intents.TEXT


@pytest.mark.parametrize(
    ("text", "value", "rest"),
    [
        ("4", 4, ""),
        ("4.", 4, ""),
        ("4, koska kehitys on hidasta", 4, "koska kehitys on hidasta"),
        ("4 koska kehitys on hidasta", 4, "koska kehitys on hidasta"),
        ("4 because it is slow", 4, "because it is slow"),
        ("4 sillä rahoitus loppui", 4, "sillä rahoitus loppui"),
        ("4/5", 4, ""),
        ("4/5 hyvä kehitys", 4, "hyvä kehitys"),
        ("annan 4", 4, ""),
        ("annan 4 hyvä kehitys", 4, "hyvä kehitys"),
        ("4 – hyvä", 4, "hyvä"),
        ("4 - hyvä", 4, "hyvä"),
        ("4: hyvä", 4, "hyvä"),
    ],
)
def test_a_digit_with_a_separator_or_a_reason_word_is_a_plain_score(text, value, rest):
    assert detect(text) == intents.Intent(intents.SCORE, value, rest)


@pytest.mark.parametrize(
    ("text", "name", "value", "rest"),
    [
        ("4", intents.SCORE, 4, ""),
        ("4/5", intents.SCORE, 4, ""),
        ("neljä", intents.SCORE, 4, ""),
        ("annan 2 koska hidasta", intents.SCORE, 2, "koska hidasta"),
        ("3, because it is slow", intents.SCORE, 3, "because it is slow"),
        ("five", intents.SCORE, 5, ""),
        ("kolme, koska mitään ei tapahtunut", intents.SCORE, 3, "koska mitään ei tapahtunut"),
    ],
)
def test_scores(text, name, value, rest):
    assert detect(text) == intents.Intent(name, value, rest)


def test_a_number_word_starting_a_sentence_is_not_a_score():
    assert detect("Kolme uutta yritystä aloitti Raahessa").name == intents.TEXT
    assert detect("Two projects started in Oulu").name == intents.TEXT


@pytest.mark.parametrize(
    ("text", "choices", "rest"),
    [
        ("3,5", (3, 4), ""),
        ("3.5", (3, 4), ""),
        ("3,5 koska kehitys on hidasta", (3, 4), "koska kehitys on hidasta"),
        ("kolme ja puoli", (3, 4), ""),
        ("three and a half", (3, 4), ""),
        ("maybe 3?", (3,), ""),
        ("ehkä 3", (3,), ""),
        ("3?", (3,), ""),
        ("3 tai 4", (3, 4), ""),
        ("3 or 4", (3, 4), ""),
        ("3-4", (3, 4), ""),
        ("about 4", (4,), ""),
        ("noin 4", (4,), ""),
        ("4 kai", (4,), ""),
    ],
)
def test_half_and_hedged_scores_are_not_plain_scores(text, choices, rest):
    assert detect(text) == intents.Intent(intents.HEDGED_SCORE, rest=rest, choices=choices)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("en osaa sanoa", intents.DONT_KNOW),
        ("EOS", intents.DONT_KNOW),
        ("I don't know", intents.DONT_KNOW),
        ("muuta vastaustani", intents.CHANGE),
        ("Miten voin muuttaa vastausta?", intents.CHANGE),
        ("haluan muuttaa energian vastausta", intents.CHANGE),
        ("I want to change my answer", intents.CHANGE),
        ("change the score", intents.CHANGE),
        ("muuta", intents.CHANGE),
        ("change", intents.CHANGE),
        ("pitäisi lisätä vetytalouden osaamiskeskus", intents.SUGGESTION),
        ("5G-verkot pitäisi huomioida", intents.SUGGESTION),
        ("We need more focus on batteries", intents.SUGGESTION),
        ("mitä strategia sanoo energian varastoinnista?", intents.QUESTION),
        ("Mitä pitäisi tehdä?", intents.QUESTION),
        ("what are the challenges in health?", intents.QUESTION),
        ("apua", intents.HELP),
        ("Apua!", intents.HELP),
        ("help", intents.HELP),
        ("miten tämä toimii?", intents.HELP),
        ("missä mennään", intents.CURRENT_STEP),
        ("where are we?", intents.CURRENT_STEP),
        ("näytä tulokset", intents.SHOW_RESULTS),
        ("tulokset", intents.SHOW_RESULTS),
        ("show results", intents.SHOW_RESULTS),
        ("kyllä", intents.YES),
        ("no", intents.NO),
        ("ohita", intents.SKIP),
        ("skip", intents.SKIP),
        ("peru", intents.CANCEL),
        ("cancel", intents.CANCEL),
        ("asdf qwer", intents.TEXT),
        ("", intents.TEXT),
    ],
)
def test_intents(text, name):
    assert detect(text).name == name


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("ohita", intents.SKIP),
        ("Skip.", intents.SKIP),
        ("peru", intents.CANCEL),
        ("cancel", intents.CANCEL),
        ("apua", intents.HELP),
        ("help!", intents.HELP),
        ("ei", intents.NO),
        ("muuta", None),
        ("change", None),
        ("tulokset", None),
        ("missä mennään?", None),
        ("apua tarvitaan rahoitukseen", None),
        ("skip the small talk, funding is the problem", None),
    ],
)
def test_only_a_few_exact_commands_interrupt_a_free_text_answer(text, command):
    assert intents.command(text) == command
