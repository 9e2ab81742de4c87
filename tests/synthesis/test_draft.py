"""The built-in drafts: each sentence rests on a figure the page shows beside it (scores and
their change, themes with counts and a quote, where groups differ, proposals' decisions)."""

import pytest
from flask_babel import force_locale

from workshop.synthesis.divergence import DIFFER, GroupMean, LeaningTheme, QuestionDivergence
from workshop.synthesis.draft import assessment_draft, summary_draft
from workshop.synthesis.overview import (
    AreaOverview,
    ProposalLine,
    QuestionScore,
    RoundOverview,
    ThemeRow,
)

GAP = QuestionDivergence(
    "energia",
    "edistyminen",
    DIFFER,
    (GroupMean("yritykset", 2.4, 20), GroupMean("tutkimus", 3.9, 12)),
    1.5,
    highest="tutkimus",
    lowest="yritykset",
)
AREA = AreaOverview(
    key="energia",
    title="Energian tuotanto ja varastointi",
    theme_title="Uudistuva teollisuus",
    scores=(
        QuestionScore("edistyminen", "Kuinka hyvin?", 40, 3.4, 0.3, 3.1, False),
        QuestionScore("ajankohtaisuus", "Kuinka ajankohtainen?", 3, None, None, None, True),
    ),
    texts=30,
    themes=(
        ThemeRow("luvitus, tuulivoima", 12, (("yritykset", 9),), ("Luvitus kestää vuosia.",), 2.5),
        ThemeRow("osaajapula", 8, (("tutkimus", 5),), ("Osaajia ei löydy.",), 3.0),
    ),
    unassigned=3,
    agree=(),
    differ=(GAP,),
    leaning=(LeaningTheme("luvitus, tuulivoima", "yritykset", 9, 12),),
    proposals=(
        ProposalLine(1, "add_solution", "Vetyä", "accepted", 5, 1),
        ProposalLine(2, "free", "Tuulta", "rejected", 1, 4),
        ProposalLine(3, "free", "Akkuja", None, 2, 0),
    ),
)
OVERVIEW = RoundOverview(
    round_id=1,
    title="Vuosiarviointi 2026",
    year=2026,
    locale="fi",
    previous_round="Vuosiarviointi 2025",
    min_group_size=5,
    questions=(("edistyminen", "Kuinka hyvin?"), ("ajankohtaisuus", "Kuinka ajankohtainen?")),
    group_names=(("yritykset", "Yritykset"), ("tutkimus", "Tutkimus")),
    areas=(AREA,),
)


@pytest.fixture(autouse=True)
def in_finnish(app):
    with app.test_request_context(), force_locale("fi"):
        yield


def test_the_assessment_draft_rests_on_the_figures_beside_it():
    text = assessment_draft(AREA, OVERVIEW)
    assert "”Kuinka hyvin?”: keskiarvo 3,40 (40 arviota)." in text
    assert "Muutos edellisestä (Vuosiarviointi 2025): +0,30." in text
    assert "”Kuinka ajankohtainen?”: 3 arviota, liian vähän raportoitavaksi." in text
    assert "”luvitus, tuulivoima” (12) ja ”osaajapula” (8)" in text
    assert "”Luvitus kestää vuosia.”" in text
    assert "nostivat esiin enimmäkseen Yritykset (9/12 tekstiä)" in text
    assert "Tutkimus 3,90, Yritykset 2,40" in text
    assert "3 muutosehdotusta: 1 hyväksyttiin, 1 hylättiin ja 1 odottaa päätöstä." in text
    assert len(text.split("\n\n")) == 4  # scores, themes, divergence, proposals


def test_a_focus_area_nobody_wrote_about_says_so():
    empty = AreaOverview(
        key="x",
        title="X",
        theme_title="T",
        scores=(),
        texts=0,
        themes=(),
        unassigned=0,
        agree=(),
        differ=(),
        leaning=(),
        proposals=(),
    )
    assert assessment_draft(empty, OVERVIEW) == (
        "Sidosryhmät eivät kirjoittaneet tälle painopistealalle perusteluja tai ehdotuksia."
    )


def test_the_summary_draft_names_the_largest_moves_and_gaps():
    text = summary_draft(OVERVIEW)
    assert "sidosryhmät arvioivat painopistealoista 1/1 ja kirjoittivat 30" in text
    assert "eniten nousi Energian tuotanto ja varastointi (+0,30, ”Kuinka hyvin?”)" in text
    assert "eroavat eniten aloilla Energian tuotanto ja varastointi (1,50)" in text
    assert "hyväksynyt 1 ehdotusta 3:stä" in text
