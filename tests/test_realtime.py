"""The Socket.IO test client fixture connects with the HTTP client's login."""

from flask_login import current_user

from workshop.extensions import socketio


def test_socket_client_shares_the_login_of_the_http_client(app, logged_in_client, facilitator):
    seen = []

    @socketio.on("connect", namespace="/fixture-check")
    def remember_user():
        seen.append(current_user.email if current_user.is_authenticated else None)

    client = socketio.test_client(
        app, namespace="/fixture-check", flask_test_client=logged_in_client
    )
    assert client.is_connected(namespace="/fixture-check")
    assert seen == [facilitator.email]
    client.disconnect(namespace="/fixture-check")
