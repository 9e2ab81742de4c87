"""The reasons staff read: the console's live list and the round's results page, with their
filters and the minimum group size rule."""

import re
import time
import uuid

import pytest

from tests.review.conftest import scoring_steps
from tests.review.test_results import score as record
from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.reasons import OTHER_GROUPS, ReasonScope, list_reasons
from workshop.review.services import ReviewError


def score(participant, step, area_key, value, reason="", question="edistyminen"):
    record(participant, step, area_key, value, question=question, reason=reason)
    db.session.commit()


@pytest.fixture
def scored(scoring_step, make_participant):
    """Six clusters, three businesses and two municipalities scored the step's first two focus
    areas, with reasons on the first: only the clusters may be named; the five others are
    "other groups" together."""
    areas = [area.key for area in services.step_focus_areas(scoring_step)[:2]]
    people = [make_participant("klusterit") for _ in range(6)]
    people += [make_participant("yritykset") for _ in range(3)]
    people += [make_participant("kunnat") for _ in range(2)]
    for number, person in enumerate(people):
        score(person, scoring_step, areas[0], 1 + number % 5, f"Syy {number}")
        score(person, scoring_step, areas[1], 3)
    return scoring_step, areas, people


def reasons_url(step):
    return f"/review/sessions/{step.session_id}/reasons"


# The service ----------------------------------------------------------------------------


def test_a_small_group_is_named_only_as_other_groups(scored):
    step, areas, _people = scored
    page = list_reasons(ReasonScope(step.session.round_id, step.session_id))
    assert page.total == 11
    assert {item.group for item in page.items} == {"klusterit", OTHER_GROUPS}
    assert page.split.shown == ("klusterit",)
    # The three businesses alone are fewer than five: they cannot be asked for by name.
    with pytest.raises(ReviewError) as refused:
        list_reasons(ReasonScope(step.session.round_id, step.session_id), group="yritykset")
    assert refused.value.code == "group_too_small"


def test_reasons_are_newest_first_and_a_changed_reason_moves_up(scored):
    step, areas, people = scored
    score(people[0], step, areas[0], 5, "Muutin mieleni")
    page = list_reasons(ReasonScope(step.session.round_id, step.session_id))
    assert page.items[0].text == "Muutin mieleni"
    assert page.items[0].value == 5
    assert [item.text for item in page.items[1:3]] == ["Syy 10", "Syy 9"]


def test_a_removed_participants_reasons_are_not_listed(scored, facilitator):
    step, _areas, people = scored
    participation.remove_participant(people[10], "Häiriköi", actor=facilitator)
    db.session.commit()
    page = list_reasons(ReasonScope(step.session.round_id, step.session_id))
    assert "Syy 10" not in [item.text for item in page.items]
    assert page.total == 10


# The console's endpoint -------------------------------------------------------------------


def test_the_console_lists_the_open_steps_reasons_with_scores_and_no_names(
    logged_in_client, scored
):
    step, areas, _people = scored
    response = logged_in_client.get(reasons_url(step))
    assert response.status_code == 200
    data = response.get_json()
    assert data["step_id"] == step.id
    assert data["step_title"] == "Uudistuva ja hyvinvoiva" and data["step_closed"] is False
    assert data["total"] == 11
    first = data["items"][0]
    assert first == {
        "id": first["id"],
        "text": "Syy 10",
        "value": 1,
        "focus_area": areas[0],
        "question": "edistyminen",
        "group": OTHER_GROUPS,
    }
    assert [g["value"] for g in data["groups"]] == ["", "klusterit", OTHER_GROUPS]
    assert "Org" not in response.get_data(as_text=True)


def test_the_console_filters_by_focus_area_and_group(logged_in_client, scored):
    step, areas, _people = scored
    by_group = logged_in_client.get(reasons_url(step), query_string={"group": "klusterit"})
    assert {i["group"] for i in by_group.get_json()["items"]} == {"klusterit"}
    assert by_group.get_json()["total"] == 6
    others = logged_in_client.get(reasons_url(step), query_string={"group": OTHER_GROUPS})
    assert [i["text"] for i in others.get_json()["items"]] == [f"Syy {n}" for n in range(10, 5, -1)]
    elsewhere = logged_in_client.get(reasons_url(step), query_string={"focus_area": areas[1]})
    assert elsewhere.get_json()["total"] == 0  # the second area was scored without reasons


@pytest.mark.parametrize(
    "query",
    [
        {"group": "yritykset"},  # too small to be shown alone
        {"group": "nobody"},
        {"focus_area": "not-an-area"},
        {"group": ["klusterit", "x"]},
    ],
)
def test_wrong_console_filters_are_refused_not_coerced(logged_in_client, scored, query):
    step, _areas, _people = scored
    response = logged_in_client.get(reasons_url(step), query_string=query)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == "invalid"
    assert data["messages"] and "items" not in data


def test_a_lone_group_of_a_step_offers_no_group_filter(
    logged_in_client, scoring_step, make_participant
):
    area = services.step_focus_areas(scoring_step)[0].key
    for _ in range(3):
        score(make_participant("yritykset"), scoring_step, area, 4, "Vain yritykset")
    data = logged_in_client.get(reasons_url(scoring_step)).get_json()
    assert [g["value"] for g in data["groups"]] == [""]
    assert {i["group"] for i in data["items"]} == {""}


