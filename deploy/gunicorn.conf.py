"""gunicorn settings of one Strategiapaja process (docs/deployment.md).

systemd runs one process per port (deploy/systemd/strategiapaja@.service passes
``--bind 127.0.0.1:%i``); nginx (deploy/nginx/strategiapaja.conf) spreads the phones over them.
"""

import resource

wsgi_app = "workshop:create_app()"
bind = ["127.0.0.1:8001"]  # the unit's --bind replaces it

# One gevent worker per process: a Socket.IO connection's state lives in the process that
# accepted it, and nginx keeps each browser on one process. Several processes share their
# events and limits through Redis (WORKSHOP_REDIS_URL).
worker_class = "gevent"
workers = 1
# gunicorn's gevent worker accepts this many connections at once (default 1,000): every
# phone's WebSocket is one, so leave room for a full hall plus its reconnections.
worker_connections = 10_000
# Kept-alive HTTP connections between requests (the app's own server closes them after 20 s).
keepalive = 20
# The master restarts a worker whose event loop has not answered its heartbeat for this long.
timeout = 30
graceful_timeout = 10
# Addresses are personal data: no access log here (nginx logs what the operator decides).
accesslog = None
errorlog = "-"
# gunicorn reads X-Forwarded-Proto only from this address (nginx on the same machine); the app
# reads X-Forwarded-For itself with WORKSHOP_PROXY_FIX=1.
forwarded_allow_ips = "127.0.0.1"
# gunicorn 27's control socket has one default path per user: several processes on one
# machine would fight over it, and nothing here uses it.
control_socket_disable = True


def on_starting(server):
    """Raise the soft open-file limit to the hard one: every connection is a file, and a
    process out of files cannot even refuse politely (docs/security.md, "Connections").
    The worker inherits the master's limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server.log.info("Open-file limit %s", hard if soft < hard else soft)


def post_worker_init(worker):
    """What `workshop run` does before it serves: start the offload workers (the first
    export or login then does not wait for them to build their app) and keep the garbage
    collector from pausing the event loop (full collections of a third of a second with
    thousands of connections open: workshop.cli.tune_garbage_collector)."""
    from workshop import offload
    from workshop.cli import tune_garbage_collector

    offload.start(worker.wsgi)
    tune_garbage_collector()
