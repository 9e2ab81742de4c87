"""Rule-based intents in Finnish and English."""

import pytest

from workshop.assistant import intents
from workshop.assistant.intents import detect


@pytest.mark.parametrize(
    ("text", "name", "value", "rest"),
    [
        ("4", intents.SCORE, 4, ""),
        ("4/5", intents.SCORE, 4, ""),
        ("neljä", intents.SCORE, 4, ""),
        ("annan 2 koska hidasta", intents.SCORE, 2, "koska hidasta"),
        ("3, because it is slow", intents.SCORE, 3, "because it is slow"),
        ("five", intents.SCORE, 5, ""),
    ],
)
def test_scores(text, name, value, rest):
    assert detect(text) == intents.Intent(name, value, rest)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("en osaa sanoa", intents.DONT_KNOW),
        ("EOS", intents.DONT_KNOW),
        ("I don't know", intents.DONT_KNOW),
        ("muuta vastaustani", intents.CHANGE),
        ("Miten voin muuttaa vastausta?", intents.CHANGE),
        ("I want to change my answer", intents.CHANGE),
        ("pitäisi lisätä vetytalouden osaamiskeskus", intents.SUGGESTION),
        ("5G-verkot pitäisi huomioida", intents.SUGGESTION),
        ("We need more focus on batteries", intents.SUGGESTION),
        ("mitä strategia sanoo energian varastoinnista?", intents.QUESTION),
        ("Mitä pitäisi tehdä?", intents.QUESTION),
        ("what are the challenges in health?", intents.QUESTION),
        ("apua", intents.HELP),
        ("help", intents.HELP),
        ("missä mennään", intents.CURRENT_STEP),
        ("where are we?", intents.CURRENT_STEP),
        ("näytä tulokset", intents.SHOW_RESULTS),
        ("show results", intents.SHOW_RESULTS),
        ("kyllä", intents.YES),
        ("no", intents.NO),
        ("ohita", intents.SKIP),
        ("asdf qwer", intents.TEXT),
        ("", intents.TEXT),
    ],
)
def test_intents(text, name):
    assert detect(text).name == name
