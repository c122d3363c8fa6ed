"""Export benchmark: 100,000 referrals on PostgreSQL, every export format side by side.

    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal make bench-export

Creates (or reuses) its own database, `<name of DATABASE_URL's database>_bench_export`,
migrates it and fills it with fictitious referrals using COPY, every text answer filled (the
witness's words and identity hold real Fernet ciphertext, encrypted once per distinct value,
so the exports pay for decryption as they would in production). Then every export runs in a
fresh subprocess, so that each one's peak memory (RSS high-water mark, from getrusage) is
its own:

- PostgreSQL `COPY (SELECT the same columns) TO STDOUT`: the floor. It copies the columns
  as stored (ciphertext, ids): no decryption, no labels, no language.
- decryption alone: the same rows' two encrypted values read and decrypted with the
  portal's Fernet keys (the identity only where it may be shared), nothing written. It is
  the floor of any export that shows what witnesses wrote, and it is printed beside COPY
  so a run shows how much of each format's time the authenticated decryption takes.
- the portal's exports (referrals/exports.py), as the office pages and the background task
  produce them: CSV and JSON streamed, XLSX with XlsxWriter's constant-memory mode, all in
  Russian, with the presenter's labels, identities decrypted only where shared;
- XLSX with openpyxl's write-only mode over the same rows, for comparison;
- django-import-export's default in-memory export of the model (ModelResource.export() ->
  tablib -> CSV), the common practice, on 10,000 rows (--import-export-rows for more).

Each portal format runs on 10,000 and 100,000 rows, to show whether memory grows with the
row count. Goals: CSV and JSON within 2x of COPY's time, XLSX within 6x; peak memory within
20 MiB from 10,000 to 100,000 rows.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FULL = 100_000
SMALL = 10_000
TIME_LIMIT = 600  # seconds per export: the benchmark always ends


def bench_url(url: str) -> str:
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "portal") + "_bench_export"
    return urlunsplit(parts._replace(path="/" + name))


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
    import django

    django.setup()


# --- Preparing the database -------------------------------------------------------------


def ensure_database(url: str, bench: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(bench)
    name = parts.path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def fill(rows: int) -> None:
    """Regions, a coordinator, and `rows` referrals, written with COPY."""
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from contacts.models import Region
    from portal.crypto import encrypt
    from referrals.models import Referral, ReferralStatus, RoutedTo
    from referrals.roles import NATIONAL_COORDINATOR, setup_roles

    setup_roles()
    coordinator, _created = get_user_model().objects.get_or_create(username="bench-coordinator")
    coordinator.groups.set([Group.objects.get(name=NATIONAL_COORDINATOR)])
    for position in range(1, 21):
        Region.objects.get_or_create(
            code=f"BX-{position:02d}",
            defaults={
                "slug": f"bench-{position}",
                "name_kk": f"Өңір {position}",
                "name_ru": f"Регион {position}",
                "name_en": f"Region {position}",
                "kind": Region.Kind.OBLAST,
                "position": 900 + position,
            },
        )
    have = Referral.objects.count()
    if have >= rows:
        print(f"Database already holds {have} referrals.")
        return
    region_ids = list(Region.objects.values_list("pk", flat=True))
    rng = random.Random(7)

    def words(i):
        # Every text answer filled, at lengths a real witness might write.
        text = f"Fictitious {i}: a man in a dark jacket near the school gate, =SUM(A1), «кавычки», күдікті. "
        return {
            "settlement_typed": f"Семипалатинск {i}",
            "place_description": text * 3,
            "suspect_hair": "short dark, a grey cap",
            "suspect_clothing": text * 2,
            "suspect_marks": text,
            "suspect_direction": "towards the market",
            "vehicle_make": "Toyota Camry",
            "vehicle_colour": "white",
            "vehicle_plate": f"{i:03d} ?B? 02",
            "child_appearance": text,
            "account": text * 12,
            "other_witnesses": text,
            "evidence_kept": text,
        }

    # Encrypt a pool of distinct values once: per-row Fernet would make the fill minutes long.
    pool_words = [encrypt(json.dumps(words(i), ensure_ascii=False)) for i in range(200)]
    pool_identity = [
        encrypt(json.dumps({"witness_name": f"Bench Witness {i}", "witness_phone": "+77010000000"})) for i in range(200)
    ]
    statuses = list(ReferralStatus.values)
    choices = {
        "place_kind": "street",
        "suspect_sex": "male",
        "suspect_age": "26_40",
        "suspect_height": "tall",
        "suspect_build": "average",
        "suspect_language": "russian",
        "suspect_relationship": "unknown",
        "suspect_has_access": "yes",
        "vehicle_type": "car",
        "child_age": "6_9",
        "child_sex": "girl",
        "category": "luring",
        "part_of_day": "evening",
    }
    now = timezone.now()
    fields = [f for f in Referral._meta.concrete_fields if f.name != "id"]
    columns = [f.column for f in fields]

    def value(field, index):
        name = field.name
        if name == "reference":
            return f"BX-{index:08d}"
        if name == "follow_up_code_hash":
            return "!"
        if name == "language":
            return ("kk", "ru", "en")[index % 3]
        if name in ("submitted_at", "updated_at"):
            return now - datetime.timedelta(minutes=index * 5)
        if name == "region":
            return region_ids[index % len(region_ids)]
        if name == "routed_to":
            return RoutedTo.REGIONAL_OFFICE
        if name == "status":
            return statuses[index % len(statuses)]
        if name == "date_precision":
            return "approximate"
        if name == "occurred_on":
            return datetime.date(2024, 1 + index % 12, 1)
        if name == "occurred_day_known":
            return False
        if name == "time_exact":
            return datetime.time(14, 30)
        if name in ("identity_may_be_shared", "may_contact"):
            return index % 2 == 0
        if name == "already_done":
            return '["called_102", "told_parents"]'
        if name == "witness_words":
            return pool_words[rng.randrange(len(pool_words))]
        if name == "identity":
            return pool_identity[index % len(pool_identity)]
        if name in choices:
            return choices[name]
        if field.null:
            return None
        if field.get_internal_type() == "BooleanField":
            return True
        return ""

    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY referrals_referral ({', '.join(columns)}) FROM STDIN") as copy:
            for index in range(have, rows):
                copy.write_row([value(f, index) for f in fields])
    print(f"Filled {rows - have} referrals in {time.perf_counter() - started:.1f} s.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE referrals_referral")


# --- One export, in its own process -----------------------------------------------------


def run_one(kind: str, rows: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import translation
    from import_export.resources import modelresource_factory
    from openpyxl import Workbook

    from referrals.exports import REFERRAL_SOURCES, export_rows, stream_csv, stream_json, write_xlsx
    from referrals.models import Referral
    from referrals.scope import StaffReferralScope

    coordinator = get_user_model().objects.get(username="bench-coordinator")
    queryset = StaffReferralScope(coordinator, verified=True).referrals().order_by("-submitted_at", "-id")[:rows]
    out_path = Path(tempfile.gettempdir()) / f"bench-export-{os.getpid()}.{kind}"
    count = 0
    translation.activate("ru")
    started = time.perf_counter()
    if kind == "copy":
        # The same columns the exports read: the plain ones and the two encrypted values as stored.
        select = queryset.values_list(*REFERRAL_SOURCES, "witness_words", "identity").query
        sql, params = select.sql_with_params()
        with connection.cursor() as cursor, out_path.open("wb") as out:
            query = cursor.cursor.mogrify(sql, params)
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    out.write(block)
        count = rows
    elif kind == "decrypt":
        from django.db import transaction
        from django.db.models import F, TextField
        from django.db.models.functions import Cast

        from portal.crypto import decrypt_json

        raw = queryset.annotate(
            raw_words=Cast(F("witness_words"), TextField()), raw_identity=Cast(F("identity"), TextField())
        ).values_list("identity_may_be_shared", "raw_words", "raw_identity")
        with transaction.atomic(), out_path.open("w") as out:
            for shared, words, identity in raw.iterator(chunk_size=2000):
                decrypt_json(words)
                if shared:
                    decrypt_json(identity)
                count += 1
            out.write(str(count))
    elif kind in ("csv", "json"):
        export = export_rows(queryset)
        with out_path.open("w", encoding="utf-8") as out:
            for chunk in (stream_csv if kind == "csv" else stream_json)(export):
                out.write(chunk)
        count = export.count
    elif kind == "xlsx":
        with out_path.open("wb") as out:
            count = write_xlsx(export_rows(queryset), out)
    elif kind == "xlsx-openpyxl":
        export = export_rows(queryset)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(export.headers)
        for row in export:
            sheet.append([cell.text for cell in row])
        workbook.save(out_path)
        count = export.count
    elif kind == "import-export":
        dataset = modelresource_factory(Referral)().export(queryset)
        out_path.write_text(dataset.csv, encoding="utf-8")
        count = len(dataset)
    seconds = time.perf_counter() - started
    size = out_path.stat().st_size
    out_path.unlink()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"kind": kind, "rows": count, "seconds": seconds, "peak_mib": peak_kib / 1024, "bytes": size}


def child(kind: str, rows: int, url: str) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--rows", str(rows)]
    env = {**os.environ, "DATABASE_URL": url}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIME_LIMIT, check=True)
    except subprocess.TimeoutExpired:
        return {"kind": kind, "rows": rows, "seconds": None, "peak_mib": None, "bytes": None}
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stderr)
        raise
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=FULL)
    parser.add_argument("--import-export-rows", type=int, default=SMALL)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        setup_django(os.environ["DATABASE_URL"])
        print(json.dumps(run_one(args.child, args.rows)))
        return

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point at PostgreSQL (postgres://...); the benchmark makes its own database there.")
    bench = bench_url(url)
    ensure_database(url, bench)
    env = {**os.environ, "DATABASE_URL": bench, "DJANGO_SETTINGS_MODULE": "portal.settings_test"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"], env=env, check=True)
    setup_django(bench)
    fill(args.rows)

    small = min(SMALL, args.rows)
    plan = [("copy", args.rows), ("copy", small), ("decrypt", small), ("decrypt", args.rows)]
    for kind in ("csv", "json", "xlsx", "xlsx-openpyxl"):
        plan += [(kind, small), (kind, args.rows)]
    plan.append(("import-export", small))
    if args.import_export_rows > small:
        plan.append(("import-export", args.import_export_rows))
    results = []
    for kind, rows in plan:
        print(f"  running {kind} on {rows} rows...", flush=True)
        results.append(child(kind, rows, bench))
        # Each result as it comes, so a long run that is stopped still says what it measured.
        print(f"    {json.dumps(results[-1])}", flush=True)

    floor = next(r for r in results if r["kind"] == "copy" and r["rows"] == args.rows)["seconds"]
    print()
    print(f"{'export':<16}{'rows':>9}{'seconds':>10}{'x COPY':>9}{'peak MiB':>10}{'MiB out':>9}")
    for r in results:
        if r["seconds"] is None:
            print(f"{r['kind']:<16}{r['rows']:>9}  timed out after {TIME_LIMIT} s")
            continue
        same_n_floor = (
            next(x for x in results if x["kind"] == "copy" and x["rows"] == r["rows"])["seconds"]
            if any(x["kind"] == "copy" and x["rows"] == r["rows"] for x in results)
            else None
        )
        ratio = f"{r['seconds'] / same_n_floor:.1f}" if same_n_floor else "-"
        print(
            f"{r['kind']:<16}{r['rows']:>9}{r['seconds']:>10.2f}{ratio:>9}{r['peak_mib']:>10.0f}"
            f"{r['bytes'] / 2**20:>9.1f}"
        )
    print()
    goals = {"csv": 2, "json": 2, "xlsx": 6, "xlsx-openpyxl": 6}
    for kind, goal in goals.items():
        low = next(r for r in results if r["kind"] == kind and r["rows"] == small)
        high = next(r for r in results if r["kind"] == kind and r["rows"] == args.rows)
        if high["seconds"] is None or low["peak_mib"] is None:
            print(f"{kind}: timed out")
            continue
        ratio = high["seconds"] / floor
        growth = high["peak_mib"] - low["peak_mib"]
        verdict = "met" if ratio <= goal else "NOT met"
        print(
            f"{kind}: {ratio:.1f}x COPY on {args.rows} rows (goal: within {goal}x: {verdict}); "
            f"peak memory {low['peak_mib']:.0f} MiB at {small} rows, {high['peak_mib']:.0f} MiB at {args.rows} rows "
            f"({growth:+.0f} MiB; goal within 20 MiB: {'met' if abs(growth) <= 20 else 'NOT met'})."
        )
    decrypting = next(r for r in results if r["kind"] == "decrypt" and r["rows"] == args.rows)
    if decrypting["seconds"] is not None:
        print(
            f"decryption alone: {decrypting['seconds']:.2f} s on {args.rows} rows, "
            f"{decrypting['seconds'] / floor:.1f}x COPY, before any label, date or cell is written."
        )
    for r in results:
        if r["kind"] == "import-export" and r["peak_mib"] is not None:
            print(f"import-export (in memory): {r['peak_mib']:.0f} MiB at {r['rows']} rows.")


if __name__ == "__main__":
    main()
