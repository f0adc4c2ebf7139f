"""Benchmark: the case pages served by gunicorn from PostgreSQL holding 100,000 cases.

A scratch PostgreSQL database is created, migrated and seeded (bench/web_seed.py); the
application runs under gunicorn on 127.0.0.1 with debug off; one keep-alive client per
concurrent user signs in as Hải Phòng's coordinator, like a browser (CSRF cookie and
token, then the login form), and requests, at 1, 8 and 32 clients at once:

- the health check (``/suc-khoe/``, one ``SELECT 1``, no session): the baseline;
- the case list filtered to open cases, and to open cases of a pre-2025 district;
- the result page of a name search: each client POSTs one name once (the name must not
  travel in a URL), then the GET of ``/ho-so/?tim=<token>`` it was redirected to is
  measured;
- the case page of one of 500 Hải Phòng cases, chosen at random per request.

Each figure is printed with its ratio to the baseline at the same concurrency, then
whether the target holds: p95 under 150 ms at 8 clients for the list, the search and
the case page. The database is dropped at the end, also after a failure or Ctrl-C.

    make bench-web
    .venv/bin/python -m bench.web --cases 20000 --requests 200     # a quicker look
    .venv/bin/python -m bench.web --explain                        # plus EXPLAIN ANALYZE of each page's queries

``BENCH_POSTGRES_URL`` names the server and an administrative database to create the
scratch database from (default ``postgres://postgres@127.0.0.1:5432/postgres``).
"""

import argparse
import base64
import http.client
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
HOST = "127.0.0.1"
# Gunicorn's rule of thumb, 2 x CPUs + 1 processes of one thread each: a page is mostly Python
# (ORM, templates, decryption), which threads of one process cannot run in parallel, and the
# extra processes fill the CPUs while others wait on PostgreSQL. Measured on 2 CPUs with 8
# clients, 5 x 1 served the case page ~35% faster than 2 x 4 or 3 x 2 threads.
WORKERS = 2 * (os.cpu_count() or 1) + 1
TARGET_CLIENTS = 8
TARGET_P95_MS = 150.0
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CASE_LINK = re.compile(r'href="/ho-so/[0-9a-f-]{36}/"')


# --- the scratch database -------------------------------------------------------------------


@contextmanager
def scratch_database() -> Iterator[str]:
    """A new PostgreSQL database for this run, dropped on the way out whatever happens."""
    import psycopg

    name = f"hoanhap_bench_web_{os.getpid()}"
    admin = urllib.parse.urlsplit(ADMIN_URL)
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(admin._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"database {name} dropped")


def _random_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def configure(database_url: str) -> dict[str, str]:
    """Environment of this process and of gunicorn: fresh keys, debug off, this database."""
    settings = {
        "DJANGO_SETTINGS_MODULE": "hoanhap.settings.base",
        "DATABASE_URL": database_url,
        "HOANHAP_DEBUG": "false",
        "HOANHAP_SECRET_KEY": secrets.token_urlsafe(50),
        "HOANHAP_FIELD_KEYS": f"bench:{_random_key()}",
        "HOANHAP_BLIND_INDEX_KEY": _random_key(),
        "HOANHAP_ALLOWED_HOSTS": HOST,
        "HOANHAP_LOG_LEVEL": "WARNING",
        "HOANHAP_MEDIA_ROOT": tempfile.mkdtemp(prefix="hoanhap-bench-web-"),
    }
    os.environ.update(settings)
    return settings


# --- gunicorn ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    description: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # graceful: workers finish their request
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(env: dict[str, str], *, workers: int, threads: int) -> Server:
    port = _free_port()
    log = Path(env["HOANHAP_MEDIA_ROOT"]) / "gunicorn.log"
    # gthread workers keep connections alive between requests (sync workers close each one).
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "hoanhap.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=30",
        "--timeout=60",
        "--log-level=warning",
        f"--error-logfile={log}",
    ]
    with open(log, "wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env={**os.environ, **env}, stdout=log_file, stderr=subprocess.STDOUT
        )
    server = Server(port, process, log, f"gunicorn gthread, {workers} workers x {threads} threads")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up:\n{log.read_text()[-3000:]}")
        try:
            status, _, _ = HttpClient(port).request("GET", "/suc-khoe/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer /suc-khoe/ within a minute:\n{log.read_text()[-3000:]}")


# --- the clients ------------------------------------------------------------------------------


