"""``bench/live.py --processes N``: a server of the benchmark (the app or the bare server) run
as N gunicorn gevent processes behind nginx on Redis, by deploy/stack.py (the files of deploy/,
as the topology test runs them). It looks to live.py like its one-process ``Server``."""

from __future__ import annotations

import uuid
from pathlib import Path

from deploy.stack import Stack

NGINX_OFFSET = 3000


class StackServer:
    """The processes on ``port_base`` + 1, + 2, ... (the app's port and after), nginx on
    ``port_base`` + 3000."""

    def __init__(self, name: str, args, workdir: Path, env: dict, setup: dict, registry: list):
        self.name = name
        self.registry = registry
        self.process = None  # no one process to profile
        env = dict(env)
        # Every process of a run shares one Redis database (flushed first) and a channel of
        # its own (publish/subscribe ignores the database number).
        env.update(
            WORKSHOP_REDIS_URL=args.redis_url,
            WORKSHOP_REDIS_CHANNEL=f"strategiapaja-bench-{uuid.uuid4().hex}",
            WORKSHOP_PROXY_FIX="1",
            # Through nginx and WORKSHOP_PROXY_FIX every participant is 127.0.0.1, the load
            # generator's address: the per-address bound would measure itself.
            WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS=str(args.participants + 10),
        )
        wsgi_app, ready = None, f"/api/sessions/{setup['join_code']}"
        if name == "bare":
            env.update(
                BARE_STEP=str(workdir / "step.json"),
                BARE_REDIS_URL=env["WORKSHOP_REDIS_URL"],
                BARE_REDIS_CHANNEL=env["WORKSHOP_REDIS_CHANNEL"],
            )
            wsgi_app, ready = "bench.bare_server:gunicorn_app()", "/"
        ports = [args.port_base + 1 + index for index in range(args.processes)]
        folder = workdir / f"{name}-stack"
        folder.mkdir()
        nginx_port = args.port_base + NGINX_OFFSET
        self.stack = Stack(folder, ports, nginx_port, env, wsgi_app=wsgi_app, ready_path=ready)

    @property
    def url(self) -> str:
        return self.stack.url

    def start(self) -> None:
        import redis

        redis.Redis.from_url(self.stack.env["WORKSHOP_REDIS_URL"]).flushdb()
        self.registry.append(self)
        self.stack.start()

    def cpu_seconds(self) -> float:
        """CPU of every server process together (nginx's not counted)."""
        return sum(process.cpu_seconds() for process in self.stack.processes)

    def stop(self) -> None:
        self.stack.stop()
        if self in self.registry:
            self.registry.remove(self)
