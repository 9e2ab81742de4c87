"""Strategiapaja: the participatory annual review of a smart specialisation strategy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, commands."""
    # Imported here, not at the top: `workshop run` must patch the process for gevent before
    # Flask and its dependencies are imported, and importing this package comes first.
    from flask import Flask

    from workshop.config import load_config, protect_personal_data

    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    protect_personal_data(app.config)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_connection_guard(app)
    # Before the security headers: its after-request step then runs after theirs and sees them.
    register_assets(app)
    register_security_headers(app)
    register_commands(app)
    register_mail_sender(app)
    return app


def register_extensions(app: Flask) -> None:
    from workshop import i18n, limits
    from workshop.auth.services import load_user
    from workshop.extensions import babel, csrf, db, login_manager, migrate, socketio
    from workshop.realtime import StrictPacket, connection_queues, message_queue_options

    db.init_app(app)
    import workshop.audit.models  # noqa: F401  (its table is part of the schema every domain writes to)
    import workshop.synthesis.models  # noqa: F401  (text features: any domain's texts)

    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = i18n.LOGIN_REQUIRED_MESSAGE
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    configure_join_limits(app)

    @app.before_request
    def _load_the_login_afresh():
        # Flask-Login keeps the loaded account in ``g``, which lives as long as the app
        # context: where one context serves several requests (tests, the socket server), a
        # login ended since (logout elsewhere, deactivation) must not be served from it.
        from flask import g

        g.pop("_login_user", None)

    limits.configure(app.config.get("LIMITS_REDIS_URL"), app.config["SECRET_KEY"])
    socketio.init_app(
        app,
        # Several processes share their events through Redis (docs/deployment.md).
        **message_queue_options(
            app.config.get("SOCKETIO_MESSAGE_QUEUE"),
            app.config.get("SOCKETIO_CHANNEL", "flask-socketio"),
        ),
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        serializer=StrictPacket,  # unreadable events get an error ack, not silence
    )
    connection_queues.install(socketio.server)  # one client's burst waits behind its own events


def configure_join_limits(app: Flask) -> None:
    from workshop.review.join_limits import joins

    joins.configure(app.config["JOIN_ADDRESS_BURST"], app.config["JOIN_SESSION_BURST"])


def register_blueprints(app: Flask) -> None:
    from workshop.assistant.events import register_events as register_assistant_events
    from workshop.assistant.views import blueprint as assistant_blueprint
    from workshop.audit.views import blueprint as audit_blueprint
    from workshop.auth.hosts import blueprint as hosts_blueprint
    from workshop.auth.views import blueprint as auth_blueprint
    from workshop.convening.invitation_views import blueprint as invitations_blueprint
    from workshop.convening.views import blueprint as convening_blueprint
    from workshop.evidence.views import blueprint as evidence_blueprint
    from workshop.evidence.views import live_blueprint as evidence_live_blueprint
    from workshop.exports.views import blueprint as exports_blueprint
    from workshop.i18n import blueprint as i18n_blueprint
    from workshop.privacy.views import blueprint as privacy_blueprint
    from workshop.proposals.events import register_events as register_proposal_events
    from workshop.proposals.views import blueprint as proposals_blueprint
    from workshop.realtime import register_malformed_event
    from workshop.recommendations.views import blueprint as recommendations_blueprint
    from workshop.report.views import blueprint as report_blueprint
    from workshop.review.events import register_events
    from workshop.review.views import blueprint as review_blueprint
    from workshop.review.views import participant_blueprint
    from workshop.steps.events import register_events as register_step_events
    from workshop.steps.views import blueprint as steps_blueprint
    from workshop.strategy.views import blueprint as strategy_blueprint
    from workshop.strategy.views import index
    from workshop.synthesis.events import register_events as register_synthesis_events
    from workshop.synthesis.views import blueprint as synthesis_blueprint
    from workshop.wrapup.views import blueprint as wrapup_blueprint

    app.add_url_rule("/", "index", index)
    app.register_blueprint(i18n_blueprint)
    app.register_blueprint(auth_blueprint)
    app.register_blueprint(audit_blueprint)
    app.register_blueprint(hosts_blueprint)
    app.register_blueprint(strategy_blueprint)
    app.register_blueprint(review_blueprint)
    app.register_blueprint(participant_blueprint)
    app.register_blueprint(steps_blueprint)
    app.register_blueprint(evidence_blueprint)
    app.register_blueprint(evidence_live_blueprint)
    app.register_blueprint(proposals_blueprint)
    app.register_blueprint(report_blueprint)
    app.register_blueprint(wrapup_blueprint)
    app.register_blueprint(assistant_blueprint)
    app.register_blueprint(privacy_blueprint)
    app.register_blueprint(recommendations_blueprint)
    app.register_blueprint(exports_blueprint)
    app.register_blueprint(invitations_blueprint)
    app.register_blueprint(convening_blueprint)
    app.register_blueprint(synthesis_blueprint)
    register_events()
    register_proposal_events()
    register_step_events()
    register_assistant_events()
    register_malformed_event()
    register_synthesis_events()
    register_api_blueprints(app)


