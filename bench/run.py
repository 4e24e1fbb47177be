"""The benchmark: the app under gunicorn (2 sync workers, loopback) on generated data, signed in
through the real login form, every main page and download driven by wrk, beside two references
measured in the same interleaved rounds — B, a bare 50-row table page of the same app and base
template (no database, no signed-in user), and D, the Django admin's changelist over the same
entries. See bench/README.md.

    .venv/bin/python -m bench.run                 # 5 years, 20 staff, 3 rounds
    .venv/bin/python -m bench.run --quick         # one short round
    .venv/bin/python -m bench.run --scaling       # 1, 5, 10 years at 20 staff; 60 staff
"""

import argparse
import cProfile
import http.client
import io
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench import django_reference
from bench.generate import SUMMARY_FILE, build_database, close_connections
from bench.pages import ABSENT, REFERENCE_PATH, Page, pages

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SECRET_KEY = "benchmark secret key, loopback only"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
DJANGO_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_BAD = re.compile(r"Non-2xx or 3xx responses: (\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
REFERENCE_B = Page("B: bare table page (same app)", "", REFERENCE_PATH)
REFERENCE_D = Page("D: Django admin changelist", "", django_reference.CHANGELIST)
SCALING_SETS = ((1, 20), (5, 20), (10, 20), (1, 60))
DOWNLOAD_SECONDS = 10


# --- HTTP on loopback ------------------------------------------------------------------------


@dataclass
class Session:
    """Cookies of one signed-in reader of one server."""

    port: int
    cookies: dict = field(default_factory=dict)

    def header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        sent = {"Cookie": self.header(), **(headers or {})}
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, content


def sign_in(port: int, username: str, password: str) -> Session:
    """Through the app's own login form: its CSRF token, the post, the session cookie."""
    session = Session(port)
    _status, _headers, page = session.request("GET", "/login")
    token = CSRF_META.search(page.decode()).group(1)
    form = {"csrf_token": token, "username": username, "password": password}
    status, headers, _ = session.request("POST", "/login", form)
    if status != 303 or "/login" in headers.get("Location", "/login"):
        raise RuntimeError(f"signing in as {username} failed ({status})")
    return session


def sign_in_django(port: int) -> Session:
    session = Session(port)
    _status, _headers, page = session.request("GET", django_reference.LOGIN)
    token = DJANGO_CSRF.search(page.decode()).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "username": django_reference.SUPERUSER,
        "password": django_reference.PASSWORD,
        "next": "/admin/",
    }
    status, _headers, _ = session.request("POST", django_reference.LOGIN, form)
    if status != 302:
        raise RuntimeError(f"signing in to the Django admin failed ({status})")
    return session


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- gunicorn ----------------------------------------------------------------------------------


