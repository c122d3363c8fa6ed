"""Public pages benchmark: each page most visitors read, beside a bare view, in one run.

    .venv/bin/python bench/pages.py [--seconds 2] [--rounds 3] [--workers 2] [--connections 8]

Starts gunicorn (sync workers, production settings, Redis as the shared cache under a key
prefix of its own) on a free loopback port against a fresh database (a temporary SQLite
file, or a new PostgreSQL database next to DATABASE_URL's when that is set) with the
manual's data, and drives it with `wrk` (from Debian). Every page is measured beside a bare
Django view that goes through the same middleware, interleaved round after round, so the
ratio holds however busy the machine is. Then the data is grown tenfold (regions, their
ombudsmen and numbers, national services, guidance sections, settlements) and everything
is measured again. Prints requests/s, p50 and p99 latency, the share of the bare view's
requests/s and the queries each page makes when rendered and when served again; for the
tenfold data, how much longer each page takes than on the shipped data (relative to the
bare view of the same run). Nothing leaves 127.0.0.1.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.submission import PYTHON, free_port, fresh_database, production_env, start_server  # noqa: E402

LANGUAGES = ("kk", "ru", "en")

PREPARE = """
import io, json, django
django.setup()
from django.core.management import call_command
call_command("load_manual_data", stdout=io.StringIO())
from contacts.models import Region
from guidance.models import Section
print(json.dumps({
    "sections": list(Section.objects.order_by("position").values_list("slug", flat=True)),
    "regions": list(Region.objects.order_by("position").values_list("slug", flat=True)),
}))
"""

# Ten times the shipped data: every region, ombudsman, number, national service, guidance
# section (its text) and settlement nine more times (copies under new codes, slugs and names).
GROW = """
import django
django.setup()
from django.db import transaction
from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman
from guidance.models import Section
from guidance.rendering import BLOCK
from portal.content_version import content_changed

with transaction.atomic():
    regions = list(Region.objects.select_related("ombudsman").order_by("position"))
    services = list(NationalService.objects.prefetch_related("phone_numbers"))
    sections = list(Section.objects.order_by("position"))
    top_region = max(r.position for r in regions)
    top_section = max(s.position for s in sections)
    serial = 0
    for copy in range(1, 10):
        for region in regions:
            serial += 1
            new = Region.objects.create(
                code=f"X{serial:05d}", slug=f"{region.slug}-{copy}", kind=region.kind,
                position=top_region + serial, name_kk=f"{region.name_kk} {copy}",
                name_ru=f"{region.name_ru} {copy}", name_en=f"{region.name_en} {copy}",
            )
            ombudsman = RegionalOmbudsman.objects.create(
                region=new, full_name=f"{region.ombudsman.full_name} {copy}", email=region.ombudsman.email)
            PhoneNumber.objects.create(ombudsman=ombudsman, number=f"+7701{serial:07d}")
            PhoneNumber.objects.create(ombudsman=ombudsman, number=f"+7702{serial:07d}", channel="whatsapp")
        for service in services:
            new = NationalService.objects.create(
                slug=f"{service.slug}-{copy}", kind=service.kind, position=service.position + 100 * copy,
                **{f"{field}_{lang}": getattr(service, f"{field}_{lang}") or ""
                   for field in ("name", "description", "opening_hours") for lang in ("kk", "ru", "en")},
            )
            for phone in service.phone_numbers.all():
                if len(phone.number) > 4:
                    PhoneNumber.objects.create(service=new, number=phone.number, channel=phone.channel)
        for section in sections:
            # The text ten times over; the blocks that show the directory, the figures and the
            # key concepts stay once each, as they would in a longer manual.
            Section.objects.create(
                slug=f"{section.slug}-{copy}", position=top_section + copy * 100 + section.position,
                **{f"{field}_{lang}": BLOCK.sub("", getattr(section, f"{field}_{lang}") or "")
                   for field in ("title", "summary", "body") for lang in ("kk", "ru", "en")},
            )
try:
    from referrals.gazetteer import fold
    from referrals.models import Settlement, SettlementName

    with transaction.atomic():
        originals = list(Settlement.objects.prefetch_related("names"))
        for copy in range(1, 10):
            made = Settlement.objects.bulk_create([
                Settlement(region_id=s.region_id, kind=s.kind, district=s.district,
                           **{f"name_{lang}": f"{getattr(s, 'name_' + lang)} {copy}" for lang in ("kk", "ru", "en")})
                for s in originals
            ])
            SettlementName.objects.bulk_create([
                SettlementName(settlement=new, name=f"{name.name} {copy}", key=fold(f"{name.name} {copy}"),
                               kind=name.kind)
                for original, new in zip(originals, made) for name in original.names.all()
            ])
    grown_settlements = Settlement.objects.count()
