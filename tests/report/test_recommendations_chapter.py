"""The draft's chapter on action planning: the roles the strategy names, and for each
recommendation the round takes into account, what the review found and changed in each of its
focus areas, in Finnish and English, with the minimum group size kept."""

from dataclasses import replace

import pytest

from tests.report.conftest import AREA, COUNCIL, proposal_rows
from workshop.extensions import db
from workshop.recommendations import services
from workshop.recommendations.services import RecommendationInput
from workshop.report.data import ProposalRow, collect
from workshop.report.recommendations import recommendation_rows

TEXT = "Vahvistetaan innovaatioiden leviämistä pk-yrityksiin."
TEXT_EN = "Strengthen the spread of innovation to SMEs."
HEALTH = "terveys-ja-hyvinvointi"


def chapter(doc, title: str) -> list[str]:
    """The texts of the chapter's paragraphs, from its heading to the next chapter's."""
    paragraphs = doc.document.paragraphs
    start = next(
        i
        for i, p in enumerate(paragraphs)
        if p.text == title and p.style.name == "Heading 1"  # not the contents' entry
    )
    texts = []
    for paragraph in paragraphs[start + 1 :]:
        if paragraph.style.name == "Heading 1":
            break
        texts.append(paragraph.text)
    return texts


def extra_proposals() -> list[ProposalRow]:
    """A postponed and an open proposal on the focus area, and one on another area."""
    common = {"target_ref": f"focus_area/{AREA}", "kind": "free", "status": "published"}
    return [
        ProposalRow(
            id=6,
            focus_area_key=AREA,
            text="Siirretään ensi vuoteen.",
            outcome="postponed",
            **common,
        ),
        ProposalRow(id=7, focus_area_key=AREA, text="Vielä ratkaisematta.", **common),
        ProposalRow(
            id=8,
            focus_area_key="energia",
            target_ref="focus_area/energia",
            kind="free",
            text="Muu ala.",
        ),
    ]


@pytest.fixture
def linked_round(scored_round, strategy_version):
    """The scored round taking one recommendation on two focus areas (and a theme) into
    account, and another only on a focus area nobody scored."""
    strategy = strategy_version.strategy
    first = services.create_recommendation(
        strategy,
        RecommendationInput(
            2025,
            TEXT,
            "Euroopan komission maaraportti 2025 – Suomi",
            text_en=TEXT_EN,
            url="https://commission.europa.eu/",
            focus_area_keys=(AREA, HEALTH),
            theme_keys=("uudistuva-ja-hyvinvoiva",),
        ),
    )
    second = services.create_recommendation(
        strategy,
        RecommendationInput(
            2024, "Vain suomeksi.", "Maaraportti 2024", focus_area_keys=("energia",)
        ),
    )
    services.set_round_recommendations(scored_round, [first.id, second.id])
    db.session.commit()
    return scored_round


def report(review_round, locale="fi"):
    base = collect(review_round).base_version_data
    data = collect(review_round, locale, proposals=proposal_rows(base) + extra_proposals())
    return replace(data, recommendations=recommendation_rows(review_round, locale))


def test_the_roles_are_named_as_the_strategy_names_them(linked_round, build):
    doc = build(report(linked_round))
    texts = chapter(doc, "Suositukset ja toiminnan suunnittelu")
    assert texts[0] == "Roolit arvioinnissa"
    assert f"{COUNCIL} kokoaa arvioinnin tulokset." in texts
    assert (
        f"{COUNCIL} ja ELY-keskus vastaavat strategian kytkemisestä toiminnan suunnitteluun, "
        "jossa huomioidaan Euroopan komission maaraportin voimassa olevat suositukset."
    ) in texts
    assert any("tutkimus- ja koulutuslaitosten, ELY-keskuksen, maakuntaliiton" in t for t in texts)
    assert any(t.startswith("Vuonna 2025 arviointityö yhdistetään maakuntaohjelman") for t in texts)
    assert "Suositukset ja toiminnan suunnittelu" in doc.all_text()  # also in the contents