def register_api_blueprints(app: Flask) -> None:
    from workshop.api.token_views import blueprint as tokens_blueprint
    from workshop.api.views import blueprint as api_blueprint
    from workshop.api.views import description_blueprint

    app.register_blueprint(api_blueprint)
    app.register_blueprint(description_blueprint)
    app.register_blueprint(tokens_blueprint)


def register_template_helpers(app: Flask) -> None:
    from workshop import i18n
    from workshop.text import text_blocks

    app.context_processor(i18n.template_context)
    # A global, not a context value: imported macros do not see the template context.
    app.jinja_env.globals["text_blocks"] = text_blocks


def register_error_handlers(app: Flask) -> None:
    from workshop import web
    from workshop.api.errors import register_api_errors

    web.register_error_handlers(app)
    register_api_errors(app)


def register_connection_guard(app: Flask) -> None:
    from workshop import connections

    connections.register_connection_guard(app)


def register_assets(app: Flask) -> None:
    from workshop import assets

    assets.register_assets(app)


def register_security_headers(app: Flask) -> None:
    from workshop import headers

    headers.register_security_headers(app)


def register_commands(app: Flask) -> None:
    # Imported for their effect: they attach `export proposals` and `export docx` to the group.
    import workshop.exports.cli  # noqa: F401
    import workshop.proposals.cli  # noqa: F401
    import workshop.report.cli  # noqa: F401
    import workshop.synthesis.round_cli  # noqa: F401  (attaches `synthesis round`)
    from workshop.assistant.cli import assistant_cli
    from workshop.auth.cli import user_cli
    from workshop.convening.cli import register_cli
    from workshop.demo.cli import demo_command
    from workshop.evidence.cli import funding_cli, indicators_cli
    from workshop.exports_cli import export_cli
    from workshop.privacy.cli import privacy_cli
    from workshop.recommendations.cli import recommendations_cli
    from workshop.review.cli import round_cli
    from workshop.strategy.cli import strategy_cli
    from workshop.synthesis.cli import synthesis_cli

    app.cli.add_command(user_cli)
    app.cli.add_command(assistant_cli)
    app.cli.add_command(strategy_cli)
    app.cli.add_command(round_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(indicators_cli)
    app.cli.add_command(funding_cli)
    app.cli.add_command(export_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(recommendations_cli)
    app.cli.add_command(register_cli)
    from workshop.api.cli import token_cli

    app.cli.add_command(token_cli)
    from workshop.convening.invitation_cli import invitations_cli

    app.cli.add_command(invitations_cli)
    app.cli.add_command(synthesis_cli)


def register_mail_sender(app: Flask) -> None:
    from workshop.convening.sender import register_mail_worker

    register_mail_worker(app)