except Exception as error:  # the gazetteer's shape is not this benchmark's to fix
    grown_settlements = f"not grown ({error.__class__.__name__}: {error})"
content_changed()
print(f"regions {Region.objects.count()}, services {NationalService.objects.count()}, "
      f"numbers {PhoneNumber.objects.count()}, sections {Section.objects.count()}, settlements {grown_settlements}")
"""

# Queries of the first path of each page: rendered after a change of content, then again.
COUNT = """
import json, sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from portal.content_version import content_changed

counts = {}
for name, first, second in json.loads(sys.argv[1]):
    content_changed()
    found = []
    # A visitor of its own per page, with no cookie, as wrk's requests have: a session begun
    # on one page (the report's) would be read on every page after it.
    client = Client(HTTP_HOST="127.0.0.1")
    for path in (first, second):
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        found.append(len(queries) if status == 200 else f"HTTP {status}")
    counts[name] = found
print(json.dumps(counts))
"""

REPEATED_SEARCHES = {
    "kk": ["зорлық", "бала", "полиция", "белгілері", "111", "ата-ана", "зорлык", "көмек"],
    "ru": ["насилие", "ребёнок", "полиция", "признаки", "111", "родители", "помощь", "свидетель"],
    "en": ["violence", "child", "police", "signs", "111", "parents", "help", "witness"],
}
REPEATED_SETTLEMENTS = ["Семей", "Semey", "Оскемен", "Өскемен", "Алматы", "Almaty", "Шымкент", "Караганды",
                        "Qaraghandy", "Актобе", "Aqtobe", "г. Семей", "Аксу", "Тараз", "Павлодар"]  # fmt: skip


def words_of_the_manual(language: str) -> list[str]:
    text = (ROOT / "fixtures" / "guidance" / f"manual.{language}.txt").read_text(encoding="utf-8")
    return sorted({word.lower() for word in re.findall(r"[^\W\d_]{4,}", text)})


def lua_list(items) -> str:
    return "{" + ",".join(json.dumps(item) for item in items) + "}"


def cycling_script(paths: list[str]) -> str:
    return f"""
local paths = {lua_list(paths)}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""


def beginnings(words: list[str], rng: random.Random) -> list[str]:
    """Each word, or its beginning (at least 3 letters): what visitors type."""
    return [word[: rng.randint(min(3, len(word)), len(word))] for word in words]


def unseen_search_script(seed: int) -> str:
    """Two word beginnings drawn from the manual's own words: hardly ever the same query twice."""
    rng = random.Random(seed)
    vocabulary = {lang: [quote(w) for w in beginnings(words_of_the_manual(lang), rng)] for lang in LANGUAGES}
    return f"""
local words = {{kk = {lua_list(vocabulary["kk"])}, ru = {lua_list(vocabulary["ru"])},
               en = {lua_list(vocabulary["en"])}}}
local languages = {{"kk", "ru", "en"}}
math.randomseed({seed})
local i = 0
request = function()
  i = i + 1
  local lang = languages[(i % 3) + 1]
  local list = words[lang]
  local q = list[math.random(#list)] .. "+" .. list[math.random(#list)]
  return wrk.format("GET", "/" .. lang .. "/guidance/search/?q=" .. q)
end
"""


def classifier_names() -> list[str]:
    """Every settlement's name in the national classifier (fixtures/kato/), without the
    classifier's abbreviations ("с.", "п.", "г."): the names a witness may type."""
    path = next((ROOT / "fixtures" / "kato").glob("*.csv"))
    names = set()
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        name = line.split(";", 3)[3]
        names.add(re.sub(r"^(?:[^\W\d_]{1,3}\.)+\s*", "", name).strip())
    return sorted(name for name in names if len(name) >= 3)


def unseen_settlement_queries(rng: random.Random) -> list[str]:
    """Beginnings (3 letters or more) of the classifier's names, shuffled."""
    queries = sorted({name[:length] for name in classifier_names() for length in range(3, len(name) + 1)})
    rng.shuffle(queries)
    return queries


# Of the beginnings, one for each key they fold to (referrals/gazetteer.py): "Оске" and
# "оске" are one question to the gazetteer, and its answer to the first is kept for both.
ONE_PER_KEY = """
import json, sys, django
django.setup()
from referrals.gazetteer import fold
seen, kept = set(), []
for query in json.load(sys.stdin):
    if fold(query) not in seen:
        seen.add(fold(query))
        kept.append(query)
print(json.dumps(kept))
"""

# More than a run of a few seconds asks, so that none is asked twice in a run.
UNSEEN_SETTLEMENTS_PER_RUN = 10_000


