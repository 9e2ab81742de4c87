"""The API's heavy reads (a round's results, its reasons) run through ``workshop.offload`` as
the exports do, and give the same answers from a worker process as in the server's."""

import pytest

from tests.api.conftest import bearer
from workshop import offload


@pytest.fixture
def jobs(monkeypatch):
    """The jobs sent to ``offload.run`` (still run, inline)."""
    sent = []
    run = offload.run

    def recording(job, *args, **kwargs):
        sent.append(job)
        return run(job, *args, **kwargs)

    monkeypatch.setattr(offload, "run", recording)
    return sent


def test_results_and_reasons_are_read_through_the_offload(client, world, jobs):
    headers = bearer(world["tokens"]["read"])
    round_id = world["round"].id
    assert client.get(f"/api/v1/rounds/{round_id}/results", headers=headers).status_code == 200
    assert client.get(f"/api/v1/rounds/{round_id}/reasons", headers=headers).status_code == 200
    assert jobs == ["workshop.api.reads:round_results", "workshop.api.reads:round_reasons"]


def test_a_small_groups_filter_is_still_refused_from_the_job(client, world, jobs):
    response = client.get(
        f"/api/v1/rounds/{world['round'].id}/reasons?group=kunnat",
        headers=bearer(world["tokens"]["read"]),
    )
    assert response.status_code == 409 and response.get_json()["error"] == "group_too_small"
    assert jobs == ["workshop.api.reads:round_reasons"]


def test_a_worker_process_gives_the_same_answers(app, client, world, monkeypatch):
    headers = bearer(world["tokens"]["read"])
    round_id = world["round"].id
    urls = [
        f"/api/v1/rounds/{round_id}/results",
        f"/api/v1/rounds/{round_id}/results?session={world['session'].id}",
        f"/api/v1/rounds/{round_id}/reasons?limit=3",
    ]
    inline = [client.get(url, headers=headers).get_json() for url in urls]
    monkeypatch.setitem(app.config, "OFFLOAD", "process")
    try:
        offloaded = [client.get(url, headers=headers).get_json() for url in urls]
    finally:
        offload.shutdown()
    assert offloaded == inline
    assert len(inline[2]["reasons"]) == 3
