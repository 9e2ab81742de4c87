"""The minimum group size: a stakeholder group with fewer than WORKSHOP_MIN_GROUP_SIZE scores
never appears alone in any output (live results for staff, results revealed to participants
and their sync, the Word draft, the proposals export), and a total below it shows no mean."""
# ruff: noqa: F811  (pytest fixtures imported from tests.review.conftest are parameters here)

import csv
import io
import itertools
import json
import uuid

import pytest
from docx import Document

from tests.proposals.conftest import open_kind
from tests.review.conftest import (  # noqa: F401
    connect_participant,
    make_participant,
    make_round,
    open_session,
    review_round,
    scoring_step,
    staff_socket,
)
from workshop.config import load_config
from workshop.extensions import db
from workshop.proposals import services as proposals
from workshop.proposals.export import proposals_csv, proposals_json
from workshop.proposals.services import ProposalInput
from workshop.report.services import report_docx
from workshop.review import events, participation, services
from workshop.review.models import StepKind
from workshop.review.results import merge_counts, split_groups, summarise, suppress_small_groups

N = 5
PROGRESS, RELEVANCE = "edistyminen", "ajankohtaisuus"
KUNTA_REASON = "Kuntien näkökulma puuttuu vielä"


# The rule ---------------------------------------------------------------------------------


def test_groups_of_the_minimum_size_are_all_shown():
    split = split_groups({"a": 5, "b": 9}, N)
    assert (split.shown, split.merged) == (("a", "b"), ())


def test_small_groups_that_reach_the_minimum_together_are_other_groups():
    split = split_groups({"a": 10, "b": 3, "c": 2}, N)
    assert (split.shown, split.merged) == (("a",), ("b", "c"))


def test_one_small_group_takes_the_next_smallest_with_it():
    # "Other groups" of only c would be c itself: the total minus a and b.
    split = split_groups({"a": 10, "b": 6, "c": 1, "d": 8}, N)
    assert (split.shown, split.merged) == (("a", "d"), ("b", "c"))


def test_no_breakdown_when_the_rest_cannot_be_hidden():
    # b alone is too small, and with a merged too there is nothing left to show apart.
    assert split_groups({"a": 6, "b": 2}, N).shown == ()
    assert split_groups({"a": 2, "b": 2}, N).shown == ()
    assert split_groups({"a": 3}, N).shown == ()


def test_a_minimum_of_one_shows_every_group():
    assert split_groups({"a": 1, "b": 0}, 1).shown == ("a", "b")


def test_no_group_below_the_minimum_can_be_seen_or_derived_from_any_sizes():
    """Every split of 1–4 groups of 0–7 scores: what is shown alone has at least N, and so has
    the rest (the total minus the shown groups), which is never a single group."""
    for count in range(1, 5):
        for sizes in itertools.product(range(8), repeat=count):
            groups = {f"g{i}": size for i, size in enumerate(sizes)}
            split = split_groups(groups, N)
            assert set(split.shown) | set(split.merged) == set(groups)
            assert all(groups[key] >= N for key in split.shown)
            if split.shown and split.merged:
                assert sum(groups[key] for key in split.merged) >= N
                assert len(split.merged) >= 2


def _item(by_group, previous=(None, 0)):
    distribution = {}
    for summary in by_group.values():
        for value, n in summary["distribution"].items():
            distribution[int(value)] = distribution.get(int(value), 0) + n
    total = summarise(distribution, sum(summary["dont_know"] for summary in by_group.values()))
    mean, count = previous
    change = round(total["mean"] - mean, 2) if mean is not None and total["mean"] else None
    return {
        **total,
        "by_group": by_group,
        "previous_mean": mean,
        "previous_count": count,
        "change": change,
    }


def test_other_groups_carry_the_merged_groups_statistics():
    item = _item(
        {"a": summarise({4: 6}), "b": summarise({2: 3}), "c": summarise({5: 2}, dont_know=2)}
    )
    shown = suppress_small_groups(item, N)
    assert list(shown["by_group"]) == ["a"]
    others = shown["other_groups"]
    assert others["groups"] == ["b", "c"]
    assert (others["count"], others["dont_know"], others["distribution"]) == (
        5,
        2,
        {"2": 3, "5": 2},
    )
    assert others["mean"] == 3.2
    assert "previous_count" not in shown and shown["withheld"] is False


def test_a_group_of_only_dont_know_answers_is_merged_too():
    item = _item({"a": summarise({4: 6}), "b": summarise({3: 5}), "c": summarise({}, 3)})
    shown = suppress_small_groups(item, N)
    # c has no score: it is small, and b (the smaller of the others) joins it.
    assert list(shown["by_group"]) == ["a"] and shown["other_groups"]["groups"] == ["b", "c"]


