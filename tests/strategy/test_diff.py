"""Comparing two versions element by element."""

import copy
import json

from workshop.strategy.diff import Change, diff_versions, flatten
from workshop.strategy.services import builtin_strategy_text


def _data() -> dict:
    return json.loads(builtin_strategy_text())


def test_flatten_gives_every_element_a_reference_unique_across_focus_areas():
    elements = flatten(_data())
    kinds = [element.kind for element in elements.values()]
    assert kinds.count("focus_area") == 10
    assert kinds.count("challenge") == 24
    assert kinds.count("solution") == 71
    assert kinds.count("indicator") == 7
    solution = next(element for element in elements.values() if element.kind == "solution")
    assert solution.ref.startswith("focus_area/")
    assert "/challenge/" in solution.ref and solution.parent_ref in elements


def test_identical_versions_have_no_differences():
    assert diff_versions(_data(), _data()) == []


def test_added_changed_and_removed_elements_are_found_in_document_order():
    old = _data()
    new = copy.deepcopy(old)
    area = new["themes"][0]["focus_areas"][0]
    challenge = area["challenges"][0]
    removed = challenge["solutions"].pop(1)
    challenge["solutions"][0]["text"] = "Uusi muotoilu"
    challenge["solutions"].append({"key": "uusi", "text": "Vetytalouden osaamiskeskus"})
    new["indicators"][0]["target_text"] = "Kasvaa 2 % vuodessa"

    diffs = diff_versions(old, new)

    by_ref = {diff.ref: diff for diff in diffs}
    challenge_ref = f"focus_area/{area['key']}/challenge/{challenge['key']}"
    reworded = by_ref[f"{challenge_ref}/solution/{challenge['solutions'][0]['key']}"]
    assert reworded.change == Change.CHANGED and reworded.changed_fields == ("text",)
    assert reworded.new.text == "Uusi muotoilu" and reworded.old.text != "Uusi muotoilu"
    assert by_ref[f"{challenge_ref}/solution/{removed['key']}"].change == Change.REMOVED
    assert by_ref[f"{challenge_ref}/solution/uusi"].change == Change.ADDED
    indicator = by_ref[f"indicator/{new['indicators'][0]['key']}"]
    assert indicator.changed_fields == ("target_text",)
    refs = [diff.ref for diff in diffs]
    # The removed solution is shown where it was: right after the reworded first solution.
    assert refs.index(reworded.ref) + 1 == refs.index(f"{challenge_ref}/solution/{removed['key']}")
    assert refs[-1] == indicator.ref


def test_removing_a_challenge_lists_its_solutions_as_removed_too():
    old = _data()
    new = copy.deepcopy(old)
    challenge = new["themes"][0]["focus_areas"][0]["challenges"].pop(0)
    diffs = diff_versions(old, new)
    assert {diff.change for diff in diffs} == {Change.REMOVED}
    assert len(diffs) == 1 + len(challenge["solutions"])
