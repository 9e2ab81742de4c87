"""The decisions page at scale: a compact row per proposal with the card on demand, filters by
focus area, kind, status and group (small groups only together), sorts, and its weight."""

import re
import time

import pytest

from tests.proposals.conftest import CHALLENGE
from workshop.extensions import db
from workshop.proposals import services
from workshop.proposals.labels import KIND_NAMES, KIND_ORDER


def decisions_url(review_round, **query):
    return f"/review/rounds/{review_round.id}/decisions", query


def get(client, review_round, **query):
    url, query = decisions_url(review_round, **query)
    return client.get(url, query_string=query)


def listed(html):
    return [int(n) for n in re.findall(r'<details class="proposal-row" id="proposal-(\d+)"', html)]


@pytest.fixture
def people(make_participant):
    """Six clusters and two businesses: the businesses are too few to be filtered on alone."""
    return [make_participant("klusterit") for _ in range(6)] + [
        make_participant("yritykset") for _ in range(2)
    ]


def test_kinds_follow_the_strategys_structure_not_their_keys():
    assert KIND_ORDER[:6] == (
        "describe_focus_area",
        "add_challenge",
        "add_solution",
        "add_action",
        "add_measure",
        "change_target",
    )
    assert tuple(sorted(KIND_ORDER)) != KIND_ORDER
    assert set(KIND_ORDER) == {str(kind) for kind in KIND_NAMES}


def test_each_proposal_is_one_row_with_its_card_on_demand(
    logged_in_client, review_round, propose, people
):
    proposal = propose(people[0], text="Vetytalouden osaajapula")
    html = get(logged_in_client, review_round).get_data(as_text=True)
    row = html[html.index(f'id="proposal-{proposal.id}"') :]
    summary = row[: row.index("</summary>")]
    assert "Uusi haaste" in summary and "Vetytalouden osaajapula" in summary
    assert "+0 / −0" in summary and "Julkaistu" in summary
    assert f'id="proposal-{proposal.id}-card"' in row  # the full card inside the closed row
    assert not re.search(rf'id="proposal-{proposal.id}" open', html)
    # Back from a form, the row of the proposal acted on is open.
    opened = get(logged_in_client, review_round, opened=proposal.id).get_data(as_text=True)
    assert re.search(rf'id="proposal-{proposal.id}" open', opened)


def test_the_kind_filter_lists_kinds_in_the_strategys_order(logged_in_client, review_round):
    html = get(logged_in_client, review_round).get_data(as_text=True)
    select = html[
        html.index('id="filter-kind"') : html.index("</select>", html.index('id="filter-kind"'))
    ]
    values = re.findall(r'<option value="(\w*)"', select)
    assert values == ["", *KIND_ORDER]


def test_filters_by_kind_status_area_and_group(
    logged_in_client, review_round, propose, people, facilitator, make_participant
):
    challenge = propose(people[0], kind="add_challenge")
    removal = propose(people[1], kind="remove", target=CHALLENGE, text="")
    others = [propose(person, kind="add_action") for person in people[2:5]]
    business = propose(people[6], kind="free", target="focus_area/digitaaliset-palvelut", text="X")
    staff = propose(user=facilitator, kind="free", text="Fasilitaattorin")
    municipal = [propose(make_participant("kunnat"), kind="add_action") for _ in range(4)]
    services.hide(removal, "Asiaton")
    db.session.commit()
    free = get(logged_in_client, review_round, kind="free").get_data(as_text=True)
    assert listed(free) == [business.id, staff.id]
    hidden = get(logged_in_client, review_round, status="hidden").get_data(as_text=True)
    assert listed(hidden) == [removal.id]
    area = get(logged_in_client, review_round, area="digitaaliset-palvelut").get_data(as_text=True)
    assert listed(area) == [business.id]
    clusters = get(logged_in_client, review_round, group="klusterit").get_data(as_text=True)
    # Five clusters proposed: they may be filtered on; the one business and the four
    # municipalities only together, as other groups.
    assert sorted(listed(clusters)) == sorted([challenge.id, removal.id, *(p.id for p in others)])
    assert get(logged_in_client, review_round, group="yritykset").status_code == 400
    assert get(logged_in_client, review_round, group="kunnat").status_code == 400
    other = get(logged_in_client, review_round, group="other").get_data(as_text=True)
    assert sorted(listed(other)) == sorted([business.id, *(p.id for p in municipal)])
    by_staff = get(logged_in_client, review_round, group="staff").get_data(as_text=True)
    assert listed(by_staff) == [staff.id]


