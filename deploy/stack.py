"""Runs the production topology on this machine from the files in deploy/: Debian's nginx with
deploy/nginx/strategiapaja.conf in front of N gunicorn processes (deploy/gunicorn.conf.py),
sharing Redis and one database. Used by the topology test (tests/topology/) and the benchmark
(``bench/live.py --processes N``).

No root is needed: nginx runs with its own prefix, configuration, pid file and logs in a work
directory (``daemon off``), the processes on the ports given. The site file is used as it is,
with only what a machine differs in replaced (the ports, the cache folder, the snippet's
path), each replacement checked to apply exactly where it should.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "strategiapaja.conf"
PROXY_SNIPPET = DEPLOY / "nginx" / "strategiapaja-proxy.conf"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
START_TIMEOUT = 60

# nginx's main context for a run without root. The access log names the upstream that served
# each request: the test finds a route cookie per process by it (the site logs nothing).
MAIN_CONF = """\
daemon off;
worker_processes {workers};
worker_rlimit_nofile {files};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
    worker_connections {connections};
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temporary}/client_body;
    proxy_temp_path {temporary}/proxy;
    fastcgi_temp_path {temporary}/fastcgi;
    uwsgi_temp_path {temporary}/uwsgi;
    scgi_temp_path {temporary}/scgi;
    log_format stack '$cookie_strategiapaja_route|$upstream_addr|$status|$request_uri';
    access_log {access_log};
    include {dir}/strategiapaja.conf;
}}
"""


def nginx_binary() -> str:
    """Debian's nginx, or a clear message of how to get it."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise RuntimeError("The topology needs Debian's nginx: apt-get install nginx")
    return found


def _replace_once(text: str, old: str, new: str, count: int = 1) -> str:
    found = text.count(old)
    if found != count:
        raise RuntimeError(f"{SITE.name}: expected {count} of {old!r}, found {found}")
    return text.replace(old, new)


def render_site(ports: list[int], listen: int, snippet: Path, cache: Path) -> str:
    """deploy/nginx/strategiapaja.conf for these ports and paths."""
    text = SITE.read_text(encoding="utf-8")
    servers = re.findall(r"^    server 127\.0\.0\.1:\d+ (.*);\n", text, flags=re.M)
    if len(servers) != 2:
        raise RuntimeError(f"{SITE.name}: expected the two example upstream servers")
    lines = "".join(f"    server {HOST}:{port} {servers[0]};\n" for port in ports)
    text = re.sub(r"(^    server 127\.0\.0\.1:\d+ .*;\n)+", lambda _: lines, text, flags=re.M)
    listen_lines = "    listen 80;\n    listen [::]:80;\n"
    text = _replace_once(text, listen_lines, f"    listen {HOST}:{listen};\n")
    text = _replace_once(text, "/etc/nginx/snippets/strategiapaja-proxy.conf", str(snippet), 3)
    return _replace_once(text, "/var/cache/nginx/strategiapaja", str(cache))


