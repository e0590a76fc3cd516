"""A year's report at 100,000 letters: the figures, the page, the PDF and the XLSX.

Seeds the bulk letters of ``seed_demo --letters`` (workflows/demo/bulk.py: a year of
letters with their history, dispositions and recipients) into a throwaway PostgreSQL
cluster, then times ``reports.selectors.report_build`` for the current year (all leaders
and departments, then one leader, then one department), the report page as the protocol
reviewer through Django's test client, and the two exports. Prints median and p95 ms and
the number of SQL queries of each.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _common import (
    Column,
    bench_parser,
    database_version,
    p95,
    print_sql,
    print_table,
    setup_django,
    start_postgres,
    timed_ms,
)

DEFAULT_PG_DIR = Path("/tmp/lontar-bench-reports-pg")
BENCH_DB = "lontar_bench_reports"
WARM_UP = 2


def parse_args() -> argparse.Namespace:
    parser = bench_parser(
        __doc__,
        [
            ("letters", 100_000, "letters to have"),
            ("requests", 15, "timed runs of each figure and page"),
            ("exports", 3, "timed runs of each export"),
        ],
        postgres_dir=DEFAULT_PG_DIR,
        postgres_help="start a throwaway PostgreSQL cluster (an existing one there is reused, "
        "so a second run does not seed again)",
        sql_help="print the queries of the year's figures",
    )
    return parser.parse_args()


def _ok(response: object) -> object:
    status = getattr(response, "status_code", None)
    if status != 200:
        sys.exit(f"The report page answered {status}, not 200.")
    return response


def main() -> None:
    args = parse_args()
    if args.start_postgres:
        os.environ["DATABASE_URL"] = start_postgres(args.start_postgres, BENCH_DB)
        os.environ.setdefault("DJANGO_MEDIA_ROOT", str(args.start_postgres / "media"))
    elif not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a scratch database, or pass --start-postgres.")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", "/tmp/lontar-bench-media")
    setup_django()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from organization.models import Department, Official
    from reports.exports import report_export
    from reports.selectors import Period, ReportAccess, report_build, report_letters
    from workflows.models import Letter

    existing = Letter.objects.count()
    if existing < args.letters:
        print(f"Seeding {args.letters - existing} letters (database holds {existing})...")
        began = time.perf_counter()
        call_command("seed_demo", "--letters", str(args.letters - existing), stdout=sys.stderr)
        print(f"Seeded in {time.perf_counter() - began:.0f} s.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    year = timezone.localdate().year
    period = Period(year)
    everyone = ReportAccess(sees_all=True)
    leader = Official.objects.filter(position="head").first()
    department = Department.objects.order_by("pk").first()
    reviewer = User.objects.get(username="protokol")
    client = Client()
    client.force_login(reviewer)
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ALLOWED_HOSTS = hosts

    cases = [
        ("figures: year, everyone", lambda: report_build(access=everyone, period=period)),
        (
            "figures: year, one leader",
            lambda: report_build(access=everyone, period=period, leader_id=leader.pk),
        ),
        (
            "figures: year, one department",
            lambda: report_build(access=everyone, period=period, department_id=department.pk),
        ),
        (
            "figures: one month, everyone",
            lambda: report_build(access=everyone, period=Period(year, 6)),
        ),
        (
            "page /laporan/?tahun (HTML + SVG)",
            lambda: _ok(client.get(reverse("laporan:index"), {"tahun": year})),
        ),
    ]
    exports = [
        (
            f"export {fmt}: year, everyone",
            lambda fmt=fmt: report_export(
                user=reviewer,
                report=report_build(access=everyone, period=period),
                export_format=fmt,
            ),
        )
        for fmt in ("pdf", "xlsx")
    ]
    rows, first_sql = [], None
    for label, call, times in [
        *((c[0], c[1], args.requests) for c in cases),
        *((e[0], e[1], args.exports) for e in exports),
    ]:
        for _ in range(WARM_UP):
            call()
        # An execute wrapper sees the test client's queries too (the request's end closes
        # the connection, which a CaptureQueriesContext does not survive).
        statements: list[str] = []
        with connection.execute_wrapper(
            lambda execute, sql, params, many, context, log=statements: (
                log.append(sql) or execute(sql, params, many, context)
            )
        ):
            call()
        if first_sql is None:
            first_sql = statements
        samples = timed_ms(call, times)
        rows.append((label, len(statements), statistics.median(samples), p95(samples)))

    counted = report_letters(access=everyone, period=period).count()
    print()
    print(f"Database: {database_version()}; DEBUG={settings.DEBUG}; {os.cpu_count()} CPUs")
    print(f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"Data: {Letter.objects.count():,} letters; {counted:,} received in {year} "
        f"(counted by the year's report); {args.requests} timed runs per figure and page, "
        f"{args.exports} per export, after {WARM_UP} warm-up"
    )
    print()
    print_table(
        [
            Column("what", "<40"),
            Column("queries", ">7"),
            Column("median ms", ">9.1f"),
            Column("p95 ms", ">8.1f"),
        ],
        rows,
    )
    if args.show_sql and first_sql:
        print_sql("figures: year, everyone", first_sql)


if __name__ == "__main__":
    main()
