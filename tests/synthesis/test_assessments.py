"""The council's texts: every save a new version with its author and time, the built-in draft
shown (and marked) until a person changes it, and the rules every path obeys."""
# ruff: noqa: F811  (the fixtures come from tests.review.conftest)

import pytest

from tests.review.conftest import make_round, review_round  # noqa: F401
from workshop.extensions import db
from workshop.synthesis import services
from workshop.synthesis.records import ROUND_SUMMARY
from workshop.synthesis.services import MAX_TEXT, SynthesisError

AREA = "energia"
DRAFT = "Edistyminen: keskiarvo 3,4 (40 arviota)."


@pytest.fixture
def council(make_user):
    return make_user("neuvosto@example.org", role="council", name="Neuvoston Jäsen")


def test_without_a_saved_version_the_draft_is_shown_marked_as_a_draft(review_round):
    shown = services.current(services.latest_texts(review_round).get(AREA), DRAFT)
    assert (shown.text, shown.is_draft, shown.saved) == (DRAFT, True, None)


def test_each_save_is_a_new_version_with_author_and_time(review_round, council):
    first = services.save_text(review_round, AREA, "Ensimmäinen arvio.", draft=DRAFT, actor=council)
    second = services.save_text(review_round, AREA, "Toinen arvio.", draft=DRAFT, actor=council)
    db.session.commit()
    versions = services.versions(review_round, AREA)
    assert [v.text for v in versions] == ["Toinen arvio.", "Ensimmäinen arvio."]
    assert all(v.author.name == "Neuvoston Jäsen" and v.created_at for v in versions)
    assert versions[0].created_at >= versions[1].created_at
    shown = services.current(services.latest_texts(review_round).get(AREA), DRAFT)
    assert shown.text == "Toinen arvio." and shown.is_draft is False
    assert shown.saved.id == second.id != first.id


def test_the_draft_saved_unchanged_stays_marked_as_a_draft(review_round, council):
    saved = services.save_text(review_round, AREA, f"  {DRAFT}\r\n", draft=DRAFT, actor=council)
    assert saved.is_draft is True
    edited = services.save_text(
        review_round, AREA, DRAFT + " Neuvosto lisää.", draft=DRAFT, actor=council
    )
    assert edited.is_draft is False


def test_saving_the_same_text_again_makes_no_version(review_round, council):
    services.save_text(review_round, AREA, "Arvio.", draft=DRAFT, actor=council)
    assert services.save_text(review_round, AREA, "Arvio.", draft=DRAFT, actor=council) is None
    assert len(services.versions(review_round, AREA)) == 1


def test_the_summary_and_the_areas_keep_their_own_versions(review_round, council):
    services.save_text(review_round, ROUND_SUMMARY, "Yhteenveto.", draft="", actor=council)
    services.save_text(review_round, AREA, "Arvio.", draft=DRAFT, actor=council)
    latest = services.latest_texts(review_round)
    assert latest[ROUND_SUMMARY].text == "Yhteenveto."
    assert latest[AREA].text == "Arvio."


def test_an_unknown_focus_area_is_refused(review_round, council):
    with pytest.raises(SynthesisError) as refused:
        services.save_text(review_round, "ei-ole", "Arvio.", draft="", actor=council)
    assert refused.value.code == "unknown_scope"


@pytest.mark.parametrize(
    ("text", "code"), [("", "empty"), ("  \u202e\n ", "empty"), ("a" * (MAX_TEXT + 1), "too_long")]
)
def test_empty_and_too_long_texts_are_refused(review_round, council, text, code):
    with pytest.raises(SynthesisError) as refused:
        services.save_text(review_round, AREA, text, draft="", actor=council)
    assert refused.value.code == code
    assert services.versions(review_round, AREA) == []


def test_control_and_bidi_characters_are_removed_and_emoji_kept(review_round, council):
    saved = services.save_text(
        review_round, AREA, "Hyvä\u202e kehitys 🌱\x07 <b>", draft="", actor=council
    )
    assert saved.text == "Hyvä kehitys 🌱 <b>"


def test_a_deleted_account_leaves_its_versions_unattributed(review_round, council):
    services.save_text(review_round, AREA, "Arvio.", draft=DRAFT, actor=council)
    db.session.commit()
    db.session.delete(council)
    db.session.commit()
    db.session.expire_all()
    (version,) = services.versions(review_round, AREA)
    assert version.text == "Arvio." and version.author is None
