"""Department calendar benchmark: 10,000 departments' events across 40 departments, next to
the leaders' agenda in the same database.

    uv run python bench/bench_department_calendar.py [--events 10000] [--departments 40]
        [--leader_items 6000] [--calls 500] [--pages 100] [--start-postgres [DIR]]

Always measures SQLite (a fresh database in a temporary LONTAR_VAR_DIR); with
--start-postgres also a throwaway PostgreSQL cluster. Each database gets ``--events``
events over one year spread over ``--departments`` departments (a shared hall or the
department's own rooms; 60 % public, 3 % cancelled) and ``--leader-items`` items on three
leaders over the same year (40 % public). Measured, with the number of queries of each:

- the clash checks, as the entry pages call them: ``agenda_clashes`` + ``venue_bookings``
  for a leader's item (leader-only figures), and ``department_event_checks`` (the room
  across the leaders and all departments, and the other departments' events at that hour)
  for a department's event; ``--calls`` random windows each;
- the public week pages over HTTP (Django's test client, production settings): the
  leaders' ``/agenda/minggu/``, the departments' ``/agenda/opd/minggu/`` for all of them
  and for one (``?opd=``); ``--pages`` random weeks each.
See README.md.
"""

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import (
    Column,
    bench_parser,
    database_version,
    p95,
    print_table,
    setup_django,
    start_postgres,
)
from _common import run_child as _common_run_child

DEFAULT_PG_DIR = Path("/tmp/lontar-bench-departments-pg")
BENCH_DB = "lontar_bench_departments"
FIRST_DAY = datetime(2027, 1, 1, tzinfo=UTC)
SPAN_DAYS = 365
SHARED_VENUES = [
    "Gedung Juang",
    "Aula Kantor Wali Kota",
    "Ruang Rapat Bantaya",
    "Hotel Santika Palu",
    "Lapangan Vatulemo",
    "Auditorium Universitas Tadulako",
]
WARM_UP = 10


