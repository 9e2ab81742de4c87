"""Why an indicator has its status: one sentence for every finding of every kind of target,
in Finnish and English, with numbers as the locale writes them; and the rules."""

from dataclasses import dataclass

import pytest
from flask_babel import force_locale

from workshop.evidence.explain import rules, status_reason
from workshop.evidence.status import Finding, Judgement, Target, judge

COMPANIES = Target(2019, 23153, 2025, None, "Kasvaa vuosittain")
RD_SPENDING = Target(2019, 732.6, 2025, 900.0, "0,9 mrd/€")
PATENTS = Target(2020, 94, 2025, None, "Tasainen kasvu")
EMISSIONS = Target(2020, 100, 2030, 50, "−50 %")
# Ends above where it began, but the trend falls.
ZIGZAG = [(2020, 1), (2021, 5), (2022, 0.5), (2023, 2)]


@dataclass
class Row:
    """An indicator as the evidence pages hand it to the sentence."""

    judgement: Judgement
    target: Target
    unit: str = ""

    @property
    def target_text(self):
        return self.target.target_text

    def __getattr__(self, name):
        return getattr(self.target, name)


def reason(target: Target, series, locale="fi", unit="") -> tuple[Finding, str]:
    judged = judge(target, series)
    with force_locale(locale):
        return judged.finding, status_reason(Row(judged, target, unit), locale)


@pytest.mark.usefixtures("app")
class TestFinnish:
    def test_a_fall_names_the_year_and_the_values(self):
        series = [(2020, 23390), (2021, 23702), (2022, 23655), (2023, 23901)]
        assert reason(COMPANIES, series) == (
            Finding.DID_NOT_GROW,
            "Arvo laski vuonna 2022 (23\xa0702 → 23\xa0655), joten tavoite ”kasvaa vuosittain” "
            "ei toteudu.",
        )

    def test_falls_in_several_years_are_listed(self):
        series = [(2020, 23000), (2021, 23702), (2022, 23655)]
        assert reason(COMPANIES, series)[1] == (
            "Arvo laski vuosina 2020 ja 2022, joten tavoite ”kasvaa vuosittain” ei toteudu."
        )

    def test_a_standstill_did_not_grow(self):
        _, text = reason(COMPANIES, [(2020, 23153)])
        assert text == (
            "Arvo ei kasvanut vuonna 2020 (23\xa0153 → 23\xa0153), joten tavoite ”kasvaa "
            "vuosittain” ei toteudu."
        )

    def test_growth_every_year(self):
        assert reason(COMPANIES, [(2020, 23390), (2021, 23702)]) == (
            Finding.GREW_EVERY_YEAR,
            "Arvo on kasvanut joka vuosi (2019–2021), joten tavoite ”kasvaa vuosittain” toteutuu.",
        )

    def test_on_the_straight_path_with_decimal_commas_and_the_unit(self):
        assert reason(RD_SPENDING, [(2024, 879)], unit="m/€") == (
            Finding.ON_PATH,
            "Arvo oli 879 m/€ vuonna 2024, ja suora polku kohti vuoden 2025 tavoitetta 900 m/€ "
            "edellyttää silloin vähintään 872,1 m/€, joten kehitys on tavoitteen mukaista.",
        )

    def test_behind_the_path(self):
        finding, text = reason(RD_SPENDING, [(2022, 800)], unit="m/€")
        assert finding is Finding.BEHIND_PATH
        assert text.startswith("Arvo oli 800 m/€ vuonna 2022, mutta suora polku")
        assert "vähintään 816,3 m/€" in text and text.endswith("ei ole tavoitteen mukaista.")

    def test_a_falling_target_asks_for_at_most_with_a_true_minus_sign(self):
        target = Target(2020, 10, 2030, -5.5, "")
        finding, text = reason(target, [(2025, 3)])
        assert finding is Finding.BEHIND_PATH
        assert "enintään 2,25" in text and "tavoitetta \u22125,5" in text
        assert "-" not in text.replace("T&K-", "")

    def test_met_and_not_met_once_the_target_year_has_come(self):
        assert reason(RD_SPENDING, [(2025, 905.5)], unit="m/€") == (
            Finding.MET,
            "Arvo oli 905,5 m/€ vuonna 2025, joten vuoden 2025 tavoite 900 m/€ on saavutettu.",
        )
        assert reason(EMISSIONS, [(2031, 60)]) == (
            Finding.NOT_MET,
            "Arvo oli 60 vuonna 2031, joten vuoden 2030 tavoitetta 50 ei saavutettu.",
        )

    def test_steady_growth_its_trend_and_its_ends(self):
        finding, text = reason(PATENTS, [(2021, 101), (2022, 97), (2023, 108)], unit="kpl")
        assert finding is Finding.TRENDS_UP
        assert text == (
            "Arvojen suunta on nouseva, ja viimeisin arvo 108 kpl (2023) on suurempi kuin "
            "ensimmäinen 94 kpl (2020), joten tavoite ”tasainen kasvu” toteutuu."
        )
        finding, text = reason(PATENTS, [(2021, 60), (2022, 130), (2023, 93)])
        assert finding is Finding.LATEST_NOT_ABOVE_FIRST
        assert text.startswith("Viimeisin arvo 93 (2023) ei ole suurempi kuin ensimmäinen 94")
        finding, text = reason(
            Target(None, None, None, None, "Kasvaa"), [(2020, 1), (2021, 5), (2022, 0.5), (2023, 2)]
        )
        assert finding is Finding.TREND_NOT_UP
        assert text.startswith("Arvojen suunta ei ole nouseva (1 vuonna 2020, 2 vuonna 2023)")

    def test_not_enough_to_judge(self):
        assert reason(COMPANIES, []) == (
            Finding.BASELINE_ONLY,
            "Vain lähtötaso on tiedossa (23\xa0153 vuonna 2019), joten kehitystä ei voi vielä "
            "arvioida.",
        )
        assert reason(Target(None, None, 2025, None, "Tasainen kasvu"), [(2023, 61.2)]) == (
            Finding.SINGLE_VALUE,
            "Arvoja on vain yksi (61,2 vuonna 2023) eikä lähtötasoa ole annettu, joten "
            "kehitystä ei voi vielä arvioida.",
        )
        assert reason(Target(None, None, 2025, 9, ""), []) == (
            Finding.NO_VALUES,
            "Arvoja ei ole vielä kirjattu, joten tilaa ei voi arvioida.",
        )

    def test_targets_that_are_not_judged(self):
        assert reason(Target(2019, 1, None, None, ""), [(2020, 2)]) == (
            Finding.NO_TARGET,
            "Mittarille ei ole asetettu tavoitetta, joten sen tilaa ei arvioida.",
        )
        assert reason(Target(2019, 1, 2025, None, "Pysyy ennallaan."), [(2020, 2)]) == (
            Finding.OTHER_TARGET,
            "Tavoite ”pysyy ennallaan” ei ole luku eikä kasvutavoite, joten tilaa ei arvioida.",
        )