class UnseenSettlements:
    """Each run of the page gets the next beginnings nobody asked for yet: no answer kept
    from an earlier run (the workers keep their answers per content version) can serve it."""

    def __init__(self, queries: list[str], script: Path):
        self.queries, self.script, self.offset = queries, script, 0

    def next_run(self) -> None:
        if self.offset + UNSEEN_SETTLEMENTS_PER_RUN > len(self.queries):
            # Only after the data grew: a new content version, so no answer from before counts.
            self.offset = 0
        batch = self.queries[self.offset : self.offset + UNSEEN_SETTLEMENTS_PER_RUN]
        self.offset += UNSEEN_SETTLEMENTS_PER_RUN
        self.script.write_text(unseen_settlements_script(batch), encoding="utf-8")


def unseen_settlements_script(queries: list[str]) -> str:
    return f"""
local typed = {lua_list([quote(query) for query in queries])}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/settlements/?q=" .. typed[(i % #typed) + 1])
end
"""


UNSEEN_SETTLEMENTS = "settlements API, unseen"


def targets(data: dict, seed: int) -> list[tuple[str, str, tuple[str, str]]]:
    """(page, wrk script, (first path, second path) for counting queries)."""
    sections = data["sections"][:10]
    regions = data["regions"][:20]
    each = [f"/{lang}" for lang in LANGUAGES]
    repeated = [f"/{lang}/guidance/search/?q={quote(q)}" for lang in LANGUAGES for q in REPEATED_SEARCHES[lang]]
    return [
        ("bare view", cycling_script([f"{p}/bench/bare/" for p in each]), ("/kk/bench/bare/", "/kk/bench/bare/")),
        ("home", cycling_script([f"{p}/" for p in each]), ("/kk/", "/kk/")),
        ("report start", cycling_script([f"{p}/report/" for p in each]), ("/kk/report/", "/kk/report/")),
        ("guidance contents", cycling_script([f"{p}/guidance/" for p in each]), ("/kk/guidance/", "/kk/guidance/")),
        (
            "a guidance section",
            cycling_script([f"{p}/guidance/{slug}/" for p in each for slug in sections]),
            (f"/kk/guidance/{sections[3]}/",) * 2,
        ),
        (
            "search, unseen queries",
            unseen_search_script(seed),
            ("/kk/guidance/search/?q=балаға+көмек", "/kk/guidance/search/?q=полицияға+хабарлау"),
        ),
        ("search, repeated queries", cycling_script(repeated), (repeated[0], repeated[0])),
        ("the directory", cycling_script([f"{p}/contacts/" for p in each]), ("/kk/contacts/", "/kk/contacts/")),
        (
            "a region's page",
            cycling_script([f"{p}/contacts/{slug}/" for p in each for slug in regions]),
            (f"/kk/contacts/{regions[5]}/",) * 2,
        ),
        ("contacts API", cycling_script(["/api/contacts/"]), ("/api/contacts/", "/api/contacts/")),
        (
            UNSEEN_SETTLEMENTS,
            "",  # written before each run (UnseenSettlements)
            ("/api/settlements/?q=Семей", "/api/settlements/?q=Оскем"),
        ),
        (
            "settlements API, repeated",
            cycling_script([f"/api/settlements/?q={quote(q)}" for q in REPEATED_SETTLEMENTS]),
            ("/api/settlements/?q=Семей", "/api/settlements/?q=Семей"),
        ),
    ]


def warm_up_search(port: int, workers: int) -> None:
    for attempt in range(workers * 6):
        for lang in LANGUAGES:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", f"/{lang}/guidance/search/?q=zzqx{attempt}", headers={"Host": "127.0.0.1"})
            connection.getresponse().read()
            connection.close()


def seconds_of(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def run_wrk(port: int, script: Path, seconds: float, connections: int) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
               f"http://127.0.0.1:{port}"]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": seconds_of(re.search(r"\s50%\s+(\S+)", output)[1]),
        "p99": seconds_of(re.search(r"\s99%\s+(\S+)", output)[1]),
        "bad": int(bad[1]) if bad else 0,
        "errors": errors[1] if errors else "",
    }


