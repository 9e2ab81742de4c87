"""What a participant's sync carries of the strategy: shared where the content cannot change."""

from sqlalchemy import event as sa_event

from workshop.extensions import db, socketio
from workshop.review import participation, payloads, services
from workshop.strategy import services as strategy_services


def _statements_during(action) -> list[str]:
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    return statements


def _scoring_step_of(review_round):
    session = services.create_session(review_round, "Oulu", "")
    step = services.add_step(session, "scoring", "", [])  # every focus area, untitled
    db.session.commit()
    return step


def test_a_published_versions_focus_areas_are_built_once_for_every_participant(
    review_round, app_context
):
    step = _scoring_step_of(review_round)
    first = payloads.step_payload(step, "fi")
    db.session.expire_all()  # the next participant's sync starts from nothing loaded
    again = []
    statements = _statements_during(lambda: again.append(payloads.step_payload(step, "fi")))
    assert again[0] == first and len(first["focus_areas"]) == 10
    # The step, session, round, version and questions; no theme, area or sub-theme.
    tables = {"FROM theme", "FROM focus_area ", "FROM sub_theme"}
    assert not [s for s in statements if any(table in s for table in tables)]
    assert len(statements) <= 5, statements
    assert payloads.step_payload(step, "en")["focus_areas"][0]["title"] == (
        "Digital services and products"
    )


def test_a_payload_may_be_changed_without_changing_the_next_one(review_round, app_context):
    step = _scoring_step_of(review_round)
    payloads.step_payload(step, "fi")["focus_areas"][0]["sub_themes"].append("lisätty")
    payloads.step_payload(step, "fi")["focus_areas"].clear()
    assert "lisätty" not in payloads.step_payload(step, "fi")["focus_areas"][0]["sub_themes"]


def test_a_draft_versions_focus_areas_follow_its_edits(builtin_strategy_data, app_context):
    strategy_services.load_strategy(builtin_strategy_data)
    draft = strategy_services.load_strategy(builtin_strategy_data, make_current=False)
    review_round = services.create_round(draft, "Luonnoskierros", 2026)
    step = _scoring_step_of(review_round)
    assert payloads.step_payload(step, "fi")["focus_areas"][0]["title"] != "Uusi nimi"
    draft.focus_areas[0].title = "Uusi nimi"
    db.session.commit()
    assert payloads.step_payload(step, "fi")["focus_areas"][0]["title"] == "Uusi nimi"


def test_an_edited_question_reaches_the_next_sync(review_round, app_context):
    step = _scoring_step_of(review_round)
    payloads.step_payload(step, "fi")
    services.update_question(review_round.questions[0], text="Miten on mennyt?", english="")
    db.session.commit()
    assert payloads.step_payload(step, "fi")["questions"][0]["text"] == "Miten on mennyt?"


def test_a_rooms_connect_and_sync_take_a_query_and_four(
    app, scoring_step, make_participant, connect_participant
):
    connect_participant(make_participant()).emit("participant:sync", callback=True)
    late = make_participant(group="kunnat")
    token = participation.make_token(app.config["SECRET_KEY"], late)
    db.session.expunge_all()  # the server's requests start from nothing loaded
    clients = []
    connecting = _statements_during(
        lambda: clients.append(socketio.test_client(app, auth={"token": token}))
    )
    # The participant with their session, in one query.
    assert len(connecting) == 1, connecting
    states = []
    syncing = _statements_during(
        lambda: states.append(clients[0].emit("participant:sync", callback=True))
    )
    # The participant with group, session, round and version; the agenda; answers; questions.
    assert len(syncing) == 4, syncing
    assert states[0]["participant"]["group"] == "kunnat"
    assert states[0]["step"]["focus_areas"] and states[0]["step"]["questions"]
    clients[0].disconnect()
