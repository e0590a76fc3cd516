"""Calendar feed benchmark: the public and a private iCalendar feed at 5,000 events.

    uv run python bench/bench_feeds.py [--items 5000] [--requests 30]
                                       [--start-postgres [DIR]] [--show-sql]

Without --start-postgres or DATABASE_URL it runs on a fresh SQLite database in a temporary
directory (LONTAR_VAR_DIR), deleted at the end. With --start-postgres it starts a
throwaway PostgreSQL cluster (bench/_common.py, as the other scripts), in its own database
``lontar_bench_feeds``. One leader gets ``--items`` agenda items (1 in 5 internal or
confidential) and the deputy as many public ones as the leader has internal, so that both
feeds hold ``--items`` events. Requests go through Django's test client, in process
(middleware, view, database; no network, no WSGI server). See README.md.
"""

import argparse
import gzip
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

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

DEFAULT_PG_DIR = Path("/tmp/lontar-bench-feeds-pg")
BENCH_DB = "lontar_bench_feeds"
WARM_UP = 3

TITLES = [
    "Pembukaan Pekan Imunisasi Nasional",
    "Rapat Koordinasi Penanganan Stunting, Inflasi; dan Kemiskinan Ekstrem Tingkat Kota",
    "Peresmian Jembatan Palu IV — Kelurahan Lere",
    "Upacara Hari Jadi Kota",
    "Audiensi Forum Kerukunan Umat Beragama",
    "Kunjungan kerja ke Kecamatan Palu Barat",
    "Musrenbang Kecamatan",
    "Penyerahan bantuan sosial bagi warga terdampak banjir di Kelurahan Tondo dan Mamboro",
]
VENUES = [
    "Aula Dinas Kesehatan",
    "Ruang Rapat Bantaya, Kantor Wali Kota",
    "Gedung Juang",
    "Anjungan Pantai Talise",
    "Hotel Santika, Jl. Moh. Hatta",
    "",
]


def parse_args() -> argparse.Namespace:
    parser = bench_parser(
        __doc__,
        [("items", 5000, "events per feed"), ("requests", 30, "timed requests per row")],
        postgres_dir=DEFAULT_PG_DIR,
        postgres_help="start a throwaway PostgreSQL cluster",
        sql_help="print each request's queries",
    )
    return parser.parse_args()


def choose_database(args: argparse.Namespace) -> str:
    """Set up the environment for the database; return a label for it."""
    if args.start_postgres:
        os.environ["DATABASE_URL"] = start_postgres(args.start_postgres, BENCH_DB)
        return "postgres"
    if os.environ.get("DATABASE_URL"):
        return "env"
    var_dir = tempfile.mkdtemp(prefix="lontar-bench-feeds-")
    import atexit

    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    os.environ["LONTAR_VAR_DIR"] = var_dir
    return "sqlite"


# The data


def seed(items: int) -> dict[str, Any]:
    """A leader with ``items`` items (4 in 5 public) and a deputy with the rest public."""
    from django.db import transaction
    from django.utils import timezone

    from calendar_sync.models import AgendaItem, FeedToken
    from organization.models import Official, Region

    region = Region.objects.order_by("pk").first() or Region.objects.create()
    mayor, _ = Official.objects.get_or_create(
        name="Bench Wali Kota", defaults={"position": "head", "title": "Wali Kota", "rank": 1}
    )
    deputy, _ = Official.objects.get_or_create(
        name="Bench Wakil", defaults={"position": "deputy", "title": "Wakil Wali Kota", "rank": 2}
    )
    rng = random.Random(5545)
    now = timezone.now()
    zones = ["Asia/Makassar"] * 8 + ["Asia/Jakarta", "Asia/Jayapura"]
    # Spread over the feed's window: 80 days back to 360 days ahead.
    first = now - timedelta(days=80)
    span_minutes = 440 * 24 * 60

    def make(official: Official, visibility: str) -> AgendaItem:
        start = first + timedelta(minutes=rng.randrange(span_minutes))
        start = start.replace(second=0, microsecond=0)
        shape = rng.random()
        if shape < 0.15:
            end = None  # s.d. selesai
        elif shape < 0.20:
            end = start + timedelta(days=rng.randint(1, 3), hours=3)  # multi-day
        else:
            end = start + timedelta(minutes=rng.choice([60, 90, 120, 180]))
        roll = rng.random()
        status = "confirmed" if roll < 0.7 else "tentative" if roll < 0.95 else "cancelled"
        return AgendaItem(
            official=official,
            title=rng.choice(TITLES),
            description="Catatan protokol: pakaian dinas harian, hadir 15 menit sebelumnya.",
            start=start,
            end=end,
            time_zone=rng.choice(zones),
            venue=rng.choice(VENUES),
            outside_region=rng.random() < 0.1,
            status=status,
            visibility=visibility,
            role_note=rng.choice(["", "Membuka acara", "Memberi sambutan"]),
            sequence=rng.choice([0, 0, 0, 1, 2]),
        )

    hidden = items // 5
    rows = (
        [make(mayor, "public") for _ in range(items - hidden)]
        + [make(mayor, rng.choice(["internal", "internal", "confidential"])) for _ in range(hidden)]
        + [make(deputy, "public") for _ in range(hidden)]
    )
    began = time.perf_counter()
    with transaction.atomic():
        AgendaItem.objects.filter(official__in=[mayor, deputy]).delete()
        AgendaItem.objects.bulk_create(rows, batch_size=1000)
        FeedToken.objects.filter(official=mayor).delete()
        token = FeedToken.objects.create(official=mayor, label="bench")
    return {
        "region": region,
        "token": token,
        "seconds": time.perf_counter() - began,
        "items": AgendaItem.objects.count(),
    }