def test_a_total_below_the_minimum_shows_its_count_only():
    item = _item({"a": summarise({2: 1, 5: 2}, dont_know=1)}, previous=(3.0, 20))
    shown = suppress_small_groups(item, N)
    assert shown["withheld"] is True
    assert (shown["count"], shown["dont_know"]) == (3, 1)
    assert shown["distribution"] == {} and shown["mean"] is None and shown["median"] is None
    assert shown["spread"] is None and shown["change"] is None
    assert shown["by_group"] == {} and shown["other_groups"] is None
    assert shown["previous_mean"] == 3.0


def test_a_previous_mean_of_too_few_scores_is_not_compared_with():
    item = _item({"a": summarise({4: 6})}, previous=(2.0, 3))
    shown = suppress_small_groups(item, N)
    assert shown["mean"] == 4.0
    assert shown["previous_mean"] is None and shown["change"] is None


def test_participant_counts_are_merged_by_the_same_rule():
    counts = {"total": 14, "by_group": {"a": 7, "b": 6, "c": 1}}
    assert merge_counts(counts, N) == {"total": 14, "by_group": {"a": 7}, "other_groups": 7}


def test_the_minimum_is_five_unless_configured(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKSHOP_MIN_GROUP_SIZE", raising=False)
    assert load_config(str(tmp_path))["MIN_GROUP_SIZE"] == 5
    monkeypatch.setenv("WORKSHOP_MIN_GROUP_SIZE", "8")
    assert load_config(str(tmp_path))["MIN_GROUP_SIZE"] == 8
    monkeypatch.setenv("WORKSHOP_MIN_GROUP_SIZE", "0")
    with pytest.raises(ValueError):
        load_config(str(tmp_path))


# Every output -----------------------------------------------------------------------------


def _score(person, step, area, question, value, reason=""):
    participation.submit_answer(
        person,
        submission_id=uuid.uuid4().hex,
        step_id=step.id,
        question_key=question,
        focus_area_key=area,
        value=value,
        reason=reason,
    )


@pytest.fixture
def workshop(review_round, scoring_step, make_participant):
    """Six cluster people, five from companies and one from a municipality scored the first
    focus area; only the municipality scored its relevance. Two of them proposed."""
    area = services.step_focus_areas(scoring_step)[0].key
    clusters = [make_participant("klusterit") for _ in range(6)]
    companies = [make_participant("yritykset") for _ in range(5)]
    municipality = make_participant("kunnat")
    for person, value in zip(clusters, [4, 4, 4, 5, 5, 5], strict=True):
        _score(person, scoring_step, area, PROGRESS, value)
    for person, value in zip(companies, [3, 3, 3, 3, 4], strict=True):
        _score(person, scoring_step, area, PROGRESS, value)
    _score(municipality, scoring_step, area, PROGRESS, 1, reason=KUNTA_REASON)
    _score(municipality, scoring_step, area, RELEVANCE, 2)
    for author, text in ((municipality, "Kuntien ehdotus"), (clusters[0], "Klusterien ehdotus")):
        proposals.create_proposal(
            review_round,
            ProposalInput(kind="add_challenge", target_ref=f"focus_area/{area}", text=text),
            participant=author,
        )
    db.session.commit()
    return {"area": area, "step": scoring_step, "municipality": municipality}


def assert_no_small_group_alone(results: dict, area: str) -> None:
    """The municipality (1 score) and the companies (5, merged with it) are never alone."""
    assert results["min_group_size"] == N
    for item in results["items"]:
        assert all(summary["count"] >= N for summary in item["by_group"].values())
        others = item["other_groups"]
        assert others is None or (others["count"] >= N and len(others["groups"]) >= 2)
    items = {(i["focus_area"], i["question"]): i for i in results["items"]}
    progress = items[area, PROGRESS]
    assert list(progress["by_group"]) == ["klusterit"]
    assert progress["other_groups"]["groups"] == ["kunnat", "yritykset"]
    assert progress["other_groups"]["distribution"] == {"1": 1, "3": 4, "4": 1}
    relevance = items[area, RELEVANCE]
    assert relevance["withheld"] is True and relevance["count"] == 1
    assert relevance["mean"] is None and relevance["distribution"] == {}
    assert relevance["by_group"] == {} and relevance["other_groups"] is None


def _received(client, name):
    return [event["args"][0] for event in client.get_received() if event["name"] == name]


def test_no_output_shows_a_group_below_the_minimum_alone(
    workshop,
    review_round,
    staff_socket,
    connect_participant,
):
    area, step = workshop["area"], workshop["step"]

    # Live results for the console and the projector: the watch ack and the broadcast.
    ack = staff_socket.emit("staff:watch", {"session_id": step.session_id}, callback=True)
    assert_no_small_group_alone(ack["results"], area)
    staff_socket.get_received()
    events.publish_live_results(step.session_id)
    (staff_update,) = _received(staff_socket, "results:update")
    assert_no_small_group_alone(staff_update["results"], area)

    # Results revealed to participants: the broadcast and participant:sync.
    services.set_results_visible(step, True)
    db.session.commit()
    phone = connect_participant(workshop["municipality"])
    phone.get_received()
    events.publish_live_results(step.session_id)
    (phone_update,) = _received(phone, "results:update")
    assert_no_small_group_alone(phone_update["results"], area)
    assert phone_update["participants"] == {
        "total": 12,
        "by_group": {"klusterit": 6},
        "other_groups": 6,
    }
    sync = phone.emit("participant:sync", {}, callback=True)
    assert_no_small_group_alone(sync["results"], area)

    # The Word draft: results by group, participation by group, reasons, proposals.
    document = Document(io.BytesIO(report_docx(review_round, "fi")))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    group_tables = [t for t in tables if t[0] == ["Sidosryhmä", "Arvioita", *t[0][2:]]]
    assert group_tables
    small = {"Kunnat ja alueelliset edustajat", "Yritykset ja elinkeinoelämä"}
    for table in group_tables:
        assert not small & {row[0] for row in table}
    progress_table = next(t for t in group_tables if "Muut ryhmät" in {row[0] for row in t})
    assert [row[:2] for row in progress_table] == [
        ["Sidosryhmä", "Arvioita"],
        ["Klusterit", "6"],
        ["Muut ryhmät", "6"],
        ["Kaikki", "12"],
    ]
    participation_table = next(t for t in tables if t[0] == ["Sidosryhmä", "Osallistujat", "Osuus"])
    # Groups nobody joined still read 0; they hide no one.
    assert [row[:2] for row in participation_table[1:] if row[1] != "0"] == [
        ["Klusterit", "6"],
        ["Muut ryhmät", "6"],
        ["Kaikki", "12"],
    ]
    assert not small & {row[0] for row in participation_table}
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    # The reason fits no theme: it is quoted among the others, with no group beside it.
    assert f"”{KUNTA_REASON}”" in text
    assert not [p for p in text.splitlines() if KUNTA_REASON in p and "Kunnat" in p]
    annex = text[text.rindex("Liite: ehdotukset ja päätökset") :]
    assert "Kunnat ja alueelliset edustajat" not in annex
    assert "Ehdotus 1 · Uusi haaste · Muut ryhmät ·" in annex
    # The municipality's relevance score (the only one) is neither charted nor averaged.
    title = next(a.title for a in review_round.strategy_version.focus_areas if a.key == area)
    relevance = next(q.text for q in review_round.questions if q.key == RELEVANCE)
    charts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert f"Arvioiden jakauma, {title}: {relevance}" not in charts
    assert f"Arvioiden jakauma, {title}: " in "\n".join(charts)
    assert "1 arviota: liian vähän jakauman, keskiarvon, mediaanin ja hajonnan" in text

    # The proposals export, CSV and JSON: the proposer's group.
    rows = list(
        csv.DictReader(
            io.StringIO(proposals_csv(review_round).removeprefix("\ufeff")), delimiter=";"
        )
    )
    assert {row["text"]: row["group"] for row in rows} == {
        "Kuntien ehdotus": "Muut ryhmät",
        "Klusterien ehdotus": "Klusterit",
    }
    exported = json.loads(proposals_json(review_round))["proposals"]
    assert {row["text"]: (row["group"], row["group_label"]) for row in exported} == {
        "Kuntien ehdotus": ("other", "Muut ryhmät"),
        "Klusterien ehdotus": ("klusterit", "Klusterit"),
    }


def test_a_session_of_one_group_names_no_group_in_the_export(
    review_round,
    open_session,
    make_participant,
):
    author = make_participant("kunnat")
    make_participant("kunnat")
    open_kind(open_session, StepKind.PROPOSALS)  # proposals follow the open step
    proposals.create_proposal(
        review_round,
        ProposalInput(kind="add_challenge", target_ref="focus_area/energia", text="Ehdotus"),
        participant=author,
    )
    db.session.commit()
    (row,) = json.loads(proposals_json(review_round))["proposals"]
    assert row["group"] is None and row["group_label"] is None