def measure(port, pages, scripts, args, before=None) -> dict:
    """`before`: what to do before each run of a page (by name), such as emptying a cache."""
    before = before or {}
    results = {name: [] for name, _script, _paths in pages}
    for round_number in range(args.rounds):
        # Interleaved: every page and the bare view once per round, in a new order each round.
        order = list(pages)
        random.Random(round_number).shuffle(order)
        for name, _script, _paths in order:
            if name in before:
                before[name]()
            results[name].append(run_wrk(port, scripts[name], args.seconds, args.connections))
    summary = {}
    bare_runs = results["bare view"]
    for name, runs in results.items():
        # Each round's share against the bare view of the same round; the median of them,
        # so a round the shared machine was busy in does not decide.
        shares = sorted(r["rps"] / bare["rps"] for r, bare in zip(runs, bare_runs, strict=True))
        summary[name] = {
            "share": shares[len(shares) // 2],
            "rps": sum(r["requests"] for r in runs) / (args.seconds * len(runs)),
            "p50": sorted(r["p50"] for r in runs)[len(runs) // 2],
            "p99": max(r["p99"] for r in runs),
            "bad": sum(r["bad"] for r in runs),
            "errors": "; ".join(sorted({r["errors"] for r in runs if r["errors"]})),
        }
    return summary


def print_table(title, summary, counts, baseline=None):
    print(f"\n{title}")
    header = f"  {'page':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'share':>7} {'queries':>12}"
    if baseline:
        header += f" {'time vs 1x':>11}"
    print(header)
    for name, figures in summary.items():
        share = figures["share"]
        rendered, again = counts.get(name, ("?", "?"))
        line = (
            f"  {name:<26} {figures['rps']:8.0f} {figures['p50'] * 1000:8.2f} {figures['p99'] * 1000:8.2f}"
            f" {share:7.0%} {f'{rendered} / {again}':>12}"
        )
        if baseline and share:
            # Time per request relative to the bare view of its own run, tenfold over shipped.
            line += f" {baseline[name]['share'] / share:10.2f}x"
        if figures["bad"] or figures["errors"]:
            line += f"   ! {figures['bad']} non-2xx/3xx {figures['errors']}"
        print(line)
    print("  share: requests/s as a share of the bare view's in the same round (median of the rounds);")
    print("  queries: when rendered / when asked again")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=2, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    if args.seconds > 30 or args.rounds > 10 or args.connections > 64:
        raise SystemExit("Keep the benchmark bounded: at most 30 s per page, 10 rounds and 64 connections.")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: run scripts/ensure-system-packages.sh wrk (make bench-pages does).")
    import redis

    try:
        redis.Redis.from_url(args.redis_url).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis is not reachable at {args.redis_url}: {error}") from None

    workdir = tempfile.mkdtemp(prefix="portal-bench-pages-")
    db_env, drop_database, db_label = fresh_database(workdir)

    prefix = f"bench-pages-{os.getpid()}-{secrets.token_hex(4)}"
    env = production_env(db_env, "bench.settings_pages", REDIS_URL=args.redis_url, BENCH_CACHE_PREFIX=prefix)
    server = None

    def django_script(code, *script_args, stdin=None):
        done = subprocess.run(
            [PYTHON, "-c", code, *script_args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(done.stderr)
        return done.stdout.strip().splitlines()[-1]

    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        data = json.loads(django_script(PREPARE))
        port = free_port()
        server = start_server(port, args.workers, env, Path(workdir) / "gunicorn.log")
        print(f"Portal: gunicorn, {args.workers} sync workers on 127.0.0.1:{port}; database: {db_label}; "
              f"cache: Redis {args.redis_url} (prefix {prefix})")  # fmt: skip
        print(f"Load: wrk, 1 thread, {args.connections} connections, {args.seconds:g} s per page and round, "
              f"{args.rounds} rounds, pages interleaved with the bare view")  # fmt: skip

        settlements = json.loads(
            django_script(ONE_PER_KEY, stdin=json.dumps(unseen_settlement_queries(random.Random())))
        )
        unseen = UnseenSettlements(settlements, Path(workdir) / "unseen-settlements.lua")
        print(f"Settlements asked for: {len(settlements)} beginnings of the classifier's names, each of its "
              f"own key, {UNSEEN_SETTLEMENTS_PER_RUN} new ones for each run")  # fmt: skip
        before = {UNSEEN_SETTLEMENTS: unseen.next_run}

        baseline = None
        for label in ("shipped data", "data grown tenfold"):
            if baseline is not None:
                print(f"\nGrowing the data tenfold: {django_script(GROW)}")
            pages = targets(data, seed=random.randrange(10**9))
            scripts = {UNSEEN_SETTLEMENTS: unseen.script}
            for index, (name, script, _paths) in enumerate(pages):
                if name not in scripts:
                    scripts[name] = Path(workdir) / f"page-{index}.lua"
                    scripts[name].write_text(script, encoding="utf-8")
            counts = json.loads(django_script(COUNT, json.dumps([[n, *paths] for n, _s, paths in pages])))
            # Warm up: the search index of every language built in each worker (a query found
            # nowhere renders every section), then every page rendered in every language.
            warm_up_search(port, args.workers)
            for name, _script, _paths in pages:
                if name in before:
                    before[name]()
                run_wrk(port, scripts[name], 1, args.connections)
            summary = measure(port, pages, scripts, args, before=before)
            print_table(f"{label.capitalize()}:", summary, counts, baseline)
            baseline = baseline or summary
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)
        connection = redis.Redis.from_url(args.redis_url)
        for key in connection.scan_iter(match=f"{prefix}:*", count=1000):
            connection.delete(key)


if __name__ == "__main__":
    sys.exit(main())
