"""The decisions page, moderation, the draft page, the version comparison and publishing."""

import csv
import io
import json

from tests.proposals.conftest import CHALLENGE, SOLUTION
from workshop.extensions import db
from workshop.proposals import draft, services
from workshop.strategy.models import VersionStatus


def test_the_decisions_page_lists_sorts_and_filters_proposals(
    logged_in_client, propose, participant, make_participant, review_round
):
    popular = propose(participant, text="Suosittu <script>alert(1)</script>")
    other = propose(
        participant, kind="add_challenge", target="focus_area/digitaaliset-palvelut", text="Toinen"
    )
    for person in (make_participant() for _ in range(2)):
        services.set_support(popular, person, 1)
    db.session.commit()
    page = logged_in_client.get(f"/review/rounds/{review_round.id}/decisions?sort=support")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert html.index(f'id="proposal-{popular.id}"') < html.index(f'id="proposal-{other.id}"')
    by_area = logged_in_client.get(
        f"/review/rounds/{review_round.id}/decisions?sort=focus_area"
    ).get_data(as_text=True)
    assert by_area.index(f'id="proposal-{other.id}"') < by_area.index(f'id="proposal-{popular.id}"')
    filtered = logged_in_client.get(
        f"/review/rounds/{review_round.id}/decisions?area=energia"
    ).get_data(as_text=True)
    assert f'id="proposal-{other.id}"' not in filtered


def test_a_facilitator_sees_no_decision_form_nor_publish_button(
    logged_in_client, propose, participant, review_round, facilitator
):
    proposal = propose(participant, kind="remove", target=CHALLENGE)
    page = logged_in_client.get(f"/review/rounds/{review_round.id}/decisions").get_data(
        as_text=True
    )
    assert f"/review/proposals/{proposal.id}/decision" not in page
    assert "Neuvosto päättää tästä ehdotuksesta." in page
    services.decide(proposal, "accepted", "Vanhentunut", facilitator)
    db.session.commit()
    draft_page = logged_in_client.get(f"/review/rounds/{review_round.id}/draft")
    assert "/draft/publish" not in draft_page.get_data(as_text=True)


def test_pages_need_a_facilitator(client, review_round):
    for url in (
        f"/review/rounds/{review_round.id}/decisions",
        f"/review/rounds/{review_round.id}/draft",
        f"/review/rounds/{review_round.id}/proposals.csv",
        "/strategy/diff",
    ):
        assert client.get(url).status_code == 302
    assert client.post(f"/review/rounds/{review_round.id}/draft/publish").status_code == 302