def parse_args() -> argparse.Namespace:
    parser = bench_parser(
        __doc__,
        [
            ("events", 10_000, "departments' events"),
            ("departments", 40, "departments"),
            ("leader_items", 6_000, "items on the three leaders"),
            ("calls", 500, "timed clash checks of each kind"),
            ("pages", 100, "timed requests of each public page"),
            ("seed", 42, "random seed"),
        ],
        postgres_dir=DEFAULT_PG_DIR,
        postgres_help="also measure on a throwaway PostgreSQL cluster",
        sql_help="(no SQL is printed by this benchmark)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


def _moment(rng: random.Random) -> datetime:
    day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    # 07.00-16.00 WITA (UTC+8) on the quarter hour
    return day + timedelta(hours=rng.randrange(-1, 8), minutes=rng.choice([0, 15, 30, 45]))


def _venue(department: Any, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(SHARED_VENUES)
    return f"Ruang Rapat {rng.choice(['Utama', 'Lantai 2', 'Aula'])} {department.name}"


def seed(args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    from calendar_sync.models import AgendaItem, DepartmentEvent
    from organization.models import Department, Official, Region

    Region.objects.get_or_create(
        pk=1, defaults={"name": "Kota Palu", "short_name": "Palu", "time_zone": "Asia/Makassar"}
    )
    departments = [
        Department.objects.get_or_create(name=f"Dinas Bench {n:02d}")[0]
        for n in range(args.departments)
    ]
    leaders = [
        Official.objects.get_or_create(
            name=f"Bench {position}",
            defaults={"position": position, "title": f"{position} (bench)", "rank": rank},
        )[0]
        for rank, position in enumerate(["head", "deputy", "sekda"], start=1)
    ]
    DepartmentEvent.objects.all().delete()
    AgendaItem.objects.filter(official__in=leaders).delete()
    events = []
    for n in range(args.events):
        department = rng.choice(departments)
        start = _moment(rng)
        events.append(
            DepartmentEvent(
                department=department,
                title=f"Kegiatan {n}",
                start=start,
                end=start + timedelta(minutes=rng.choice([60, 120, 180, 240])),
                time_zone="Asia/Makassar",
                venue=_venue(department, rng),
                audience="Perwakilan OPD",
                visibility="public" if rng.random() < 0.6 else "internal",
                status="cancelled" if rng.random() < 0.03 else "confirmed",
            )
        )
    items = []
    for n in range(args.leader_items):
        start = _moment(rng)
        items.append(
            AgendaItem(
                official=rng.choice(leaders),
                title=f"Acara {n}",
                start=start,
                end=start + timedelta(minutes=rng.choice([60, 90, 120])),
                time_zone="Asia/Makassar",
                venue=rng.choice(SHARED_VENUES),
                visibility="public" if rng.random() < 0.4 else "internal",
                status="confirmed",
            )
        )
    began = time.perf_counter()
    for rows in (sorted(events, key=lambda e: e.start), sorted(items, key=lambda i: i.start)):
        type(rows[0]).objects.bulk_create(rows, batch_size=2_000)
    return {
        "departments": departments,
        "leaders": leaders,
        "insert_s": time.perf_counter() - began,
    }


def _timed(call: Callable[[Any], Any], inputs: list) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for value in inputs[:WARM_UP]:
        call(value)
    samples, queries = [], set()
    for value in inputs:
        began = time.perf_counter()
        call(value)
        samples.append((time.perf_counter() - began) * 1000)
    for value in inputs[:20]:
        with CaptureQueriesContext(connection) as captured:
            call(value)
        queries.add(len(captured))
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": p95(samples),
        "queries": "/".join(str(q) for q in sorted(queries)),
    }


def child(backend: str, args: argparse.Namespace) -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from calendar_sync.selectors import agenda_clashes, department_event_checks, venue_bookings

    rng = random.Random(args.seed)
    world = seed(args, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    windows = []
    for _ in range(args.calls):
        start = _moment(rng)
        windows.append((start, start + timedelta(hours=2), rng.choice(SHARED_VENUES)))
    mayor = world["leaders"][0]

    def leader_check(window: tuple) -> Any:
        start, end, venue = window
        found = agenda_clashes(official=mayor, start=start, end=end, venue=venue)
        return found, venue_bookings(
            venue=venue, start=start, end=end, exclude_officials=[mayor.pk]
        )

    def department_check(window: tuple) -> Any:
        start, end, venue = window
        return department_event_checks(start=start, end=end, venue=venue)

    weeks = [
        (FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))).date() for _ in range(args.pages)
    ]
    one = world["departments"][0].pk
    results = []
    for label, call, inputs in [
        ("clash check: leader's item", leader_check, windows),
        ("clash check: department's event", department_check, windows),
    ]:
        results.append({"what": label, **_timed(call, inputs)})
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts):
        client = Client()

        def page(path: str) -> Callable[[Any], Any]:
            def get(day: Any) -> Any:
                response = client.get(path.format(day=day))
                assert response.status_code == 200, response.status_code
                return response

            return get

        for label, path in [
            ("public week: leaders", "/agenda/minggu/?day={day}"),
            ("public week: all departments", "/agenda/opd/minggu/?day={day}"),
            ("public week: one department", "/agenda/opd/minggu/?day={day}&opd=" + str(one)),
        ]:
            figures = _timed(page(path), weeks)
            shown = page(path)(weeks[0]).content.decode().count('class="pa-item"')
            results.append({"what": label, **figures, "shown": shown})
    print(
        json.dumps(
            {
                "backend": backend,
                "version": database_version().split(" (")[0],
                "insert_s": world["insert_s"],
                "results": results,
            }
        )
    )


def run_child(backend: str, env: dict[str, str], args: argparse.Namespace) -> dict:
    return _common_run_child(
        __file__,
        backend,
        env,
        args,
        ("events", "departments", "leader_items", "calls", "pages", "seed"),
    )


def main() -> None:
    args = parse_args()
    if args.child:
        child(args.child, args)
        return
    runs = []
    with tempfile.TemporaryDirectory(prefix="lontar-bench-departments-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["LONTAR_VAR_DIR"] = var_dir
        runs.append(run_child("sqlite", env, args))
        if args.start_postgres:
            url = start_postgres(args.start_postgres, BENCH_DB)
            runs.append(run_child("postgres", {**env, "DATABASE_URL": url}, args))
    print()
    print(
        f"{args.events:,} department events across {args.departments} departments and "
        f"{args.leader_items:,} leaders' items over {SPAN_DAYS} days; {args.calls} checks, "
        f"{args.pages} pages each; {os.cpu_count()} CPUs"
    )
    print()
    print_table(
        [
            Column("database", "<18"),
            Column("what", "<32"),
            Column("queries", ">7"),
            Column("median ms", ">9.2f"),
            Column("p95 ms", ">8.2f"),
            Column("shown", ">6"),
        ],
        [
            (
                run["version"],
                r["what"],
                r["queries"],
                r["median_ms"],
                r["p95_ms"],
                r.get("shown", ""),
            )
            for run in runs
            for r in run["results"]
        ],
    )
    print()
    print("shown: events on the first week's page; queries: per call or request")


if __name__ == "__main__":
    main()