# The requests


@dataclass
class Row:
    label: str
    status: int
    events: int | str
    queries: int
    median_ms: float
    p95_ms: float
    kilobytes: float
    sql: list[str]


def _events(response: Any) -> int | str:
    if response.status_code != 200:
        return "-"
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.count(b"BEGIN:VEVENT")


def measure(
    label: str,
    url: str,
    requests: int,
    headers: dict[str, str] | None = None,
    expected: int = 200,
) -> Row:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = headers or {}
    for _ in range(WARM_UP):
        client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    sql = [q["sql"] for q in captured.captured_queries]
    if response.status_code != expected:
        raise SystemExit(f"{label}: GET {url} answered {response.status_code}")
    samples = timed_ms(lambda: client.get(url, headers=headers), requests)
    return Row(
        label=label,
        status=response.status_code,
        events=_events(response),
        queries=len(sql),
        median_ms=statistics.median(samples),
        p95_ms=p95(samples),
        kilobytes=len(response.content) / 1024,
        sql=sql,
    )


def _public_feed_items() -> list:
    """The public feed's items, as its view selects them."""
    from django.utils import timezone

    from calendar_sync.selectors import agenda_feed_items

    now = timezone.now()
    return list(
        agenda_feed_items(
            official=None,
            since=now - timedelta(days=90),
            until=now + timedelta(days=366),
            cancelled_since=now - timedelta(days=30),
        )
    )


def _body_only(label: str, build: Callable[[], bytes | str], requests: int) -> Row:
    """A row for a feed body built without a request or the database."""
    body = b""

    def timed() -> None:
        nonlocal body
        body = build()

    samples = timed_ms(timed, max(3, requests // 5))
    body = body.encode() if isinstance(body, str) else body
    return Row(
        label=label,
        status=0,
        events=body.count(b"BEGIN:VEVENT"),
        queries=0,
        median_ms=statistics.median(samples),
        p95_ms=p95(samples),
        kilobytes=len(body) / 1024,
        sql=[],
    )


def measure_icalendar_library(requests: int) -> Row:
    """For comparison: the public feed's events built through icalendar's object model
    (fewer properties than the real feed: a lower bound)."""
    from icalendar import Calendar, Event

    items = _public_feed_items()

    def build() -> bytes:
        calendar = Calendar()
        calendar.add("prodid", "-//Lontar//Agenda Pimpinan//ID")
        calendar.add("version", "2.0")
        for item in items:
            event = Event()
            event.add("uid", item.uid)
            event.add("sequence", item.sequence)
            event.add("dtstamp", item.updated_at)
            event.add("dtstart", item.start)
            event.add("dtend", item.end or item.start + timedelta(hours=2))
            event.add("summary", f"{item.official.title}: {item.title}")
            event.add("location", item.venue)
            event.add("status", item.status.upper())
            calendar.add_component(event)
        return calendar.to_ical()

    return _body_only("(icalendar objects, body only)", build, requests)


def measure_ical_text(requests: int) -> Row:
    """The same events through calendar_sync.ical (what the view does), body only."""
    from calendar_sync import ical

    items = _public_feed_items()

    def build() -> str:
        return ical.feed_text(
            items,
            name="Agenda",
            time_zone="Asia/Makassar",
            open_end_default=timedelta(hours=2),
            full_details=False,
        )

    return _body_only("(calendar_sync.ical, body only)", build, requests)


def main() -> None:
    args = parse_args()
    database = choose_database(args)
    setup_django()  # production-like settings, migrated
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    seeded = seed(args.items)
    token = seeded["token"]

    public = reverse("public_agenda:feed")
    private = reverse("public_agenda:private_feed", args=[token.token])
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts):
        client = Client()
        public_first, private_first = client.get(public), client.get(private)
        rows = [
            measure("public feed, full response", public, args.requests),
            measure(
                "public feed, full response, gzip",
                public,
                args.requests,
                {"accept-encoding": "gzip"},
            ),
            measure(
                "public feed, If-None-Match -> 304",
                public,
                args.requests,
                {"if-none-match": public_first["ETag"]},
                expected=304,
            ),
            measure(
                "public feed, If-Modified-Since -> 304",
                public,
                args.requests,
                {"if-modified-since": public_first["Last-Modified"]},
                expected=304,
            ),
            measure("private feed, full response", private, args.requests),
            measure(
                "private feed, full response, gzip",
                private,
                args.requests,
                {"accept-encoding": "gzip"},
            ),
            measure(
                "private feed, If-None-Match -> 304",
                private,
                args.requests,
                {"if-none-match": private_first["ETag"]},
                expected=304,
            ),
            measure_ical_text(args.requests),
            measure_icalendar_library(args.requests),
        ]

    print()
    print(
        f"Database: {database_version()} ({database}); DEBUG={settings.DEBUG}; "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"Data: {seeded['items']:,} agenda items (bulk_create in {seeded['seconds']:.1f} s); "
        f"{args.requests} timed requests per row after {WARM_UP} warm-up"
    )
    print()
    print_table(
        [
            Column("request", "<40"),
            Column("status", ">6"),
            Column("events", ">6"),
            Column("queries", ">7"),
            Column("median ms", ">9.1f"),
            Column("p95 ms", ">8.1f"),
            Column("KB", ">8.1f"),
        ],
        [
            (
                r.label,
                r.status or "",
                r.events,
                r.queries if r.status else "",
                r.median_ms,
                r.p95_ms,
                r.kilobytes,
            )
            for r in rows
        ],
    )
    if args.show_sql:
        for r in rows:
            if r.sql:
                print_sql(f"{r.label}: {r.queries} queries", r.sql)


if __name__ == "__main__":
    main()
