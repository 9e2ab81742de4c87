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


def test_of_suggestions_as_near_as_voikkos_first_the_one_keeping_the_words_ends_is_taken():
    # Voikko's first suggestions are "rehotusta", "vetytalojen", "investoinut": a letter
    # changed at the start, or a different word one edit away.
    assert spelling.correction("rahotusta") == "rahoitusta"
    assert spelling.correction("vetytalouen") == "vetytalouden"
    assert spelling.correction("investoinit") == "investoinnit"
    # "vetyteurashanke" keeps more of the ends, but the dots left out are the likelier typo.
    assert spelling.correction("vetyterashanke") == "vetyteräshanke"
    assert spelling.kept_ends("rahotusta", "rahoitusta") == 9
    assert spelling.kept_ends("rahotusta", "rehotusta") == 8


def test_a_later_suggestion_never_makes_a_typo_of_a_word_voikkos_first_does_not():
    # "lovitus" is one edit from "luvitus" with its first letter, but Voikko's first is
    # "kuvitus": the word is not taken as a typo at all.
    assert spelling.correction("luvitus") is None


def test_a_word_with_a_hyphen_is_never_corrected():
    # Its first part is mostly an abbreviation in lower case: "tmi-panostukset", "it-osaajia".
    assert spelling.correction("tki-panostukset") is None
    assert spelling.correction("ict-osaajia") is None
