"""Clash-check benchmark: ``agenda_clashes`` on one official with 10,000 agenda items.

    uv run python bench/bench_clash.py [--items 10000] [--calls 1000]
                                       [--start-postgres [DIR]] [--show-sql]

Always measures SQLite (a fresh database in a temporary LONTAR_VAR_DIR); with
--start-postgres also a throwaway PostgreSQL cluster (bench/_common.py, in its own
directory). Each database gets one official with ``--items`` items spread over
about three years (some open-ended, some multi-day, a few cancelled), put in with
``bulk_create``; then ``agenda_clashes`` is called for ``--calls`` random windows, as the
dispose, schedule and manual-entry pages call it (the region read included), and
``venue_bookings`` for the same windows. See README.md.
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
    p95,
    print_sql,
    print_table,
    setup_django,
    start_postgres,
)
from _common import run_child as _common_run_child

DEFAULT_PG_DIR = Path("/tmp/lontar-bench-clash-pg")
BENCH_DB = "lontar_bench"
SPAN_DAYS = 3 * 365
FIRST_DAY = datetime(2025, 1, 1, tzinfo=UTC)
VENUES = [
    "Aula Kantor Wali Kota",
    "Ruang Rapat Bantaya",
    "Gedung Juang",
    "Masjid Agung Darussalam",
    "Aula Dinas Kesehatan",
    "Lapangan Vatulemo",
    "Hotel Santika Palu",
    "Kantor DPRD Kota Palu",
]
WARM_UP = 20


def parse_args() -> argparse.Namespace:
    parser = bench_parser(
        __doc__,
        [
            ("items", 10_000, "items on the official"),
            ("calls", 1_000, "timed calls"),
            ("seed", 42, "random seed"),
        ],
        postgres_dir=DEFAULT_PG_DIR,
        postgres_help="also measure on a throwaway PostgreSQL cluster",
        sql_help="print the clash query",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: one database per process
    return parser.parse_args()


def _items(official_id: int, count: int, rng: random.Random) -> list:
    from calendar_sync.models import AgendaItem

    items = []
    for n in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
        start = day + timedelta(hours=rng.randrange(0, 12), minutes=rng.choice([0, 15, 30, 45]))
        roll = rng.random()
        if roll < 0.15:
            end = None  # s.d. selesai
        elif roll < 0.17:
            end = start + timedelta(days=rng.randrange(1, 6), hours=rng.randrange(0, 8))
        else:
            end = start + timedelta(minutes=rng.choice([60, 90, 120, 180]))
        items.append(
            AgendaItem(
                official_id=official_id,
                title=f"Acara {n}",
                start=start,
                end=end,
                time_zone="Asia/Makassar",
                venue=rng.choice(VENUES),
                status=rng.choice(["tentative", "confirmed", "confirmed", "confirmed"])
                if rng.random() > 0.05
                else "cancelled",
                visibility="internal",
            )
        )
    # Entered roughly in date order, as an office enters them: rows of a month lie together.
    items.sort(key=lambda item: item.start)
    return items


def _windows(count: int, rng: random.Random) -> list[tuple[datetime, datetime | None, str]]:
    windows = []
    for _ in range(count):
        start = FIRST_DAY + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60 // 15) * 15)
        end = None if rng.random() < 0.15 else start + timedelta(minutes=rng.choice([60, 120]))
        windows.append((start, end, rng.choice(VENUES)))
    return windows


class _DatabaseClock:
    """Time spent inside the database driver (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.ns = 0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        began = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ns += time.perf_counter_ns() - began


def _time(call: Callable[..., list], windows: list) -> dict:
    """Median and p95 in microseconds (whole call, and the part spent in the database),
    and the largest number of rows returned."""
    from django.db import connection

    for start, end, venue in windows[:WARM_UP]:
        call(start, end, venue)
    samples, in_db, most = [], [], 0
    clock = _DatabaseClock()
    with connection.execute_wrapper(clock):
        for start, end, venue in windows:
            clock.ns = 0
            began = time.perf_counter_ns()
            found = call(start, end, venue)
            samples.append((time.perf_counter_ns() - began) / 1000)
            in_db.append(clock.ns / 1000)
            most = max(most, len(found))
    return {
        "median_us": statistics.median(samples),
        "p95_us": p95(samples),
        "db_median_us": statistics.median(in_db),
        "most_rows": most,
    }


def _queries(call: Callable[..., list], windows: list) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, sql = set(), []
    for start, end, venue in windows[:50]:
        with CaptureQueriesContext(connection) as captured:
            call(start, end, venue)
        counts.add(len(captured))
        sql = [q["sql"] for q in captured.captured_queries]
    if len(counts) != 1:
        raise SystemExit(f"query count varies between calls: {sorted(counts)}")
    return counts.pop(), sql


def _old_clashes(official: Any) -> Callable[..., list]:
    """The clash check as it was before this benchmark (for comparison): a 31-day window
    on start, every item in it fetched with its official, the end tested in Python."""
    from calendar_sync.models import AgendaItem
    from calendar_sync.selectors.clashes import _normalise_venue
    from organization.models import Region

    def call(start: datetime, end: datetime | None, venue: str) -> list:
        region = Region.current()
        buffer = timedelta(minutes=region.travel_buffer_minutes)
        open_default = timedelta(minutes=region.open_end_default_minutes)
        end = end or start + open_default
        candidates = (
            AgendaItem.objects.filter(
                official_id=official.pk,
                start__lt=end + buffer,
                start__gt=start - buffer - timedelta(days=31),
            )
            .exclude(status=AgendaItem.Status.CANCELLED)
            .exclude(pk__in=())
            .select_related("official")
        )
        venue_key, found = _normalise_venue(venue), []
        for item in candidates:
            item_end = item.effective_end(open_default)
            if item.start < end and start < item_end:
                found.append(item)
            elif venue_key != _normalise_venue(item.venue) and (
                item.start < end + buffer and start - buffer < item_end
            ):
                found.append(item)
        return found

    return call


def child(backend: str, args: argparse.Namespace) -> None:
    """Measure on one database; print the figures as one JSON line."""
    setup_django()  # production-like settings, migrated
    from django.db import connection

    from calendar_sync.models import AgendaItem
    from calendar_sync.selectors import agenda_clashes, venue_bookings
    from organization.models import Official, Region

    Region.objects.get_or_create(pk=1, defaults={"name": "Kota Palu", "short_name": "Palu"})
    official, _ = Official.objects.get_or_create(
        name="Bench", defaults={"position": "head", "title": "Wali Kota (bench)", "rank": 1}
    )
    rng = random.Random(args.seed)
    AgendaItem.objects.filter(official=official).delete()
    began = time.perf_counter()
    AgendaItem.objects.bulk_create(_items(official.pk, args.items, rng), batch_size=2_000)
    inserted = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE calendar_sync_agendaitem")
            cursor.execute("SELECT version()")
            version = " ".join(cursor.fetchone()[0].split()[:2])
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    windows = _windows(args.calls, rng)

    def clashes(start: datetime, end: datetime | None, venue: str) -> list:
        return agenda_clashes(official=official, start=start, end=end, venue=venue)

    def bookings(start: datetime, end: datetime | None, venue: str) -> list:
        return venue_bookings(venue=venue, start=start, end=end, exclude_ids=())

    results = []
    calls = [
        ("agenda_clashes", clashes),
        ("venue_bookings", bookings),
        ("clashes, old query", _old_clashes(official)),
    ]
    for label, call in calls:
        figures = _time(call, windows)
        queries, sql = _queries(call, windows)
        results.append({"call": label, **figures, "queries": queries, "sql": sql})
    print(
        json.dumps(
            {
                "backend": backend,
                "version": version,
                "items": AgendaItem.objects.filter(official=official).count(),
                "insert_s": inserted,
                "results": results,
            }
        )
    )


def run_child(backend: str, env: dict[str, str], args: argparse.Namespace) -> dict:
    return _common_run_child(__file__, backend, env, args, ("items", "calls", "seed"))


def main() -> None:
    args = parse_args()
    if args.child:
        child(args.child, args)
        return
    runs = []
    with tempfile.TemporaryDirectory(prefix="lontar-bench-clash-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["LONTAR_VAR_DIR"] = var_dir
        runs.append(run_child("sqlite", env, args))
        if args.start_postgres:
            url = start_postgres(args.start_postgres, BENCH_DB)
            runs.append(run_child("postgres", {**env, "DATABASE_URL": url}, args))

    print()
    print(
        f"agenda_clashes and venue_bookings, {args.items:,} items on one official over "
        f"{SPAN_DAYS} days; {args.calls:,} random windows after {WARM_UP} warm-up; "
        f"{os.cpu_count()} CPUs"
    )
    print()
    print_table(
        [
            Column("database", "<18"),
            Column("call", "<20"),
            Column("queries", ">7"),
            Column("rows max", ">8"),
            Column("median µs", ">10.0f"),
            Column("p95 µs", ">10.0f"),
            Column("in db µs", ">9.0f"),
        ],
        [
            (
                run["version"],
                r["call"],
                r["queries"],
                r["most_rows"],
                r["median_us"],
                r["p95_us"],
                r["db_median_us"],
            )
            for run in runs
            for r in run["results"]
        ],
    )
    print()
    print("in db µs: median time inside the database driver (execute), per call")
    print()
    for run in runs:
        print(f"{run['version']}: {run['items']:,} items inserted in {run['insert_s']:.1f} s")
    if args.show_sql:
        for run in runs:
            for r in run["results"]:
                print_sql(f"{run['version']}, {r['call']}", r["sql"], limit=None)


if __name__ == "__main__":
    main()
