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
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from _common import add_start_postgres, setup_django, start_postgres

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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000, help="events per feed (5000)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per row (30)")
    add_start_postgres(
        parser,
        DEFAULT_PG_DIR,
        "start a throwaway PostgreSQL cluster",
    )
    parser.add_argument("--show-sql", action="store_true", help="print each request's queries")
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


def _percentile_95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else 0


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
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        client.get(url, headers=headers)
        samples.append((time.perf_counter() - began) * 1000)
    return Row(
        label=label,
        status=response.status_code,
        events=_events(response),
        queries=len(sql),
        median_ms=statistics.median(samples),
        p95_ms=_percentile_95(samples),
        kilobytes=len(response.content) / 1024,
        sql=sql,
    )


def measure_icalendar_library(requests: int) -> Row:
    """For comparison: the public feed's events built through icalendar's object model
    (fewer properties than the real feed: a lower bound)."""
    from django.utils import timezone
    from icalendar import Calendar, Event

    from calendar_sync.selectors import agenda_feed_items

    now = timezone.now()
    items = list(
        agenda_feed_items(
            official=None,
            since=now - timedelta(days=90),
            until=now + timedelta(days=366),
            cancelled_since=now - timedelta(days=30),
        )
    )
    samples = []
    body = b""
    for _ in range(max(3, requests // 5)):
        began = time.perf_counter()
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
        body = calendar.to_ical()
        samples.append((time.perf_counter() - began) * 1000)
    return Row(
        label="(icalendar objects, body only)",
        status=0,
        events=body.count(b"BEGIN:VEVENT"),
        queries=0,
        median_ms=statistics.median(samples),
        p95_ms=_percentile_95(samples),
        kilobytes=len(body) / 1024,
        sql=[],
    )


def measure_ical_text(requests: int) -> Row:
    """The same events through calendar_sync.ical (what the view does), body only."""
    from django.utils import timezone

    from calendar_sync import ical
    from calendar_sync.selectors import agenda_feed_items

    now = timezone.now()
    items = list(
        agenda_feed_items(
            official=None,
            since=now - timedelta(days=90),
            until=now + timedelta(days=366),
            cancelled_since=now - timedelta(days=30),
        )
    )
    samples = []
    body = ""
    for _ in range(max(3, requests // 5)):
        began = time.perf_counter()
        body = ical.feed_text(
            items,
            name="Agenda",
            time_zone="Asia/Makassar",
            open_end_default=timedelta(hours=2),
            full_details=False,
        )
        samples.append((time.perf_counter() - began) * 1000)
    return Row(
        label="(calendar_sync.ical, body only)",
        status=0,
        events=body.count("BEGIN:VEVENT"),
        queries=0,
        median_ms=statistics.median(samples),
        p95_ms=_percentile_95(samples),
        kilobytes=len(body.encode()) / 1024,
        sql=[],
    )


def main() -> None:
    args = parse_args()
    database = choose_database(args)
    setup_django()  # production-like settings, migrated
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    seeded = seed(args.items)
    token = seeded["token"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        version = cursor.fetchone()[0] if connection.vendor == "postgresql" else "SQLite"

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
        f"Database: {str(version).split(',')[0]} ({database}); DEBUG={settings.DEBUG}; "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"Data: {seeded['items']:,} agenda items (bulk_create in {seeded['seconds']:.1f} s); "
        f"{args.requests} timed requests per row after {WARM_UP} warm-up"
    )
    print()
    header = (
        f"{'request':<40} {'status':>6} {'events':>6} {'queries':>7} "
        f"{'median ms':>9} {'p95 ms':>8} {'KB':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r.label:<40} {r.status or '':>6} {r.events:>6} {r.queries if r.status else '':>7} "
            f"{r.median_ms:>9.1f} {r.p95_ms:>8.1f} {r.kilobytes:>8.1f}"
        )
    if args.show_sql:
        for r in rows:
            if r.sql:
                print(f"\n== {r.label}: {r.queries} queries")
                for sql in r.sql:
                    print(f"   {sql[:300]}")


if __name__ == "__main__":
    main()