class HttpClient:
    """One browser: a keep-alive connection to 127.0.0.1 and its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location header, body) of one request; reconnects once if the server closed."""
        headers = {"Host": f"{HOST}:{self.port}", "Accept": "text/html", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.port}"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()  # an idle keep-alive connection the server let go
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), content.decode("utf-8", "replace")

    def form_token(self, path: str) -> str:
        status, _, page = self.request("GET", path)
        token = _CSRF_INPUT.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"{path}: HTTP {status}, CSRF token {'found' if token else 'missing'}")
        return token.group(1)

    def sign_in(self, username: str, password: str, totp_secret: str) -> None:
        """The password, then a code of the user's authenticator app."""
        from agencies.totp import code_at_step, time_step

        form = {"csrfmiddlewaretoken": self.form_token("/dang-nhap/"), "username": username, "password": password}
        status, location, _ = self.request("POST", "/dang-nhap/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in refused: HTTP {status} to {location!r}")
        code = code_at_step(totp_secret, time_step(time.time()))
        form = {"csrfmiddlewaretoken": self.form_token(location), "code": code}
        status, location, _ = self.request("POST", location, form)
        if status != 302:
            raise RuntimeError(f"second factor refused: HTTP {status} to {location!r}")

    def search(self, name: str) -> str:
        """POST a name from the list page's search form; returns the result page's URL."""
        status, _, page = self.request("GET", "/ho-so/")
        token = _CSRF_INPUT.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"case list: HTTP {status}")
        status, location, _ = self.request(
            "POST", "/ho-so/tim-kiem/", {"csrfmiddlewaretoken": token.group(1), "name": name}
        )
        if status != 302 or "tim=" not in location:
            raise RuntimeError(f"name search: HTTP {status} to {location!r}")
        return urllib.parse.urlsplit(location)._replace(scheme="", netloc="").geturl()

    def close(self) -> None:
        self.connection.close()


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Endpoint:
    key: str
    label: str
    paths: Callable[[int, random.Random], str]  # client number, its generator -> path of the next request
    anonymous: bool = False  # the baseline runs without a session
    target: bool = False  # held to the p95 target


@dataclass
class Result:
    endpoint: Endpoint
    clients: int
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    def quantile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000

    @property
    def p50(self) -> float:
        return self.quantile(50)

    @property
    def p95(self) -> float:
        return self.quantile(95)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0