@pytest.mark.usefixtures("app")
def test_english_sentences_with_english_numbers():
    series = [(2020, 23390), (2021, 23702), (2022, 23655)]
    target = Target(2019, 23153, 2025, None, "Increases annually")
    assert reason(target, series, "en")[1] == (
        "The value fell in 2022 (23,702 → 23,655), so the target “increases annually” is not "
        "being met."
    )
    assert reason(RD_SPENDING, [(2025, 899)], "en", "€ m")[1] == (
        "The value was 899 € m in 2025, so the target of 900 € m for 2025 was not met."
    )
    assert reason(Target(2020, 10, 2030, -5.5, ""), [(2025, 1)], "en")[1] == (
        "The value was 1 in 2025, and the straight path to the target of \u22125.5 by 2030 asks "
        "for at most 2.25 then, so it is on track."
    )


@pytest.mark.usefixtures("app")
def test_every_finding_has_its_own_sentence_in_both_languages():
    cases = {
        Finding.NO_VALUES: (Target(None, None, 2025, 9, ""), []),
        Finding.BASELINE_ONLY: (COMPANIES, []),
        Finding.SINGLE_VALUE: (Target(None, None, 2025, 9, ""), [(2022, 1)]),
        Finding.NO_TARGET: (Target(), [(2022, 1)]),
        Finding.OTHER_TARGET: (Target(target_text="Ennallaan"), [(2022, 1)]),
        Finding.MET: (RD_SPENDING, [(2025, 900)]),
        Finding.NOT_MET: (RD_SPENDING, [(2026, 899)]),
        Finding.ON_PATH: (RD_SPENDING, [(2022, 900)]),
        Finding.BEHIND_PATH: (RD_SPENDING, [(2022, 700)]),
        Finding.GREW_EVERY_YEAR: (COMPANIES, [(2020, 23390)]),
        Finding.DID_NOT_GROW: (COMPANIES, [(2020, 2)]),
        Finding.TRENDS_UP: (PATENTS, [(2021, 100)]),
        Finding.TREND_NOT_UP: (
            Target(target_text="Kasvaa"),
            [(2020, 1), (2021, 5), (2022, 0.5), (2023, 2)],
        ),
        Finding.LATEST_NOT_ABOVE_FIRST: (PATENTS, [(2021, 90)]),
    }
    assert set(cases) == set(Finding)
    for locale in ("fi", "en"):
        sentences = set()
        for finding, (target, series) in cases.items():
            found, text = reason(target, series, locale)
            assert found is finding
            assert text.endswith(".") and text[0].isupper() and "%(" not in text
            sentences.add(text)
        assert len(sentences) == len(cases)
    with force_locale("fi"):
        assert rules()[1].startswith("”Kasvaa vuosittain”: arvon on pitänyt kasvaa joka vuosi")