def test_deciding_on_the_page_builds_the_draft_and_the_draft_page_marks_it(
    council_client, propose, participant, review_round
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Uusi sanamuoto tähän")
    response = council_client.post(
        f"/review/proposals/{proposal.id}/decision",
        data={
            f"d{proposal.id}-outcome": "accepted_with_changes",
            f"d{proposal.id}-wording": "Neuvoston sanamuoto",
            f"d{proposal.id}-reason": "Selkeämpi",
            "_sort": "support",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"sort=support#proposal-{proposal.id}")
    assert proposal.decision.wording == "Neuvoston sanamuoto"
    page = council_client.get(f"/review/rounds/{review_round.id}/draft?view=changes")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<ins>Neuvoston sanamuoto</ins>" in html
    assert "<del>" in html and "Muutettu" in html
    assert f"#proposal-{proposal.id}" in html and "Selkeämpi" in html
    whole = council_client.get(f"/review/rounds/{review_round.id}/draft").get_data(as_text=True)
    assert "Energian tuotanto ja varastointi" in whole
    # In the strategy's own language there is nothing to mark or explain.
    assert 'lang="fi"><span>' not in whole and "omalla kielellä" not in whole


def test_a_decision_without_a_reason_is_refused_and_nothing_changes(
    council_client, propose, participant
):
    proposal = propose(participant)
    council_client.post(
        f"/review/proposals/{proposal.id}/decision", data={f"d{proposal.id}-outcome": "accepted"}
    )
    assert proposal.decision is None


def test_moderation_on_the_page_edits_merges_hides_and_approves(
    logged_in_client, propose, participant, review_round
):
    first = propose(participant, text="Vety")
    second = propose(participant, text="Vety2")
    third = propose(participant, text="Roskaa")
    logged_in_client.post(
        f"/review/proposals/{first.id}/edit", data={f"e{first.id}-text": "Vetytalous"}
    )
    logged_in_client.post(
        f"/review/proposals/{second.id}/merge", data={f"m{second.id}-into": str(first.id)}
    )
    logged_in_client.post(
        f"/review/proposals/{third.id}/hide", data={f"h{third.id}-reason": "Asiaton"}
    )
    db.session.expire_all()
    assert (first.text, first.original_text) == ("Vetytalous", "Vety")
    assert second.status == "merged" and second.merged_into_id == first.id
    assert third.status == "hidden" and third.hidden_reason == "Asiaton"
    html = logged_in_client.get(f"/review/rounds/{review_round.id}/decisions").get_data(
        as_text=True
    )
    assert "Alkuperäinen sanamuoto" in html and "Asiaton" in html
    logged_in_client.post(f"/review/proposals/{third.id}/approve")
    db.session.expire_all()
    assert third.status == "published"


def test_the_hold_setting_is_saved_from_the_decisions_page_and_the_round_form(
    logged_in_client, review_round
):
    logged_in_client.post(f"/review/rounds/{review_round.id}/hold", data={"hold_proposals": "y"})
    db.session.expire_all()
    assert review_round.hold_proposals is True
    logged_in_client.post(
        f"/review/rounds/{review_round.id}",
        data={"title": review_round.title, "year": "2026", "description": ""},
    )
    db.session.expire_all()
    assert review_round.hold_proposals is False


def test_downloads_are_csv_for_excel_and_json(
    logged_in_client, propose, participant, review_round, facilitator, every_group_shown
):
    proposal = propose(participant, text='=HYPERLINK("x")', rationale="+1; toinen rivi\nkolmas")
    services.decide(proposal, "rejected", "@ei", facilitator)
    db.session.commit()
    response = logged_in_client.get(f"/review/rounds/{review_round.id}/proposals.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0]["text"] == '\'=HYPERLINK("x")'
    assert rows[0]["rationale"] == "'+1; toinen rivi\nkolmas"
    assert rows[0]["reason"] == "'@ei" and rows[0]["decision"] == "rejected"
    assert rows[0]["group"] == "Klusterit" and rows[0]["supports"] == "0"
    document = json.loads(
        logged_in_client.get(f"/review/rounds/{review_round.id}/proposals.json").get_data()
    )
    assert document["proposals"][0]["text"] == '=HYPERLINK("x")'


def test_publishing_needs_confirmation_then_makes_the_draft_current(
    council_client, propose, participant, review_round, facilitator
):
    proposal = propose(participant, kind="remove", target=CHALLENGE)
    services.decide(proposal, "accepted", "Vanhentunut", facilitator)
    db.session.commit()
    version = draft.round_draft(review_round)
    council_client.post(f"/review/rounds/{review_round.id}/draft/publish", data={})
    db.session.expire_all()
    assert version.status == VersionStatus.DRAFT
    response = council_client.post(
        f"/review/rounds/{review_round.id}/draft/publish", data={"confirm": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert version.status == VersionStatus.CURRENT


def test_any_two_versions_can_be_compared(
    logged_in_client, propose, participant, review_round, facilitator
):
    proposal = propose(participant, kind="add_measure", target="measures", text="Datatalous")
    services.decide(proposal, "accepted", "Hyvä", facilitator)
    db.session.commit()
    base = review_round.strategy_version.number
    new = draft.round_draft(review_round).number
    html = logged_in_client.get(f"/strategy/diff?from={base}&to={new}").get_data(as_text=True)
    assert "<ins>Datatalous</ins>" in html and "Lisätty" in html
    same = logged_in_client.get(f"/strategy/diff?from={base}&to={base}").get_data(as_text=True)
    assert "<ins>" not in same.split("</form>", 1)[1]
    assert logged_in_client.get("/strategy/diff?from=99&to=1").status_code == 404
    assert logged_in_client.get("/strategy/diff?from=x").status_code == 200


def test_the_versions_page_links_each_version_to_its_comparison(
    logged_in_client, propose, participant, review_round, facilitator
):
    proposal = propose(participant, kind="add_measure", target="measures", text="Uusi")
    services.decide(proposal, "accepted", "Hyvä", facilitator)
    db.session.commit()
    html = logged_in_client.get("/strategy/versions").get_data(as_text=True)
    base, new = review_round.strategy_version.number, draft.round_draft(review_round).number
    assert f"/strategy/diff?from={base}&amp;to={new}" in html
    assert f"Vertaa versioon {base}" in html


def test_the_decision_form_starts_from_the_proposals_wording(
    council_client, propose, participant, review_round
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Ehdottajan sanamuoto")
    html = council_client.get(f"/review/rounds/{review_round.id}/decisions").get_data(as_text=True)
    field = f'name="d{proposal.id}-wording" rows="2">\r\nEhdottajan sanamuoto</textarea>'
    assert field in html


def test_an_abusive_comment_is_hidden_from_the_decisions_page(
    logged_in_client, propose, participant, review_round
):
    proposal = propose(participant)
    comment = services.add_comment(proposal, "Loukkaava", participant=participant)
    db.session.commit()
    logged_in_client.post(f"/review/comments/{comment.id}/hide", data={})
    db.session.expire_all()
    assert not comment.hidden
    response = logged_in_client.post(
        f"/review/comments/{comment.id}/hide",
        data={f"c{comment.id}-reason": "Henkilöön käyvä", "_show": "undecided"},
    )
    assert response.headers["Location"].endswith(f"show=undecided#proposal-{proposal.id}")
    db.session.expire_all()
    assert comment.hidden and comment.hidden_reason == "Henkilöön käyvä"
    assert logged_in_client.post("/review/comments/999999/hide").status_code == 404


def test_a_refused_change_after_publication_keeps_nothing(
    logged_in_client, propose, participant, review_round, facilitator
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Uusi")
    services.decide(proposal, "accepted", "Hyvä", facilitator)
    draft.publish_draft(review_round)
    db.session.commit()
    response = logged_in_client.post(
        f"/review/proposals/{proposal.id}/hide", data={f"h{proposal.id}-reason": "Myöhässä"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert proposal.status == "published" and proposal.hidden_reason == ""
    page = logged_in_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "päätöksiä ei voi enää muuttaa" in page


def test_the_pages_speak_english_too(
    logged_in_client, propose, participant, review_round, facilitator
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Uusi")
    services.decide(proposal, "accepted", "Hyvä", facilitator)
    db.session.commit()
    logged_in_client.get("/language/en")
    decisions = logged_in_client.get(f"/review/rounds/{review_round.id}/decisions")
    assert "Proposals and decisions" in decisions.get_data(as_text=True)
    page = logged_in_client.get(f"/review/rounds/{review_round.id}/draft").get_data(as_text=True)
    # The draft is shown in the strategy's own language, whatever the interface language,
    # said so on the page and marked for screen readers.
    assert "Draft of the next version" in page and "Energian tuotanto ja varastointi" in page
    assert "Changed" in page
    assert "shown in its own language, Finnish" in page
    assert '<span lang="fi"><span>Energian tuotanto ja varastointi</span></span>' in page