def measure(endpoint: Endpoint, clients: list[HttpClient], *, requests: int, seconds: float, warmup: int = 3) -> Result:
    """``requests`` requests (or ``seconds``, whichever ends first) shared by the clients, at once."""
    result = Result(endpoint, len(clients))
    lock = threading.Lock()
    remaining = [requests]
    clock = {"began": 0.0, "deadline": 0.0}

    def start_clock() -> None:  # run once, when every client has warmed up
        clock["began"] = time.perf_counter()
        clock["deadline"] = clock["began"] + seconds

    start_line = threading.Barrier(len(clients) + 1, action=start_clock)

    def work(number: int, client: HttpClient) -> None:
        rng = random.Random(number)  # noqa: S311 - which case to open, not security
        try:
            for _ in range(warmup):
                client.request("GET", endpoint.paths(number, rng))
        finally:
            start_line.wait()
        while True:
            with lock:
                if remaining[0] <= 0 or time.perf_counter() > clock["deadline"]:
                    return
                remaining[0] -= 1
            path = endpoint.paths(number, rng)
            began = time.perf_counter()
            try:
                status, location, _ = client.request("GET", path)
            except (OSError, http.client.HTTPException) as error:
                result.errors.append(f"{path}: {error!r}")
                continue
            elapsed = time.perf_counter() - began
            with lock:
                if status == 200:
                    result.latencies.append(elapsed)
                else:
                    result.errors.append(f"{path}: HTTP {status} {location}")

    threads = [threading.Thread(target=work, args=(n, c), daemon=True) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    try:
        start_line.wait()
        for thread in threads:
            thread.join()
    except BaseException:
        remaining[0] = 0  # interrupted: the clients stop after their current request
        raise
    result.wall = time.perf_counter() - clock["began"]
    return result


# --- in-process look at the pages: queries per request, EXPLAIN ANALYZE --------------------------


@dataclass
class InProcess:
    """One request of a page at a time, in this process: what the page costs without contention."""

    queries: int
    total_ms: float  # median of a few requests
    sql_ms: float  # time in the database driver, of one request


def in_process(endpoints: list[Endpoint], username: str, search_name: str, *, explain: bool) -> dict[str, InProcess]:
    """Each page through the Django test client on the same database; optionally the plans of its queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agencies.models import User
    from core.testing.clients import FullySignedInClient

    client = FullySignedInClient(HTTP_HOST=HOST)
    client.force_login(User.objects.get(username=username))
    search_path = client.post("/ho-so/tim-kiem/", {"name": search_name})["Location"]
    figures: dict[str, InProcess] = {}
    for endpoint in endpoints:
        path = search_path if endpoint.key == "search" else endpoint.paths(0, random.Random(0))  # noqa: S311
        page = Client(HTTP_HOST=HOST) if endpoint.anonymous else client
        page.get(path)
        times = []
        for _ in range(5):
            began = time.perf_counter()
            page.get(path)
            times.append(time.perf_counter() - began)
        with CaptureQueriesContext(connection) as captured:
            page.get(path)
        sql = sum(float(q["time"]) for q in captured.captured_queries)
        figures[endpoint.key] = InProcess(len(captured.captured_queries), statistics.median(times) * 1000, sql * 1000)
        if explain:
            _explain(endpoint.label, [q["sql"] for q in captured.captured_queries])
    return figures


def _explain(label: str, queries: list[str]) -> None:
    from django.db import connection

    timed: list[tuple[float, str, str]] = []
    with connection.cursor() as cursor:
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found = re.search(r"Execution Time: ([\d.]+) ms", plan)
            timed.append((float(found.group(1)) if found else 0.0, sql, plan))
    print(f"\n=== {label}: {len(queries)} queries, SELECTs by execution time")
    for ms, sql, _ in sorted(timed, reverse=True):
        print(f"  {ms:8.2f} ms  {sql[:160]}")
    for ms, sql, plan in sorted(timed, reverse=True)[:2]:
        if ms >= 5:
            print(f"\n--- {ms:.1f} ms:\n{sql}\n{plan}")


# --- the run ----------------------------------------------------------------------------------


def _endpoints(seeded: Any, search_paths: list[str]) -> list[Endpoint]:
    cases = seeded.page_case_ids
    return [
        Endpoint("health", "health check (baseline: SELECT 1, no session)", lambda n, r: "/suc-khoe/", anonymous=True),
        Endpoint("list", "case list ?status=open", lambda n, r: "/ho-so/?status=open", target=True),
        Endpoint(
            "list_unit",
            f"case list ?status=open&unit=<{seeded.legacy_district_name}, pre-2025>",
            lambda n, r: f"/ho-so/?status=open&unit={seeded.legacy_district_id}",
            target=True,
        ),
        Endpoint("search", "name search: GET of the result page", lambda n, r: search_paths[n], target=True),
        Endpoint("page", "case page (500 cases at random)", lambda n, r: f"/ho-so/{r.choice(cases)}/", target=True),
    ]


def _print_table(results: list[Result], alone: dict[str, InProcess]) -> None:
    baseline = {r.clients: r for r in results if r.endpoint.anonymous}
    head = (
        f"{'endpoint':<58} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} "
        f"{'p50/base':>9} {'p95/base':>9} {'n':>5} {'err':>4}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for r in results:
        base = baseline[r.clients]
        print(
            f"{r.endpoint.label:<58} {r.clients:>7} {r.p50:>8.1f} {r.p95:>8.1f} {r.rate:>7.1f} "
            f"{r.p50 / base.p50:>8.1f}x {r.p95 / base.p95:>8.1f}x {len(r.latencies):>5} {len(r.errors):>4}"
        )
    print("\none request at a time, in-process (Django test client, same database):")
    print(f"{'endpoint':<58} {'queries':>7} {'total ms':>9} {'SQL ms':>7} {'rest ms':>8}")
    for endpoint in dict.fromkeys(r.endpoint.key for r in results):
        label = next(r.endpoint.label for r in results if r.endpoint.key == endpoint)
        f = alone[endpoint]
        print(f"{label:<58} {f.queries:>7} {f.total_ms:>9.1f} {f.sql_ms:>7.1f} {f.total_ms - f.sql_ms:>8.1f}")
    print("(rest: Python in the application (ORM, templates, decryption), sessions; SQL: time in the driver)")
    print("(pages show 50 cases; latencies are of the HTML only, static files are not fetched)")


def _verdict(results: list[Result]) -> bool:
    held = [r for r in results if r.endpoint.target and r.clients == TARGET_CLIENTS]
    print(f"\ntarget: p95 < {TARGET_P95_MS:.0f} ms at {TARGET_CLIENTS} concurrent clients")
    for r in held:
        ok = r.p95 < TARGET_P95_MS and not r.errors
        print(f"  {'met   ' if ok else 'MISSED'} {r.endpoint.label}: p95 {r.p95:.1f} ms")
    return all(r.p95 < TARGET_P95_MS and not r.errors for r in held) and bool(held)


def run(args: argparse.Namespace) -> int:
    with scratch_database() as database_url:
        env = configure(database_url)
        try:
            return _run(args, env)
        finally:
            shutil.rmtree(env["HOANHAP_MEDIA_ROOT"], ignore_errors=True)


def _run(args: argparse.Namespace, env: dict[str, str]) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from bench.web_seed import seed

    server_version = connection.cursor().connection.info.server_version
    print(f"database: PostgreSQL {server_version}, scratch database {connection.settings_dict['NAME']}")
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_admin_units", verbosity=0)
    call_command("load_regimes", verbosity=0)
    print(f"schema and reference data: {time.perf_counter() - started:.0f} s; seeding {args.cases:,} cases...")
    seeded = seed(cases=args.cases)
    print(f"seeded in {seeded.seconds:.0f} s: " + ", ".join(f"{n:,} {what}" for what, n in seeded.counts.items()))
    connections.close_all()

    server = start_server(env, workers=args.workers, threads=args.threads)
    clients: list[HttpClient] = []
    try:
        print(f"server: {server.description} on http://{HOST}:{server.port}/")
        most = max(args.clients)
        # One sign-in (a code is accepted once), its session shared by every client.
        for _ in range(most):
            client = HttpClient(server.port)
            if clients:
                client.cookies = dict(clients[0].cookies)
            else:
                client.sign_in(seeded.username, seeded.password, seeded.totp_secret)
            clients.append(client)
        names = [seeded.search_names[n % len(seeded.search_names)] for n in range(most)]
        search_paths = [client.search(name) for client, name in zip(clients, names, strict=True)]
        for client, path in zip(clients, search_paths, strict=True):
            status, _, page = client.request("GET", path)
            if status != 200 or not _CASE_LINK.search(page):
                raise RuntimeError(f"a name search found nothing: HTTP {status} for {path}")
        anonymous = [HttpClient(server.port) for _ in range(most)]
        clients += anonymous  # closed at the end with the others
        endpoints = _endpoints(seeded, search_paths)
        print(
            f"{most} clients signed in as {seeded.username}; each searched one name once (POST), "
            "the search figures are the GETs of its result page"
        )
        print(f"per endpoint and concurrency: up to {args.requests} requests or {args.seconds:.0f} s")
        print("load average before: " + " ".join(f"{n:.2f}" for n in os.getloadavg()))
        results: list[Result] = []
        for count in args.clients:
            for endpoint in endpoints:
                pool = anonymous if endpoint.anonymous else clients[:most]
                result = measure(endpoint, pool[:count], requests=args.requests, seconds=args.seconds)
                results.append(result)
                print(
                    f"  {count:>2} clients  {endpoint.key:<10} p50 {result.p50:7.1f} ms  p95 {result.p95:7.1f} ms"
                    f"  {result.rate:6.1f} req/s" + (f"  {len(result.errors)} errors" if result.errors else "")
                )
                for error in result.errors[:3]:
                    print(f"      {error}")
    finally:
        for client in clients:
            client.close()
        server.stop()
    print("load average after: " + " ".join(f"{n:.2f}" for n in os.getloadavg()))
    alone = in_process(endpoints, seeded.username, seeded.search_names[0], explain=args.explain)
    connections.close_all()
    _print_table(results, alone)
    _verdict(results)
    return 1 if any(r.errors for r in results) else 0  # a missed target is a finding, not a failure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases to seed (default 100,000)")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and concurrency (default 400)")
    parser.add_argument("--seconds", type=float, default=20, help="time limit per endpoint and concurrency (20 s)")
    parser.add_argument(
        "--clients", type=lambda v: [int(n) for n in v.split(",")], default=[1, 8, 32], help="default 1,8,32"
    )
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"gunicorn worker processes (default 2 x CPUs + 1 = {WORKERS})"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the queries of each page")
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl-C, so that gunicorn stops and the database is dropped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        sys.exit(run(args))
    except KeyboardInterrupt:
        print("interrupted: gunicorn stopped, scratch database dropped", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