class Server:
    """gunicorn with 2 sync workers on a free loopback port."""

    def __init__(self, name: str, target: str, cwd: Path, env: dict, log: Path):
        self.name, self.port = name, free_port()
        command = [sys.executable, "-m", "gunicorn", "-w", "2", "-k", "sync"]
        command += ["-b", f"127.0.0.1:{self.port}", "--timeout", "120", target]
        self.log = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **env}, stdout=self.log, stderr=self.log
        )

    def wait(self, path: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped; see {self.log.name}")
            try:
                if Session(self.port).request("GET", path)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{self.name} did not answer in {seconds} s")
        # both workers have imported the app once the master lists two children
        while len(self.workers()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def memory(self) -> tuple[float, float]:
        """The largest worker's resident memory now and its peak (VmHWM), in MB."""
        now, peak = [], []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            now.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
            peak.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
        return max(now, default=0), max(peak, default=0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Sample:
    rate: float
    p50: float
    p99: float
    bad: int


def wrk_seconds(page: Page, seconds: int) -> int:
    """A download takes up to seconds: wrk runs long enough for several to finish."""
    return max(seconds, DOWNLOAD_SECONDS) if page.download else seconds


def wrk(port: int, path: str, cookie: str, seconds: int, connections: int) -> Sample:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "60s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 90,
    ).stdout
    latency = {p: float(value) * UNIT_MS[unit] for p, value, unit in WRK_LATENCY.findall(output)}
    bad = sum(int(n) for n in WRK_BAD.findall(output))
    for errors in WRK_SOCKET.findall(output):
        bad += sum(int(n) for n in errors)
    rate = float(WRK_RATE.search(output).group(1))
    return Sample(rate, latency.get("50", 0.0), latency.get("99", 0.0), bad)


def warm_up(session: Session, page: Page) -> None:
    """Both workers answer the page before it is timed (a download's imports load once)."""
    for _ in range(2 if page.download else 4):
        session.request("GET", page.path)


def drain(port: int, cheap_path: str) -> None:
    """Wait until the server has worked through what wrk left queued: its connections are gone,
    but sync workers still answer every request already accepted, which would eat into the
    next page's measurement. One cheap request waits behind them all."""
    Session(port).request("GET", cheap_path)


def serial_ms(session: Session, path: str, times: int) -> float:
    """The median time of one request at a time (connect, answer, whole body)."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        status, _headers, _body = session.request("GET", path)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return statistics.median(samples)


class InProcess:
    """The app in this process on the same data: queries counted per request, and profiles."""

    def __init__(self, data_dir: Path, summary: dict, database_url: str = ""):
        from app import create_app
        from bench.reference import add_reference

        config = {"DATA_DIR": data_dir, "SECRET_KEY": SECRET_KEY, "MALWARE_SCAN": "off"}
        if database_url:
            config["DATABASE_URL"] = database_url
        self.app = create_app(config)
        add_reference(self.app)
        self.clients = {}
        for role, username in summary["users"].items():
            client = self.app.test_client()
            token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
            form = {"csrf_token": token, "username": username, "password": summary["password"]}
            client.post("/login", data=form)
            self.clients[role] = client

    def get(self, page: Page):
        if page is REFERENCE_B:
            return self.app.test_client().get(page.path)
        return self.clients[page.role].get(page.path)

    def queries(self, page: Page) -> int:
        from playhouse.test_utils import count_queries

        self.get(page).close()
        with count_queries() as counter:
            self.get(page).close()
        return counter.count

    def profile(self, page: Page, lines: int) -> str:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            self.get(page).close()
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        # the app's own functions by cumulative time (the framework's frames only wrap them),
        # then everything by its own time
        stats.sort_stats("cumulative").print_stats(f"{ROOT}/app/", lines)
        stats.strip_dirs().sort_stats("tottime").print_stats(lines)
        return text.getvalue().replace(f"{ROOT}/", "")


# --- data --------------------------------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mentoru-bench"


def dataset(years: float, staff: int, seed: int, today: str) -> Path:
    """The generated data folder for (years, staff, seed, today) and the schema's last
    migration, built once and kept."""
    migration = max(path.stem for path in (ROOT / "migrations").glob("[0-9]*.py"))
    folder = cache_dir() / f"y{years:g}-s{staff}-seed{seed}-{today}-{migration[:4]}"
    if (folder / SUMMARY_FILE).exists():
        return folder
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    started = time.perf_counter()
    summary = build_database(building, years, staff, seed)
    print(f"generated {folder.name} in {time.perf_counter() - started:.0f} s: {summary['counts']}")
    building.rename(folder)
    return folder


def working_copy(source: Path, into: Path) -> Path:
    """A copy the servers may write to (sign-ins, audited downloads): the cache stays as built."""
    shutil.copytree(source, into, ignore=shutil.ignore_patterns("*.lock", "secret_key"))
    return into


def entry_rows(data_dir: Path, summary: dict, database_url: str = "") -> tuple[list, list, list]:
    """Mentors, activities and entries of the generated data, as the Django tables take them."""
    from peewee import JOIN

    from app import create_app
    from app.accounts import User
    from app.db import db
    from app.timesheets.models import ActivityType, Entry

    config = {"DATA_DIR": data_dir, "SECRET_KEY": SECRET_KEY, "APP_ENV": "development"}
    if database_url:
        config["DATABASE_URL"] = database_url
    create_app(config)
    with db.connection_context():
        mentors = list(
            User.select(User.id, User.display_name)
            .join(Entry, JOIN.INNER, on=(Entry.mentor == User.id))
            .distinct()
            .tuples()
        )
        activities = list(ActivityType.select(ActivityType.id, ActivityType.name_lv).tuples())
        entries = [
            (*row[:2], row[2].isoformat(), *row[3:9], row[9].isoformat(" "), row[10].isoformat(" "))
            for row in Entry.select(
                Entry.id,
                Entry.mentor,
                Entry.day,
                Entry.start_minute,
                Entry.end_minute,
                Entry.activity,
                Entry.place,
                Entry.note,
                Entry.paid_interpreting,
                Entry.created_at,
                Entry.updated_at,
            ).tuples()
        ]
    close_connections()
    # the mirrored table has a version column after paid_interpreting
    entries = [(*row[:9], 1, *row[9:]) for row in entries]
    return mentors, activities, entries


# --- the run -----------------------------------------------------------------------------------


def app_env(data_dir: Path, database_url: str = "") -> dict:
    env = {
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": SECRET_KEY,
        "APP_ENV": "production",
        "MALWARE_SCAN": "off",
        "BENCH_REFERENCE": "1",
        "PYTHONPATH": str(ROOT),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@dataclass
class Measured:
    page: Page
    samples: list[Sample] = field(default_factory=list)
    serial: float = 0.0
    queries: int | None = None

    def median(self, name: str) -> float:
        return statistics.median(getattr(s, name) for s in self.samples) if self.samples else 0.0


def measure(args, stack: ExitStack, scratch: Path) -> str:
    database_url = args.database_url
    if database_url:
        # PostgreSQL: generated afresh into the given (empty) database each run
        data_dir = scratch / "data"
        summary = build_database(data_dir, args.years, args.staff, args.seed, database_url)
    else:
        source = dataset(args.years, args.staff, args.seed, args.today)
        summary = json.loads((source / SUMMARY_FILE).read_text())
        data_dir = working_copy(source, scratch / "data")
    django_dir = scratch / "django"
    django_reference.build(django_dir, *entry_rows(data_dir, summary, database_url), os.environ)
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    server = Server(
        "app", "bench.serve:app", ROOT, app_env(data_dir, database_url), logs / "app.log"
    )
    stack.callback(server.stop)
    reference = Server(
        "django",
        "benchsite.wsgi:application",
        django_dir,
        django_reference.django_env(django_dir),
        logs / "django.log",
    )
    stack.callback(reference.stop)
    server.wait("/login")
    reference.wait(django_reference.LOGIN)
    fresh = server.memory()[0]
    django_fresh = reference.memory()[0]

    sessions = {
        role: sign_in(server.port, name, summary["password"])
        for role, name in summary["users"].items()
    }
    sessions[""] = Session(server.port)
    django_session = sign_in_django(reference.port)
    targets = [Measured(REFERENCE_B), Measured(REFERENCE_D)]
    for page in pages(summary):
        status = sessions[page.role].request("GET", page.path)[0]
        if page.optional and status in ABSENT:
            print(f"skipped {page.name}: {page.path} answers {status} in this version")
            continue
        if status != 200:
            raise RuntimeError(f"{page.name}: {page.path} answered {status}")
        targets.append(Measured(page))

    def port_and_session(page: Page) -> tuple[int, Session]:
        if page is REFERENCE_D:
            return reference.port, django_session
        return server.port, sessions[page.role]

    for target in targets:
        port, session = port_and_session(target.page)
        warm_up(session, target.page)
    warm = server.memory()[0]
    for target in targets:
        _port, session = port_and_session(target.page)
        target.serial = serial_ms(
            session, target.page.path, 3 if target.page.download else args.serial
        )
    print(
        f"serial times taken; {args.rounds} rounds of wrk -c{args.connections} -d{args.duration}s"
    )
    for number in range(1, args.rounds + 1):
        for target in targets:
            port, session = port_and_session(target.page)
            seconds = wrk_seconds(target.page, args.duration)
            target.samples.append(
                wrk(port, target.page.path, session.header(), seconds, args.connections)
            )
            drain(port, django_reference.LOGIN if target.page is REFERENCE_D else REFERENCE_PATH)
        print(f"round {number} done")
    peak = server.memory()[1]
    django_peak = reference.memory()[1]

    in_process = InProcess(data_dir, summary, database_url)
    for target in targets:
        if target.page is not REFERENCE_D:
            target.queries = in_process.queries(target.page)
    profiles = ""
    if args.profile:
        slowest = sorted(targets[2:], key=lambda t: t.serial, reverse=True)[: args.profile]
        for target in slowest:
            profiles += f"\n## {target.page.name} ({target.page.path})\n\n```\n"
            profiles += in_process.profile(target.page, args.profile_lines) + "```\n"
        (OUT / "profiles.md").write_text(profiles)
        print(f"profiles of the {args.profile} slowest pages: {OUT / 'profiles.md'}")

    memory = (
        f"Worker RSS: app fresh {fresh:.0f} MB, after warm-up {warm:.0f} MB, peak {peak:.0f} MB; "
        f"Django fresh {django_fresh:.0f} MB, peak {django_peak:.0f} MB."
    )
    return report(targets, summary, args, memory)


def report(targets: list[Measured], summary: dict, args, memory: str) -> str:
    bare, django = targets[0], targets[1]

    def ratio(target: Measured, base: Measured) -> float:
        """The median of each round's ratio of rates: load noise hits a round's pages alike."""
        return statistics.median(
            own.rate / other.rate if other.rate else 0.0
            for own, other in zip(target.samples, base.samples, strict=True)
        )

    header = "| page | req/s | p50 ms | p99 ms | serial ms | queries | ÷ B | ÷ D | errors |"
    lines = [header, "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for target in targets:
        queries = "–" if target.queries is None else str(target.queries)
        lines.append(
            f"| {target.page.name} | {target.median('rate'):.1f} | {target.median('p50'):.1f} | "
            f"{target.median('p99'):.1f} | {target.serial:.1f} | {queries} | "
            f"{ratio(target, bare):.3f} | {ratio(target, django):.2f} | "
            f"{sum(s.bad for s in target.samples)} |"
        )
    counts = summary["counts"]
    data = (
        f"Data: {args.years:g} years to {summary['today']}, seed {args.seed}: "
        f"{counts['entries']} entries, {counts['case files']} case files, "
        f"{counts['meetings']} meetings, {counts['training sessions']} training sessions, "
        f"{counts['staff']} staff over the years ({args.staff} at a time)."
    )
    return "\n\n".join([machine(args), data, memory, "\n".join(lines)]) + "\n"


def machine(args) -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    engine = "PostgreSQL" if args.database_url else f"SQLite {sqlite3.sqlite_version}"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[
        0
    ]
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {engine}, "
        f"{wrk_version.split(' [')[0]}; gunicorn 2 sync workers; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC."
    )


def scaling(args, stack: ExitStack, scratch: Path) -> str:
    """The same pages on each (years, staff) set, interleaved page by page; each page's serial
    time and rate as a ratio to the first set's."""
    servers, sessions, page_lists = [], [], []
    for years, staff in SCALING_SETS:
        source = dataset(years, staff, args.seed, args.today)
        summary = json.loads((source / SUMMARY_FILE).read_text())
        data_dir = working_copy(source, scratch / f"data-{years}-{staff}")
        log = OUT / "logs" / f"app-{years}-{staff}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        server = Server(f"app {years}y/{staff}", "bench.serve:app", ROOT, app_env(data_dir), log)
        stack.callback(server.stop)
        servers.append(server)
        page_lists.append((summary, pages(summary)))
    for server, (summary, _pages) in zip(servers, page_lists, strict=True):
        server.wait("/login")
        sessions.append(
            {
                role: sign_in(server.port, name, summary["password"])
                for role, name in summary["users"].items()
            }
        )
    names = [f"{y}y/{s}" for y, s in SCALING_SETS]
    measured = {}
    for index, first in enumerate(page_lists[0][1]):
        readers = [
            (server, page_list[index], session[page_list[index].role])
            for server, (_summary, page_list), session in zip(
                servers, page_lists, sessions, strict=True
            )
        ]
        if first.optional and readers[0][2].request("GET", first.path)[0] in ABSENT:
            continue
        for _server, page, reader in readers:
            warm_up(reader, page)
        times, rates = [[] for _ in readers], [[] for _ in readers]
        for _round in range(args.rounds):
            # one request on each set in turn, so a burst of load elsewhere hits all sets alike
            for _sample in range(3 if first.download else args.serial):
                for number, (_server, page, reader) in enumerate(readers):
                    times[number].append(serial_ms(reader, page.path, 1))
            for number, (server, page, reader) in enumerate(readers):
                seconds = wrk_seconds(page, args.duration)
                sample = wrk(server.port, page.path, reader.header(), seconds, args.connections)
                rates[number].append(sample.rate)
                drain(server.port, REFERENCE_PATH)
        measured[first.name] = (times, rates)
        print(f"scaled {first.name}")
    lines = [
        "| page | serial ms at "
        + names[0]
        + " | "
        + " | ".join(f"× at {n}" for n in names[1:])
        + " | "
        + " | ".join(f"req/s ÷ at {n}" for n in names[1:])
        + " |",
        "|---|--:|" + "--:|" * (2 * (len(names) - 1)),
    ]
    for name, (times, rates) in measured.items():
        base = statistics.median(times[0])
        base_rate = statistics.median(rates[0])
        cells = [f"{statistics.median(ms) / base:.2f}" for ms in times[1:]]
        cells += [
            f"{base_rate / statistics.median(r):.2f}" if statistics.median(r) else "n/a"
            for r in rates[1:]
        ]
        lines.append(f"| {name} | {base:.1f} | " + " | ".join(cells) + " |")
    note = (
        "Scaling: each cell is the page's time at that set over its time at "
        f"{names[0]} (serial: the median of single requests made on each set in turn; req/s: the "
        "inverse ratio of wrk's rate), measured page by page on all sets in turn."
    )
    return "\n\n".join([machine(args), note, "\n".join(lines)]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page a round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--serial", type=int, default=7, help="single requests per page")
    parser.add_argument("--profile", type=int, default=3, help="profile the N slowest pages")
    parser.add_argument("--profile-lines", type=int, default=18)
    parser.add_argument("--quick", action="store_true", help="one round of 2 s, no profiles")
    parser.add_argument("--scaling", action="store_true", help="1/5/10 years, 20 and 60 staff")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds for the whole run")
    parser.add_argument("--markdown", type=Path, default=OUT / "results.md")
    args = parser.parse_args()
    args.today = datetime.now().date().isoformat()
    if args.quick:
        args.rounds, args.duration, args.serial, args.profile = 1, 2, 3, 0
    if shutil.which("wrk") is None:
        install_wrk()

    def out_of_time(_signum, _frame):
        raise TimeoutError(f"the benchmark ran past --timeout {args.timeout} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)
    OUT.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="mentoru-bench-") as scratch:
        if args.scaling:
            if args.database_url:
                raise SystemExit("--scaling runs on SQLite only")
            table = scaling(args, stack, Path(scratch))
        else:
            table = measure(args, stack, Path(scratch))
    signal.alarm(0)
    print("\n" + table)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(table)
    print(f"written to {args.markdown}")


def install_wrk() -> None:
    """Debian's wrk, when missing and running as root (as scripts/test does for chromium)."""
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: install Debian's package (apt-get install wrk)")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


if __name__ == "__main__":
    main()