@pytest.mark.usefixtures("every_group_shown")
def test_each_recommendation_shows_what_the_review_found_and_changed(linked_round, build):
    doc = build(report(linked_round))
    texts = chapter(doc, "Suositukset ja toiminnan suunnittelu")
    joined = "\n".join(texts)
    first = texts.index("Suositus 1 (2025)")
    second = texts.index("Suositus 2 (2024)")
    part = texts[first:second]
    assert f"”{TEXT}”" in part
    assert (
        "Lähde: Euroopan komission maaraportti 2025 – Suomi, 2025. https://commission.europa.eu/"
        in part
    )
    assert "Painopisteet: Uudistuva ja hyvinvoiva." in part
    area = part.index("Digitaaliset palvelut ja tuotteet")
    health = part.index("Terveyden ja hyvinvoinnin ala")
    digital = part[area:health]
    # Three scores of 2, 3 and 4 on each question (the fourth said "don't know").
    questions = [q.tr("text", "fi") for q in linked_round.questions]
    for question in questions:
        assert f"{question} 3 arviota: keskiarvo 3,00, mediaani 3,00." in digital
    assert "Hyväksytyt, muutoksina päivitetyssä strategiassa: 3" in digital
    assert any(t.startswith("Ehdotus 1 · ") for t in digital)
    assert (
        "Siirretyt: 1" in digital
        and "Ehdotus 6 · Vapaa ehdotus: Siirretään ensi vuoteen." in digital
    )
    assert (
        "Avoimet, ratkaisematta: 1" in digital
        and "Ehdotus 7 · Vapaa ehdotus: Vielä ratkaisematta." in digital
    )
    assert not any("Ehdotus 8" in t for t in digital)  # another focus area's
    assert "Tätä painopistealaa ei koskenut yksikään ehdotus." in part[health:]
    energy = texts[second:]
    assert f"{questions[0]} Arvioita ei annettu." in energy
    assert "Ehdotus 8 · Vapaa ehdotus: Muu ala." in energy
    assert "vain suomeksi" not in joined


def test_too_few_scores_are_withheld_in_the_chapter_too(linked_round, build):
    doc = build(report(linked_round))  # the default minimum of 5 scores
    texts = chapter(doc, "Suositukset ja toiminnan suunnittelu")
    question = linked_round.questions[0].tr("text", "fi")
    assert any(t.startswith(f"{question} 3 arviota: liian vähän") for t in texts), texts
    assert not any("keskiarvo 3,00" in t for t in texts)


@pytest.mark.usefixtures("every_group_shown")
def test_the_english_chapter(linked_round, build):
    doc = build(report(linked_round, "en"))
    texts = chapter(doc, "Recommendations and action planning")
    assert texts[0] == "Roles in the review"
    council = f"The Council of Oulu Region ({COUNCIL})"
    assert f"{council} compiles the results of the review." in texts
    assert any(t.startswith(f"{council} and the ELY Centre are responsible for") for t in texts)
    assert "Recommendation 1 (2025)" in texts and f"”{TEXT_EN}”" in texts
    assert "”Vain suomeksi.” (in Finnish only: translation needed)" in texts
    area = linked_round.strategy_version.focus_areas[0].tr("title", "en")
    assert area in texts
    question = linked_round.questions[0].tr("text", "en")
    assert f"{question} 3 scores: mean 3.00, median 3.00." in texts
    assert "Accepted, tracked in the updated strategy: 3" in texts
    assert "Postponed: 1" in texts and "Open, not decided: 1" in texts
    assert "Proposal 6 · Free proposal: Siirretään ensi vuoteen." in texts


def test_without_recommendations_the_chapter_says_where_to_record_them(scored_round, build):
    doc = build(collect(scored_round))
    texts = chapter(doc, "Suositukset ja toiminnan suunnittelu")
    assert "Roolit arvioinnissa" in texts
    assert any(
        t.startswith("Tälle arviointikierrokselle ei kirjattu komission suosituksia.")
        for t in texts
    )


def test_only_the_rounds_own_recommendations_reach_its_draft(linked_round, make_round):
    other = make_round("Vuosiarviointi 2027", 2027)
    assert recommendation_rows(other, "fi") == ()
    rows = recommendation_rows(linked_round, "en")
    assert [(row.year, row.translated) for row in rows] == [(2025, True), (2024, False)]


def test_the_change_from_the_previous_round_is_given_when_it_may_be_shown(linked_round, build):
    data = report(linked_round)
    question = linked_round.questions[0]
    summary = {
        **data.results[(AREA, question.key)],
        "count": 12,
        "withheld": False,
        "mean": 3.5,
        "median": 4.0,
        "change": 0.25,
    }
    data = replace(
        data,
        results={**data.results, (AREA, question.key): summary},
        round=replace(data.round, previous_round_title="Vuosiarviointi 2025"),
    )
    texts = chapter(build(data), "Suositukset ja toiminnan suunnittelu")
    assert (
        f"{question.tr('text', 'fi')} 12 arviota: keskiarvo 3,50, mediaani 4,00. Keskiarvon "
        "muutos edellisestä kierroksesta (Vuosiarviointi 2025): +0,25."
    ) in texts
