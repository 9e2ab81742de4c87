"""Round owners and co-hosts: the creator owns the round, the owner or an admin adds
co-hosts, and a facilitator sees and runs only the rounds it hosts (or ownerless ones)."""

import pytest

from tests.conftest import TEST_PASSWORD
from workshop.audit.models import AuditEvent
from workshop.extensions import db
from workshop.review import services as review_services
from workshop.review.models import ReviewRound


def _client(app, user):
    http = app.test_client()
    response = http.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return http


@pytest.fixture
def people(make_user):
    return {
        "owner": make_user("omistaja@example.org", name="Omistaja"),
        "other": make_user("toinen@example.org", name="Toinen"),
        "admin": make_user("yllapito@example.org", role="admin"),
    }


def test_the_creator_of_a_round_owns_it_and_others_do_not_see_it(app, people, strategy_version):
    owner = _client(app, people["owner"])
    response = owner.post("/review/", data={"title": "Kevät 2027", "year": "2027"})
    assert response.status_code == 302
    review_round = db.session.query(ReviewRound).one()
    assert review_round.owner_id == people["owner"].id
    other = _client(app, people["other"])
    assert "Kevät 2027" not in other.get("/review/").get_data(as_text=True)
    assert other.get(f"/review/rounds/{review_round.id}").status_code == 403
    assert "Kevät 2027" in owner.get("/review/").get_data(as_text=True)


def test_an_ownerless_round_is_run_by_every_facilitator(app, people, strategy_version):
    review_round = review_services.create_round(strategy_version, "Vanha kierros", 2025)
    db.session.commit()
    other = _client(app, people["other"])
    assert other.get(f"/review/rounds/{review_round.id}").status_code == 200


def test_the_owner_adds_and_removes_a_co_host_and_it_is_audited(app, people, strategy_version):
    review_round = review_services.create_round(
        strategy_version, "Kierros", 2026, owner=people["owner"]
    )
    db.session.commit()
    owner, other = _client(app, people["owner"]), _client(app, people["other"])
    assert other.get(f"/review/rounds/{review_round.id}").status_code == 403
    page = owner.get(f"/review/rounds/{review_round.id}/hosts").get_data(as_text=True)
    assert "Toinen" in page and "Lisää toiseksi vetäjäksi" in page
    owner.post(f"/review/rounds/{review_round.id}/hosts", data={"user": people["other"].id})
    assert other.get(f"/review/rounds/{review_round.id}").status_code == 200
    # A co-host runs the round but does not choose its hosts.
    hosts_page = other.get(f"/review/rounds/{review_round.id}/hosts").get_data(as_text=True)
    assert "Lisää toiseksi vetäjäksi" not in hosts_page
    refused = other.post(f"/review/rounds/{review_round.id}/hosts/{people['other'].id}/remove")
    assert refused.status_code == 403
    owner.post(f"/review/rounds/{review_round.id}/hosts/{people['other'].id}/remove")
    assert other.get(f"/review/rounds/{review_round.id}").status_code == 403
    events = (
        db.session.query(AuditEvent)
        .filter(AuditEvent.action.like("round.cohost%"))
        .order_by(AuditEvent.id)  # PostgreSQL gives no order unless asked
        .all()
    )
    assert [(e.action, e.actor_id, e.details) for e in events] == [
        ("round.cohost.add", people["owner"].id, {"user_id": people["other"].id}),
        ("round.cohost.remove", people["owner"].id, {"user_id": people["other"].id}),
    ]


def test_an_admin_adds_co_hosts_to_any_round_but_only_facilitators(app, people, strategy_version):
    review_round = review_services.create_round(
        strategy_version, "Kierros", 2026, owner=people["owner"]
    )
    db.session.commit()
    admin = _client(app, people["admin"])
    admin.post(f"/review/rounds/{review_round.id}/hosts", data={"user": people["admin"].id})
    admin.post(f"/review/rounds/{review_round.id}/hosts", data={"user": people["other"].id})
    db.session.expire_all()
    assert [u.id for u in review_round.cohosts] == [people["other"].id]
