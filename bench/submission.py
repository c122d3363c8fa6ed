"""Submission benchmark: many concurrent witnesses against the served portal.

    .venv/bin/python bench/submission.py [--witnesses 2000] [--concurrency 50] [--workers 5]

Starts gunicorn on a free loopback port against a fresh database (a temporary SQLite file,
or a new PostgreSQL database next to DATABASE_URL's when that is set), then runs
simulated witnesses in threads, each doing the real sequence a browser does: GET the
gate (CSRF cookie and token), POST the gate, POST the seven steps, GET check answers,
POST send, GET the confirmation. It prints throughput and latency percentiles, the same
figures for two baselines under the same load (a bare Django view through the same
middleware, bench/urls.py, and the home page), judges each against the goals, and checks
that every accepted observation is in the database exactly once. Bounded in count and
in time (--time-limit); nothing leaves 127.0.0.1.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

STEPS = [
    ("when", {"date_precision": "approximate", "day": "", "month": "марта", "year": "2025", "part_of_day": "evening"}),
    ("where", {"settlement": "Семипалатинск", "place_kind": "street", "place_description": "Двор у школы"}),
    ("suspect", {"suspect_sex": "male", "suspect_age": "26_40", "suspect_clothing": "Тёмная куртка"}),
    ("vehicle", {"vehicle_type": "car", "vehicle_plate": "123 ?B? 02"}),
    ("child", {"child_age": "6_9", "child_sex": "girl"}),
    ("what", {"category": "luring", "account": "Мужчина звал девочку в машину."}),
    ("you", {"may_contact": "no"}),
]

PREPARE = """
import django
django.setup()
from contacts.models import Region, RegionalOmbudsman
from referrals.loading import load
codes = ["KZ-71", "KZ-75", "KZ-79", "KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31",
         "KZ-33", "KZ-35", "KZ-39", "KZ-43", "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63"]
for position, code in enumerate(codes, 1):
    region, created = Region.objects.get_or_create(
        code=code, defaults={"slug": code.lower(), "name_kk": code, "kind": "oblast", "position": position})
    RegionalOmbudsman.objects.get_or_create(region=region, defaults={"full_name": code, "email": "office@example.kz"})
