"""A spelling suggestion is taken only where it corrects a typo of the word, not another word."""

from workshop.language import spelling


def test_edit_distance_counts_a_transposition_as_one_edit():
    assert spelling.edit_distance("tuulivoiam", "tuulivoima") == 1
    assert spelling.edit_distance("hyödyntöminen", "hyödyntäminen") == 1
    assert spelling.edit_distance("pitäis", "pitäisi") == 1
    assert spelling.edit_distance("karkas", "kärkäs") == 2
    assert spelling.edit_distance("", "abc") == spelling.edit_distance("abc", "") == 3
    assert spelling.edit_distance("abc", "abc") == 0
    assert spelling.edit_distance("ca", "abc") == 3  # restricted form: no edit of an edit


def test_a_typo_is_corrected_by_voikkos_suggestion():
    assert spelling.correction("hyödyntöminen") == "hyödyntäminen"
    assert spelling.correction("tuulivoiam") == "tuulivoima"
    assert spelling.correction("pitäis") == "pitäisi"


def test_an_unknown_valid_word_is_not_changed_into_another_word():
    # Voikko's suggestions for these are "kuvitus" (illustration), "kärkäs" (eager), "tavi".
    assert spelling.correction("luvitus") is None
    assert spelling.correction("karkas") is None
    assert spelling.correction("tarvi") is None


def test_a_name_or_abbreviation_is_never_corrected():
    # Voikko's suggestions: "helyssä", "ingridiltä", "finlandian", "tosiolaki", "tmi-...".
    for written in ("ELYssä", "Fingridiltä", "Finlandin", "Toisiolaki", "TKI-ympäristöjen"):
        assert spelling.correction(written) is None, written
    assert not spelling.is_typo_of("Finlandin", "finlandian")


def test_the_rule_keeps_the_first_letter_and_one_edit_in_six_letters():
    assert spelling.is_typo_of("vetytaloudesra", "vetytaloudessa")
    assert not spelling.is_typo_of("luvitus", "kuvitus")  # one edit, but of the first letter
    assert not spelling.is_typo_of("tarvi", "tavi")  # one edit in five letters
    assert spelling.is_typo_of("pitäis", "pitäisi")  # one in six
    assert not spelling.is_typo_of("karkas", "kärkäs")  # two in six
    assert spelling.is_typo_of("energiatehokuuss", "energiatehokkuus")  # two in sixteen