def test_a_small_proposer_group_is_not_offered_alone(
    logged_in_client, review_round, propose, people
):
    for person in people[:5]:
        propose(person)
    propose(people[6])
    propose(people[7])
    html = get(logged_in_client, review_round).get_data(as_text=True)
    select = html[
        html.index('id="filter-group"') : html.index("</select>", html.index('id="filter-group"'))
    ]
    values = re.findall(r'<option value="([\w-]*)"', select)
    # Two businesses proposed: they are too few to be shown alone, and too few to be "other
    # groups" on their own, so no group can be chosen (only all, and the facilitators).
    assert values == ["", "staff"]
    refused = get(logged_in_client, review_round, group="yritykset")
    assert refused.status_code == 400
    assert 'id="filter-errors"' in refused.get_data(as_text=True)


def test_sorts_by_support_and_by_date(logged_in_client, review_round, propose, people):
    first, second, third = (propose(people[n], text=f"Ehdotus {n}") for n in range(3))
    for person in people[3:6]:
        services.set_support(second, person, 1)
    services.set_support(third, people[3], 1)
    db.session.commit()
    assert listed(get(logged_in_client, review_round, sort="support").get_data(as_text=True)) == [
        second.id,
        third.id,
        first.id,
    ]
    newest = get(logged_in_client, review_round, sort="newest").get_data(as_text=True)
    assert listed(newest) == [third.id, second.id, first.id]
    oldest = get(logged_in_client, review_round, sort="oldest").get_data(as_text=True)
    assert listed(oldest) == [first.id, second.id, third.id]


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "cheapest"},
        {"kind": "add_everything"},
        {"status": "merged"},
        {"area": "nowhere"},
        {"show": "maybe"},
        {"opened": "x"},
        {"sort": ["support", "newest"]},
    ],
)
def test_wrong_filter_values_are_refused_with_a_message(
    logged_in_client, review_round, propose, people, query
):
    proposal = propose(people[0])
    response = logged_in_client.get(
        f"/review/rounds/{review_round.id}/decisions", query_string=query
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="filter-errors"' in html
    assert f'id="proposal-{proposal.id}"' not in html


def test_a_moderation_keeps_the_filters_and_opens_the_row(
    logged_in_client, review_round, propose, people
):
    proposal = propose(people[0])
    response = logged_in_client.post(
        f"/review/proposals/{proposal.id}/hide",
        data={f"h{proposal.id}-reason": "Asiaton", "_kind": "add_challenge", "_sort": "newest"},
    )
    location = response.headers["Location"]
    assert f"opened={proposal.id}" in location and "kind=add_challenge" in location
    assert location.endswith(f"sort=newest#proposal-{proposal.id}")


def test_120_proposals_render_compactly_and_fast(logged_in_client, review_round, propose, people):
    """The measured weight of the page with 120 proposals (the report gives the numbers)."""
    for n in range(120):
        proposal = propose(people[n % 6], text=f"Ehdotus {n}: lisää yhteistyötä " * 3)
        services.set_support(proposal, people[(n + 1) % 6], 1)
    db.session.commit()
    get(logged_in_client, review_round)  # warm the template cache
    started = time.perf_counter()
    response = get(logged_in_client, review_round)
    elapsed = time.perf_counter() - started
    html = response.get_data(as_text=True)
    assert len(listed(html)) == 120
    # One merge list for the page, not one per proposal (that was 120 x 120 options).
    assert html.count("<datalist") == 1
    assert html.count('<option value="') < 120 + 60
    size = len(response.data)
    print(f"decisions page, 120 proposals: {size / 1024:.0f} kB, {elapsed * 1000:.0f} ms")
    assert size < 120 * 6 * 1024
    assert elapsed < 3.0