print(load())
"""

COUNT = """
import django, json
django.setup()
from referrals.models import Referral
print(json.dumps(list(Referral.objects.values_list("reference", flat=True))))
"""


class Witness:
    """One browser: a cookie jar and a connection to the portal."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("Location"), content, elapsed

    def csrf(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match[1] if match else ""


def run_witness(port, timings, lang, counted):
    """The whole journey; returns the reference shown on the confirmation, or None."""
    witness = Witness(port)
    original = witness.request

    def request(*args, **kwargs):
        counted.append(1)
        return original(*args, **kwargs)

    witness.request = request
    status, _, html, elapsed = witness.request("GET", f"/{lang}/report/")
    timings["get"].append(elapsed)
    token = witness.csrf(html)
    gate = {"csrfmiddlewaretoken": token, "danger": "no"}
    status, location, _, elapsed = witness.request("POST", f"/{lang}/report/", gate)
    timings["step"].append(elapsed)
    if status != 302:
        return None
    for slug, answers in STEPS:
        path = f"/{lang}/report/step/{slug}/"
        status, location, _, elapsed = witness.request("POST", path, {"csrfmiddlewaretoken": token, **answers})
        timings["step"].append(elapsed)
        if status != 302:
            return None
    status, _, html, elapsed = witness.request("GET", f"/{lang}/report/check/")
    timings["get"].append(elapsed)
    status, location, _, elapsed = witness.request(
        "POST", f"/{lang}/report/check/", {"csrfmiddlewaretoken": witness.csrf(html) or token, "website": ""}
    )
    timings["send"].append(elapsed)
    if status != 302 or not location or "/report/sent/" not in location:
        return None
    status, _, html, elapsed = witness.request("GET", urlsplit(location).path)
    timings["get"].append(elapsed)
    match = re.search(r'id="reference">([^<]+)<', html)
    return match[1] if match else None


def percentiles(values):
    if not values:
        return "no samples"
    ordered = sorted(values)

    def pick(q):
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    return f"p50 {pick(0.50):7.1f} ms   p95 {pick(0.95):7.1f} ms   p99 {pick(0.99):7.1f} ms   (n={len(values)})"


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("inf")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(workdir):
    """Environment for a new, empty database; and how to remove it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        path = Path(workdir) / "bench.sqlite3"
        return {"SQLITE_PATH": str(path), "DATABASE_URL": ""}, lambda: None, f"SQLite {path}"
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'portal'}_bench_{os.getpid()}"
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return {"DATABASE_URL": parts._replace(path=f"/{name}").geturl()}, drop, f"PostgreSQL database {name}"


def production_env(db_env: dict, settings_module: str, **extra: str) -> dict:
    """The environment of a server run with production settings (DEBUG off, fresh secrets)
    on loopback, without TLS: what every benchmark's gunicorn and its scripts are given."""
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        **db_env,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "REFERRALS_FOLLOW_UP_CODE_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def start_server(port: int, workers: int, env: dict, log_path: Path) -> subprocess.Popen:
    """gunicorn with sync workers on loopback, its log written to `log_path`.

    To a file, not a pipe: nobody reads a pipe while the load runs, and once its buffer is
    full every worker that logs a line (a warning per referral nobody can be e-mailed
    about) blocks, and the whole server with it.
    """
    with log_path.open("ab") as log:
        server = subprocess.Popen(
            [GUNICORN, "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", "sync", "--log-level", "warning", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
    wait_until_serving(port, server, time.time() + 30, log_path)
    return server


def wait_until_serving(port, process, deadline, log_path: Path):
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped before serving:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start in time")


def load(port, count, concurrency, job, time_limit):
    """Run `job` count times on `concurrency` threads; stop starting new ones at the limit."""
    results = []
    lock = threading.Lock()
    deadline = time.time() + time_limit

    def one(index):
        if time.time() > deadline:
            return None
        value = job(index)
        with lock:
            results.append(value)
        return value

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(count)))
    return results, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--witnesses", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds; no new witness starts after it")
    args = parser.parse_args()
    if args.witnesses > 5000 or args.concurrency > 200:
        raise SystemExit("Keep the benchmark bounded: at most 5000 witnesses and 200 concurrent.")

    workdir = tempfile.mkdtemp(prefix="portal-bench-")
    db_env, drop_database, db_label = fresh_database(workdir)
    env = production_env(
        db_env,
        "bench.settings_bench",
        # The shared cache, as in production; a prefix of its own on the shared Redis.
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"bench-{secrets.token_hex(6)}",
    )
    server = None
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "-c", PREPARE], cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        server = start_server(port, args.workers, env, Path(workdir) / "gunicorn.log")

        print(f"Portal: gunicorn, {args.workers} sync workers on 127.0.0.1:{port}; database: {db_label}")
        print(f"Load: {args.witnesses} witnesses, {args.concurrency} at a time, time limit {args.time_limit:.0f} s\n")

        # Warm up each worker (imports, connections) so neither run pays for it.
        load(port, args.workers * 4, args.workers, lambda i: Witness(port).request("GET", "/kk/report/"), 30)

        # The baselines run during the witnesses' load, interleaved with it, so that they wait
        # in the same queues: a bare Django view through the same middleware (bench/urls.py)
        # and the home page. A figure from another phase or another day says nothing.
        baselines = {"/bench/bare/": [], "/kk/": []}
        baseline_statuses = Counter()
        witnesses_done = threading.Event()

        def baseline_client(index):
            paths = list(baselines)
            turn = index
            while not witnesses_done.is_set():
                path = paths[turn % len(paths)]
                turn += 1
                status, _, _, elapsed = Witness(port).request("GET", path)
                baselines[path].append(elapsed)
                baseline_statuses[status] += 1
                time.sleep(0.05)

        baseline_threads = [threading.Thread(target=baseline_client, args=(i,), daemon=True) for i in range(4)]
        for thread in baseline_threads:
            thread.start()
        timings = {"get": [], "step": [], "send": []}
        counted = []
        references, seconds = load(
            port, args.witnesses, args.concurrency,
            lambda i: run_witness(port, timings, "kk" if i % 2 else "ru", counted), args.time_limit,
        )  # fmt: skip
        witnesses_done.set()
        for thread in baseline_threads:
            thread.join()
        bare_times = baselines["/bench/bare/"]
        print("Baseline: GET /bench/bare/ (a bare Django view: no template, no database, the same middleware),")
        print(f"  interleaved with the witnesses' load: {percentiles(bare_times)}")
        print(f"Baseline: GET /kk/ (the home page), interleaved likewise: {percentiles(baselines['/kk/'])}")
        print(f"  statuses: {dict(baseline_statuses)}\n")
        accepted = [r for r in references if r]
        requests = len(counted)
        per_report = requests / len(references) if references else 0
        print(f"Submissions: the whole journey ({per_report:.0f} requests per witness)")
        print(f"  {len(accepted) / seconds:8.1f} reports/s   {requests / seconds:8.1f} requests/s   in {seconds:.1f} s")
        print(f"  send (POST check answers):  {percentiles(timings['send'])}")
        print(f"  step (POST a step):         {percentiles(timings['step'])}")
        print(f"  page (GET):                 {percentiles(timings['get'])}")
        print(f"  witnesses started {len(references)}, reports accepted {len(accepted)}, "
              f"refused or failed {len(references) - len(accepted)}")  # fmt: skip

        bare_p95 = p95(bare_times)
        goals = [
            ("a step's (POST) p95 within 10x the bare view's", p95(timings["step"]), 10),
            ("a page's (GET) p95 within 10x the bare view's", p95(timings["get"]), 10),
            ("the send's p95 within 15x the bare view's", p95(timings["send"]), 15),
        ]
        print("\nGoals")
        goals_met = True
        for label, value, factor in goals:
            met = value <= factor * bare_p95
            goals_met &= met
            print(f"  {label}: {value * 1000:.1f} ms vs {bare_p95 * 1000:.1f} ms ({value / bare_p95:.1f}x)"
                  f"  {'met' if met else 'NOT met'}")  # fmt: skip

        stored = subprocess.run([PYTHON, "-c", COUNT], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        in_database = Counter(json.loads(stored.stdout))
        shown = Counter(accepted)
        missing = [r for r in shown if in_database[r] == 0]
        duplicated = [r for r, n in in_database.items() if n > 1] + [r for r, n in shown.items() if n > 1]
        extra = [r for r in in_database if r not in shown]
        print("\nIntegrity: every accepted observation is in the database exactly once")
        print(
            f"  accepted {len(shown)}, in the database {sum(in_database.values())}, missing {len(missing)}, "
            f"duplicated {len(duplicated)}, not confirmed to a witness {len(extra)}"
        )
        ok = not missing and not duplicated and not extra and len(accepted) == len(references) == args.witnesses
        print("  OK" if ok else "  FAILED")
        log = (Path(workdir) / "gunicorn.log").read_text(errors="replace")
        print(f"\nServer log: {len(log.splitlines())} lines, {log.count('Traceback')} tracebacks")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