def test_the_console_follows_the_last_closed_scoring_step(logged_in_client, scored):
    step, _areas, _people = scored
    services.close_step(step)
    db.session.commit()
    data = logged_in_client.get(reasons_url(step)).get_json()
    assert data["step_id"] == step.id and data["total"] == 11
    assert data["step_closed"] is True and data["step_title"] == "Uudistuva ja hyvinvoiva"


def test_reasons_are_sent_as_json_text_never_markup(
    logged_in_client, scoring_step, make_participant
):
    area = services.step_focus_areas(scoring_step)[0].key
    score(make_participant(), scoring_step, area, 4, "<img src=x onerror=alert(1)>\u202e")
    response = logged_in_client.get(reasons_url(scoring_step))
    assert response.mimetype == "application/json"
    assert response.get_json()["items"][0]["text"] == "<img src=x onerror=alert(1)>"


def test_the_console_shows_the_reasons_panel(logged_in_client, open_session):
    page = logged_in_client.get(f"/review/sessions/{open_session.id}/console")
    html = page.get_data(as_text=True)
    assert 'id="reasons-panel"' in html
    assert f'data-url="/review/sessions/{open_session.id}/reasons"' in html
    assert re.search(r'src="/static/js/reasons\.[0-9a-f]{10}\.js"', html)


# The round's results page -------------------------------------------------------------


def results_url(step):
    return f"/review/rounds/{step.session.round_id}/results"


def test_the_round_results_combine_every_session(logged_in_client, scored, make_participant):
    step, areas, _people = scored
    second = services.create_session(step.session.review_round, "Raahe")
    services.set_session_status(second, "open")
    db.session.commit()
    other_step = scoring_steps(second)[0]
    services.open_step(other_step)
    db.session.commit()
    for _ in range(3):
        score(make_participant("klusterit", session=second), other_step, areas[0], 5, "Raahesta")
    page = logged_in_client.get(results_url(step))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "14 reasons" in html or "14 perustelua" in html
    assert "Raahesta" in html and "Syy 3" in html
    only_raahe = logged_in_client.get(results_url(step), query_string={"session": second.id})
    html = only_raahe.get_data(as_text=True)
    assert "Raahesta" in html and "Syy 3" not in html


def test_the_round_results_show_a_shown_groups_figures_only(logged_in_client, scored):
    step, _areas, _people = scored
    page = logged_in_client.get(results_url(step), query_string={"group": "klusterit"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Syy 0" in html and "Syy 6" not in html


@pytest.mark.parametrize(
    "query", [{"group": "yritykset"}, {"session": "999999"}, {"session": "abc"}, {"group": "x"}]
)
def test_wrong_round_result_filters_are_refused_with_a_message(logged_in_client, scored, query):
    step, _areas, _people = scored
    page = logged_in_client.get(results_url(step), query_string=query)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'id="filter-errors"' in html
    assert "Syy 0" not in html


def test_the_round_page_links_to_its_results(logged_in_client, review_round):
    html = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert f"/review/rounds/{review_round.id}/results" in html


def test_the_round_results_need_the_rounds_staff(client, make_user, scored):
    step, _areas, _people = scored
    assert client.get(results_url(step)).status_code == 302  # to the login page
    assert client.get(reasons_url(step)).status_code in (302, 401)


def test_a_full_rooms_reasons_are_read_in_one_quick_request(
    logged_in_client, scoring_step, make_participant
):
    """80 people, every focus area of the step and both questions with a reason: the console's
    request returns the newest 300 of them, quickly (the report gives the numbers)."""
    areas = [area.key for area in services.step_focus_areas(scoring_step)]
    groups = ["klusterit", "yritykset", "kunnat", "tutkimus-ja-koulutus"]
    people = [make_participant(groups[n % 4]) for n in range(80)]
    participation.submit_answers(
        [
            participation.AnswerInput(
                participant_id=person.id,
                submission_id=uuid.uuid4().hex,
                step_id=scoring_step.id,
                question_key=question,
                focus_area_key=area,
                value=1 + (person.id + len(area)) % 5,
                reason=f"Perustelu {person.id} {area} {question}",
            )
            for person in people
            for area in areas
            for question in ("edistyminen", "ajankohtaisuus")
        ]
    )
    db.session.commit()
    expected = 80 * len(areas) * 2
    logged_in_client.get(reasons_url(scoring_step))
    started = time.perf_counter()
    response = logged_in_client.get(reasons_url(scoring_step))
    elapsed = time.perf_counter() - started
    data = response.get_json()
    assert data["total"] == expected
    assert len(data["items"]) == 300
    assert [g["value"] for g in data["groups"]] == ["", *groups_in_order(groups)]
    print(f"reasons of {expected}: {len(response.data) / 1024:.0f} kB, {elapsed * 1000:.0f} ms")
    assert elapsed < 2.0


def groups_in_order(keys):
    order = ["klusterit", "kehittamisyhtiot", "tutkimus-ja-koulutus", "kunnat", "yritykset"]
    return [key for key in order if key in keys]
