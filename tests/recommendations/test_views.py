"""The recommendation pages: the council and admins add, edit and remove; facilitators read;
a round's page of the recommendations it takes into account."""

from sqlalchemy import select

from tests.recommendations.conftest import SOURCE, TEXT, TEXT_EN
from workshop.extensions import db
from workshop.recommendations import services
from workshop.recommendations.models import Recommendation


def form_data(**changes):
    data = {
        "year": "2025",
        "text": TEXT,
        "text_en": TEXT_EN,
        "source": SOURCE,
        "url": "https://commission.europa.eu/",
        "focus_areas": ["energia", "digitaaliset-palvelut"],
    }
    return {**data, **changes}


def stored() -> list[Recommendation]:
    db.session.expire_all()
    return list(db.session.scalars(select(Recommendation)))


def test_the_council_adds_a_recommendation(council_client, strategy):
    page = council_client.get("/recommendations/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="energia"' in html and "Energian tuotanto ja varastointi" in html
    response = council_client.post("/recommendations/new", data=form_data())
    assert response.status_code == 302
    [item] = stored()
    assert (item.year, item.source, item.tr("text", "en")) == (2025, SOURCE, TEXT_EN)
    assert item.focus_area_keys == ["energia", "digitaaliset-palvelut"]
    listing = council_client.get("/recommendations/").get_data(as_text=True)
    assert TEXT in listing and "Energian tuotanto ja varastointi" in listing
    assert f"/recommendations/{item.id}/edit" in listing


def test_a_refused_form_keeps_what_was_typed_and_says_why(council_client, strategy):
    response = council_client.post(
        "/recommendations/new",
        data=form_data(url="javascript:alert(1)", focus_areas=[], text="<b>Säilyy</b>"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "https://" in html and "Valitse ainakin yksi painopisteala." in html
    assert "&lt;b&gt;Säilyy&lt;/b&gt;" in html  # kept, and escaped
    assert stored() == []


def test_an_unknown_focus_area_is_the_services_refusal(council_client, strategy):
    response = council_client.post("/recommendations/new", data=form_data(focus_areas=["ei-ole"]))
    assert response.status_code == 400
    assert "Unknown focus area: ei-ole" in response.get_data(as_text=True)
    assert stored() == []


def test_the_council_edits_a_recommendation(council_client, recommendation):
    url = f"/recommendations/{recommendation.id}/edit"
    page = council_client.get(url).get_data(as_text=True)
    assert TEXT_EN in page and 'value="energia" checked' in page
    response = council_client.post(url, data=form_data(year="2024", focus_areas=["energia"]))
    assert response.status_code == 302
    [item] = stored()
    assert (item.year, item.focus_area_keys) == (2024, ["energia"])


def test_removing_asks_first_and_says_which_rounds_lose_it(
    council_client, recommendation, review_round
):
    services.set_round_recommendations(review_round, [recommendation.id])
    db.session.commit()
    url = f"/recommendations/{recommendation.id}/delete"
    page = council_client.get(url)
    assert page.status_code == 200
    assert review_round.title in page.get_data(as_text=True)
    refused = council_client.post(url, data={})
    assert refused.status_code == 400 and len(stored()) == 1
    done = council_client.post(url, data={"confirm": "yes"})
    assert done.status_code == 302 and stored() == []


def test_a_facilitator_reads_but_may_not_change(logged_in_client, recommendation):
    listing = logged_in_client.get("/recommendations/")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert TEXT in html and "/recommendations/new" not in html and "/edit" not in html
    for url in ("/recommendations/new", f"/recommendations/{recommendation.id}/edit"):
        assert logged_in_client.get(url).status_code == 403
        assert logged_in_client.post(url, data=form_data()).status_code == 403
    delete = f"/recommendations/{recommendation.id}/delete"
    assert logged_in_client.post(delete, data={"confirm": "yes"}).status_code == 403
    assert len(stored()) == 1


def test_the_round_page_links_to_its_recommendations(council_client, review_round):
    html = council_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert f"/review/rounds/{review_round.id}/recommendations" in html


def test_the_council_chooses_the_rounds_recommendations(
    council_client, strategy, recommendation, review_round
):
    other = services.create_recommendation(
        strategy,
        services.RecommendationInput(
            2024, "Toinen.", "Raportti 2024", focus_area_keys=("energia",)
        ),
    )
    db.session.commit()
    url = f"/review/rounds/{review_round.id}/recommendations"
    page = council_client.get(url).get_data(as_text=True)
    assert f'value="{recommendation.id}"' in page and f'value="{other.id}"' in page
    response = council_client.post(url, data={"recommendations": [str(other.id)]})
    assert response.status_code == 302
    assert services.round_recommendations(review_round) == [other]
    assert council_client.post(url, data={}).status_code == 302  # none ticked: none linked
    assert services.round_recommendations(review_round) == []
    wrong = council_client.post(url, data={"recommendations": ["kolme"]})
    assert wrong.status_code == 400


def test_a_round_host_sees_the_rounds_recommendations_without_a_form(
    app, make_user, recommendation, strategy_version
):
    from tests.conftest import TEST_PASSWORD
    from workshop.review import services as review_services

    owner = make_user("omistaja@example.org")
    review_round = review_services.create_round(strategy_version, "Kierros", 2026, owner=owner)
    services.set_round_recommendations(review_round, [recommendation.id])
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": owner.email, "password": TEST_PASSWORD})
    url = f"/review/rounds/{review_round.id}/recommendations"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert TEXT in html and 'type="checkbox"' not in html
    assert client.post(url, data={"recommendations": []}).status_code == 403
    assert services.round_recommendations(review_round) == [recommendation]


def test_the_english_page_shows_the_english_text(council_client, recommendation):
    council_client.get("/language/en")
    html = council_client.get("/recommendations/").get_data(as_text=True)
    assert TEXT_EN in html


def test_the_list_links_only_the_rounds_the_reader_may_open(
    logged_in_client, make_user, recommendation, strategy_version
):
    from workshop.review import services as review_services

    someone = make_user("toinen@example.org")
    theirs = review_services.create_round(strategy_version, "Toisen kierros", 2026, owner=someone)
    open_to_all = review_services.create_round(strategy_version, "Kaikkien kierros", 2026)
    services.set_round_recommendations(theirs, [recommendation.id])
    services.set_round_recommendations(open_to_all, [recommendation.id])
    db.session.commit()
    html = logged_in_client.get("/recommendations/").get_data(as_text=True)
    assert "Toisen kierros" in html and "Kaikkien kierros" in html
    assert f"/review/rounds/{theirs.id}/recommendations" not in html
    assert f"/review/rounds/{open_to_all.id}/recommendations" in html