def _wait_for(url: str, process: subprocess.Popen, what: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log_path.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer {url} in {START_TIMEOUT} s")


def _stop(process: subprocess.Popen | None, timeout: float = 10) -> None:
    """Stop a process we started, by its pid, and its session's processes with it."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: start_new_session below
        process.wait(timeout)


def _children(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


@dataclass
class AppProcess:
    """One gunicorn master with its one gevent worker, on ``port``."""

    port: int
    argv: list[str]
    env: dict
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        with open(self.log_path, "ab") as output:
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def worker_pid(self, timeout: float = 30) -> int:
        """The gevent worker's pid (gunicorn's master starts a new one if it dies)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            children = _children(self.process.pid)
            if children:
                return children[0]
            time.sleep(0.05)
        raise RuntimeError(f"no gunicorn worker on port {self.port}")

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its worker so far (the live worker only)."""
        total = 0.0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class Stack:
    """nginx in front of one gunicorn process per port in ``ports``.

    ``wsgi_app`` is gunicorn's application (the default: deploy/gunicorn.conf.py's, the real
    app); ``env`` is every process's environment (database, secret key, Redis).
    """

    workdir: Path
    ports: list[int]
    nginx_port: int
    env: dict
    wsgi_app: str | None = None
    ready_path: str = "/"
    nginx_workers: int = 1
    processes: list[AppProcess] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.nginx_port}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "nginx" / "access.log"

    def start(self) -> Stack:
        try:
            for port in self.ports:
                self._start_process(port)
            for process in self.processes:
                url = process.url + self.ready_path
                _wait_for(url, process.process, "gunicorn", process.log_path)
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_process(self, port: int) -> None:
        argv = [str(VENV_BIN / "gunicorn"), "-c", str(GUNICORN_CONF), "--chdir", str(ROOT)]
        argv += ["--bind", f"{HOST}:{port}"]
        if self.wsgi_app:
            argv.append(self.wsgi_app)
        log_path = self.workdir / f"gunicorn-{port}.log"
        process = AppProcess(port, argv, self.env, log_path)
        self.processes.append(process)
        process.start()

    def _start_nginx(self) -> None:
        folder = self.workdir / "nginx"
        folder.mkdir(parents=True, exist_ok=True)
        # Started by root, nginx's workers run as nobody: their temporary files (large request
        # bodies) go where nobody may write; nginx makes its folders there itself.
        temporary = Path(tempfile.mkdtemp(prefix="strategiapaja-nginx-"))
        temporary.chmod(0o777)
        self._temporary = temporary
        snippet = folder / PROXY_SNIPPET.name
        shutil.copyfile(PROXY_SNIPPET, snippet)
        site = render_site(self.ports, self.nginx_port, snippet, temporary / "static-cache")
        (folder / "strategiapaja.conf").write_text(site, encoding="utf-8")
        files = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        if files == resource.RLIM_INFINITY:
            files = 65536
        main = MAIN_CONF.format(
            dir=folder,
            temporary=temporary,
            workers=self.nginx_workers,
            access_log=f"{self.access_log} stack",
            files=files,
            connections=max(1024, files - 256),
        )
        (folder / "nginx.conf").write_text(main, encoding="utf-8")
        log_path = folder / "nginx.out"
        argv = [nginx_binary(), "-p", str(folder), "-c", str(folder / "nginx.conf")]
        argv += ["-e", str(folder / "error.log")]
        with open(log_path, "ab") as output:
            self.nginx = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_for(self.url + self.ready_path, self.nginx, "nginx", folder / "error.log")

    def route_cookie(self, port: int, tries: int = 200) -> str:
        """A value of the route cookie that nginx sends to the process on ``port``."""
        for number in range(tries):
            value = f"probe{number}"
            request = urllib.request.Request(
                self.url + "/route-probe", headers={"Cookie": f"strategiapaja_route={value}"}
            )
            # A 404 is an answer from a process all the same.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=5).close()
            if self._served_by(value) == port:
                return value
        raise RuntimeError(f"no route cookie reaches port {port}")

    def _served_by(self, cookie: str) -> int | None:
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            for cookie_sent, ports in self.served():
                if cookie_sent == cookie and ports:
                    return ports[-1]
            time.sleep(0.02)
        return None

    def served(self) -> list[tuple[str, list[int]]]:
        """Each proxied request so far: its route cookie and the ports nginx tried, in order."""
        requests = []
        for line in self.access_log.read_text().splitlines():
            cookie, upstreams, *_ = line.split("|")
            ports = [int(u.rsplit(":", 1)[1]) for u in re.split(r"[,:] ", upstreams) if ":" in u]
            requests.append((cookie, ports))
        return requests

    def kill_worker(self, port: int) -> int:
        """SIGKILL the gevent worker of the process on ``port`` (its master restarts one)."""
        process = next(p for p in self.processes if p.port == port)
        pid = process.worker_pid()
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        _stop(self.nginx)
        for process in self.processes:
            process.stop()
        if getattr(self, "_temporary", None):
            shutil.rmtree(self._temporary, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def migrate(env: dict) -> None:
    """``workshop db upgrade`` on the stack's database (this checkout's migrations)."""
    subprocess.run(
        [str(VENV_BIN / "python"), "-m", "workshop", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=180,
    )
