"""Live themes under load: the answer ack p95 with and without them, and how long a new reason
takes to reach the console's themes.

    .venv/bin/python bench/live_themes.py --participants 300

Runs bench/live.py's protocol load (N participants join one session and answer every focus
area x question of the open scoring step, from load-generator processes) against the real app
twice, each on a fresh database: ``off`` with ``WORKSHOP_LIVE_THEMES=0`` and ``on`` with the
live themes. The logged-in facilitator's console (bench/live.py's observer) also asks for the
themes (``themes:sync``) and listens to ``themes:update``; beside it a probe participant sends,
once a ``--probe-every`` seconds while the room answers, a reason never seen before (so the
path includes embedding it in the worker processes) and times it from the send to the first
``themes:update`` whose texts were read after its acknowledgement (``as_of``).

Prints, for each run, bench/live.py's line and, for ``on``, the probe's latencies:

    off: participants=N answers=A answers_per_s=R ack_p50_ms=X ack_p95_ms=Y lost=L
    on:  participants=N ... ack_p95_ms=Y lost=L themes_updates=U reason_to_themes_p50_ms=...
         reason_to_themes_max_ms=... probes=P
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import live  # noqa: E402  (bench/live.py: the load generator and its servers)

# New texts for the probe: each is sent once, so its features are computed on arrival.
PROBE_TOPICS = [
    "tuulivoiman luvitus",
    "osaajapula",
    "vetytalouden investoinnit",
    "rahoituksen hakeminen",
    "yliopiston ja yritysten yhteistyö",
    "datakeskusten sähkönkulutus",
    "kaivosten ympäristöluvat",
    "kuntien elinvoima",
]
PROBE_SAYINGS = [
    "{topic} etenee hitaasti, kierros {n}",
    "Meillä {topic} on iso kysymys ({n})",
    "{topic} vaatii lisää resursseja, sanoi ryhmä {n}",
]


def probe_text(n: int) -> str:
    topic = PROBE_TOPICS[n % len(PROBE_TOPICS)]
    saying = PROBE_SAYINGS[(n // len(PROBE_TOPICS)) % len(PROBE_SAYINGS)]
    return saying.format(topic=topic, n=n)


class ThemesObserver(live.Observer):
    """bench/live.py's console, which also watches the themes and runs the probe."""

    code: str | None = None
    probe_every = 1.0
    last: ThemesObserver | None = None

    def __init__(self, name: str):
        super().__init__(name)
        self.themes: list[tuple[float, float]] = []  # (arrival, as_of) of each update
        self.probes: list[tuple[float, float]] = []  # (sent, acked) of each probe reason
        self.probe_task = None
        self.base_url = None
        ThemesObserver.last = self

    def _on_themes(self, data) -> None:
        if isinstance(data, dict) and isinstance(data.get("as_of"), int | float):
            self.themes.append((time.time(), float(data["as_of"])))

    async def start(self, base_url: str, session_id: int | None) -> None:
        await super().start(base_url, session_id)
        self.base_url = base_url
        self.sio.on("themes:update", self._on_themes)
        ack = await self.sio.call("themes:sync", {"session_id": session_id}, timeout=60)
        if not isinstance(ack, dict) or not ack.get("ok"):
            raise RuntimeError(f"themes:sync refused: {ack}")
        self.probe_task = asyncio.create_task(self._probe())

    async def _probe(self) -> None:
        """Join as one more participant; while the room answers, send a new reason now and
        then (one focus area, replacing the previous reason: a new text each time)."""
        async with self.http.post(
            self.base_url + "/api/join",
            json={"code": self.code, "group": "klusterit", "locale": "fi"},
        ) as response:
            joined = await response.json()
        client = live.new_client(self.http)
        await client.connect(
            self.base_url, auth={"token": joined["token"]}, transports=["websocket"]
        )
        try:
            state = await client.call("participant:sync", {}, timeout=live.REQUEST_TIMEOUT)
            step = state["step"]
            area, question = step["focus_areas"][0]["key"], step["questions"][0]["key"]
            n = 0
            while True:
                if not self.counting:
                    await asyncio.sleep(0.05)
                    continue
                sent = time.time()
                ack = await client.call(
                    "answer:submit",
                    {
                        "submission_id": uuid.uuid4().hex,
                        "step_id": step["id"],
                        "question": question,
                        "focus_area": area,
                        "value": 3,
                        "reason": probe_text(n),
                    },
                    timeout=live.REQUEST_TIMEOUT,
                )
                if isinstance(ack, dict) and ack.get("ok"):
                    self.probes.append((sent, time.time()))
                n += 1
                await asyncio.sleep(self.probe_every)
        finally:
            await client.disconnect()

    async def stop(self) -> None:
        if self.probe_task is not None:
            self.probe_task.cancel()
            await asyncio.gather(self.probe_task, return_exceptions=True)
        await super().stop()

    def latencies(self) -> list[float]:
        """Seconds from each probe's send to the first update that holds it."""
        found = []
        for sent, acked in self.probes:
            arrivals = [arrival for arrival, as_of in self.themes if as_of >= acked]
            if arrivals:
                found.append(min(arrivals) - sent)
        return found


def run(name: str, args) -> tuple[live.PhaseResult, ThemesObserver | None]:
    workdir = Path(tempfile.mkdtemp(prefix=f"strategiapaja-themes-{name}-"))
    try:
        database_url = f"sqlite:///{workdir / 'bench.sqlite'}"
        env = live.base_env(database_url)
        env["WORKSHOP_LIVE_THEMES"] = "1" if name == "on" else "0"
        setup = live.prepare_database(database_url, env, workdir)
        args.database_url = database_url
        ThemesObserver.code = setup["join_code"]
        ThemesObserver.probe_every = args.probe_every
        ThemesObserver.last = None
        # The same console and probe in both runs: the same traffic, themes on or off.
        live.Observer = ThemesObserver
        result = live.run_phase("app", args, workdir, env, setup, None)
        result.name = name
        return result, ThemesObserver.last
    finally:
        live.stop_all_servers()
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--think-ms", type=int, default=0)
    parser.add_argument("--client-processes", type=int, default=live.DEFAULT_CLIENT_PROCESSES)
    parser.add_argument("--port-base", type=int, default=5760)
    parser.add_argument("--probe-every", type=float, default=1.0)
    parser.add_argument("--settle", type=float, default=6.0)
    parser.add_argument("--only", choices=["off", "on"])
    args = parser.parse_args(argv)
    args.processes, args.profile = 0, None
    # Time for the last probes' themes to arrive after the room's last answer.
    live.OBSERVER_SETTLE = args.settle
    live.start_watchdog()
    live.raise_file_limit()
    live.log(live.describe_code_and_machine())
    lines = []
    for name in ("off", "on"):
        if args.only not in (None, name):
            continue
        result, observer = run(name, args)
        line = f"{name}: {result.line()}"
        if observer is not None and name == "on":
            latencies = sorted(observer.latencies())
            line += f" themes_updates={len(observer.themes)} probes={len(observer.probes)}"
            line += f" probes_seen={len(latencies)}"
            if latencies:
                line += (
                    f" reason_to_themes_p50_ms={statistics.median(latencies) * 1000:.0f}"
                    f" reason_to_themes_max_ms={latencies[-1] * 1000:.0f}"
                )
        lines.append(line)
        live.log(line)
    print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
