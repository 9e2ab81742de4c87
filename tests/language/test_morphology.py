"""The shared language tools: Voikko's lemmas and compound parts, and the word cloud's lemmas."""

from workshop.language import lemmas, morphology


def test_inflected_and_compound_words_read_as_their_lemmas_and_parts():
    assert morphology.available()
    found, parts, known, framing = morphology.analyse("ruuantuotannosta")
    assert found == ("ruuantuotanto",) and known and not framing
    assert ("ruoka",) in parts and ("tuotanto",) in parts
    assert morphology.analyse("vedyn")[0] == ("vety",)
    assert morphology.analyse("me")[3] is True  # a pronoun only frames a sentence


def test_an_answers_lemmas_are_distinct_base_forms_without_stop_words():
    assert lemmas.analyser_name() == "voikko"
    assert lemmas.lemmas("Kiertotaloutta ja kiertotalouden osaajia, ja osaajat!") == [
        "kiertotalous",
        "osaaja",
    ]
