"""Rule-based intents in Finnish and English: commands are whole words and phrases, ordinary
sentences are never commands, and half or hedged scores are told apart from plain ones."""

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


@pytest.mark.parametrize(("kind", "language", "text"), ordinary_messages())
def test_an_ordinary_sentence_triggers_no_command(kind, language, text):
    intent = detect(text)
    assert intent.name not in intents.COMMANDS
    # While a reason is asked, it is the reason: no command, and not a new score.
    assert intents.command(text) is None
    assert intents.bare_score(text) is None
    if kind == "question":
        assert intent.name == intents.QUESTION


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
