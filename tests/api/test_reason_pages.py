"""Reasons page by page: ``after_id`` and ``next`` walk every reason once, in id order, and
the OpenAPI document describes both."""

from tests.api.conftest import bearer, score
from tests.api.schema_check import check
from workshop.extensions import db
from workshop.review import participation


def _pages(client, url, headers, limit):
    reasons, cursor, pages = [], None, 0
    while True:
        query = f"?limit={limit}" + (f"&after_id={cursor}" if cursor is not None else "")
        body = client.get(url + query, headers=headers).get_json()
        reasons += body["reasons"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return reasons, pages, body["total"]


def test_paging_with_after_id_gives_every_reason_once_in_id_order(client, world):
    url = f"/api/v1/rounds/{world['round'].id}/reasons"
    headers = bearer(world["tokens"]["read"])
    everything = client.get(url + "?limit=1000", headers=headers).get_json()
    assert everything["next"] is None and len(everything["reasons"]) == everything["total"]
    reasons, pages, total = _pages(client, url, headers, limit=4)
    assert total == 11 and pages == 3  # 4 + 4 + 3
    assert [r["id"] for r in reasons] == sorted(r["id"] for r in everything["reasons"])
    assert len({r["id"] for r in reasons}) == total
    # An exact multiple of the page: the last full page says there is no more.
    exact, pages, _ = _pages(client, url, headers, limit=11)
    assert pages == 1 and len(exact) == 11


def test_a_reason_written_while_paging_does_not_shift_the_pages(client, world):
    url = f"/api/v1/rounds/{world['round'].id}/reasons"
    headers = bearer(world["tokens"]["read"])
    first = client.get(url + "?limit=5", headers=headers).get_json()
    person = participation.join_session(world["session"], "klusterit")
    db.session.commit()
    score(person, world["step"], world["areas"][0], 4, "Myöhässä")
    db.session.commit()
    second = client.get(url + f"?limit=5&after_id={first['next']}", headers=headers).get_json()
    seen = {r["id"] for r in first["reasons"]}
    assert not seen & {r["id"] for r in second["reasons"]}
    assert min(r["id"] for r in second["reasons"]) > max(seen)


def test_the_document_describes_the_cursor(client, world):
    doc = client.get("/api/openapi.json").get_json()
    operation = doc["paths"]["/v1/rounds/{round_id}/reasons"]["get"]
    cursor = next(p for p in operation["parameters"] if p["name"] == "after_id")
    assert cursor["in"] == "query" and cursor["schema"]["type"] == "integer"
    assert "next" in doc["components"]["schemas"]["ReasonList"]["required"]
    response = client.get(
        f"/api/v1/rounds/{world['round'].id}/reasons?limit=2&after_id=0",
        headers=bearer(world["tokens"]["read"]),
    )
    body = check(doc, "get", "/rounds/{round_id}/reasons", response)
    assert isinstance(body["next"], int)
    wrong = client.get(
        f"/api/v1/rounds/{world['round'].id}/reasons?after_id=-1",
        headers=bearer(world["tokens"]["read"]),
    )
    assert wrong.status_code == 422 and "after_id" in wrong.get_json()["fields"]
