"""Worklist benchmark: SQL queries per request and latency of Lontar's busiest pages, and
of the REST API's inbox, queue and letter beside them (with a device token).

    uv run python bench/bench_worklists.py [--letters 100000] [--requests 50]
                                           [--start-postgres [DIR]] [--show-sql]

Runs against DATABASE_URL (or a throwaway PostgreSQL cluster it starts itself with
--start-postgres), migrates, seeds with ``seed_demo --letters N`` while the database holds
fewer than N letters, then requests each page through Django's test client (in process:
middleware, view, templates and database; no network, no WSGI server). See README.md.
"""

import argparse
import math
import os
import statistics
import sys
import time
import types
from dataclasses import dataclass
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

DEFAULT_PG_DIR = Path("/tmp/lontar-bench-pg")
BENCH_DB = "lontar_bench"
WARM_UP = 5


def parse_args() -> argparse.Namespace:
    parser = bench_parser(
        __doc__,
        [("letters", 100_000, "letters to have"), ("requests", 50, "timed requests per page")],
        postgres_dir=DEFAULT_PG_DIR,
        postgres_help="start a throwaway PostgreSQL cluster (an existing one there is reused, "
        "so a second run does not seed again)",
        sql_help="print each page's queries",
    )
    return parser.parse_args()


# The pages


@dataclass
class Page:
    label: str
    username: str
    url: str
    other_url: str  # a second letter or page: its query count must be the same
    other_label: str
    api: bool = False  # a REST API endpoint: a device token, rows counted in the JSON


def json_rows(content: bytes) -> int:
    """Rows of an API answer: a page's results, or a letter's history lines."""
    import json

    body = json.loads(content)
    return len(body["results"] if "results" in body else body.get("history", []))


@dataclass
class Result:
    page: Page
    queries: int
    other_queries: int
    rows: str
    median_ms: float
    p95_ms: float
    kilobytes: float
    sql: list[str]

    @property
    def check(self) -> str:
        if self.queries == self.other_queries:
            return "constant"
        return f"{self.queries} vs {self.other_queries} ({self.page.other_label})"


def install_urlconf() -> str:
    """A temporary ROOT_URLCONF: the project's URLs plus a bare view as the floor."""
    from django.http import HttpRequest, HttpResponse
    from django.urls import path

    import config.urls

    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    module = types.ModuleType("bench_urlconf")
    module.urlpatterns = [
        path("__bench__/bare/", bare, name="bench_bare"),
        *config.urls.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def _last_page(count: int, per_page: int) -> tuple[int, int]:
    """The last page of a list and how many rows it shows."""
    pages = max(1, math.ceil(count / per_page))
    return pages, count - (pages - 1) * per_page


def pages() -> list[Page]:
    from django.contrib.auth.models import User
    from django.urls import reverse
    from viewflow.workflow.models import Task

    from workflows.flows import LetterFlow
    from workflows.models import Letter, LetterState

    reviewer = User.objects.get(username="protokol")
    inbox_count = Task.objects.inbox([LetterFlow], reviewer).count()
    queue_count = Task.objects.queue([LetterFlow], reviewer).count()
    inbox_last, inbox_rows = _last_page(inbox_count, 25)
    queue_last, queue_rows = _last_page(queue_count, 25)
    long_story = (
        Letter.objects.filter(state=LetterState.ARCHIVED, outcome="represent")
        .order_by("-pk")
        .first()
    )
    short_story = Letter.objects.filter(state=LetterState.RECEIVED).order_by("-pk").first()
    some = Letter.objects.order_by("pk")[Letter.objects.count() // 2]
    inbox, queue = reverse("letter:inbox"), reverse("letter:queue")
    index = reverse("letters:index")
    api_inbox, api_queue = reverse("api:inbox"), reverse("api:queue")
    return [
        Page("bare Django view", "protokol", "/__bench__/bare/", "/__bench__/bare/?x=1", "?x=1"),
        Page(
            f"inbox, reviewer ({inbox_count} tasks)",
            "protokol",
            inbox,
            f"{inbox}?page={inbox_last}",
            f"last page, {min(inbox_rows, 25)} rows",
        ),
        Page(
            f"queue, reviewer ({queue_count} tasks)",
            "protokol",
            queue,
            f"{queue}?page={queue_last}",
            f"last page, {min(queue_rows, 25)} rows",
        ),
        Page(
            "letter page (archived, full history)",
            "auditor",
            reverse("letters:detail", args=[long_story.pk]),
            reverse("letters:detail", args=[short_story.pk]),
            "received letter",
        ),
        Page(
            f"API inbox, reviewer ({inbox_count} tasks)",
            "protokol",
            f"{api_inbox}?page_size=25",
            f"{api_inbox}?page_size=25&page={inbox_last}",
            f"last page, {min(inbox_rows, 25)} rows",
            api=True,
        ),
        Page(
            f"API queue, reviewer ({queue_count} tasks)",
            "protokol",
            f"{api_queue}?page_size=25",
            f"{api_queue}?page_size=25&page={queue_last}",
            f"last page, {min(queue_rows, 25)} rows",
            api=True,
        ),
        Page(
            "API letter (archived, full history)",
            "auditor",
            reverse("api:letter", args=[long_story.pk]),
            reverse("api:letter", args=[short_story.pk]),
            "received letter",
            api=True,
        ),
        Page(
            "letter list, page 1",
            "protokol",
            index,
            f"{index}?q={some.agenda_number}",
            "search, 1 row",
        ),
        Page(
            "letter search ?q=Stunting",
            "protokol",
            f"{index}?q=Stunting",
            f"{index}?q=Wisuda",
            "?q=Wisuda",
        ),
    ]


def measure(page: Page, requests: int) -> Result:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from knox.models import AuthToken

    client = Client()
    user = User.objects.get(username=page.username)
    headers = {}
    if page.api:  # as a phone calls it: a device token, looked up and checked each time
        headers["HTTP_AUTHORIZATION"] = f"Token {AuthToken.objects.create(user=user)[1]}"
    else:
        client.force_login(user)

    def get(url: str) -> Any:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{page.label}: GET {url} answered {response.status_code}")
        return response

    for _ in range(WARM_UP):
        get(page.url)
        get(page.other_url)
    with CaptureQueriesContext(connection) as first:
        response = get(page.url)
    with CaptureQueriesContext(connection) as other:
        other_response = get(page.other_url)
    # Read them now: each later request clears the connection's query log.
    first_sql, other_count = [q["sql"] for q in first.captured_queries], len(other)
    samples = timed_ms(lambda: get(page.url), requests)
    if page.api:
        rows = [json_rows(r.content) for r in (response, other_response)]
        shown = f"{rows[0]}/{rows[1]}"
    else:
        rows = [r.content.count(b"<tr") for r in (response, other_response)]
        shown = f"{max(rows[0] - 1, 0)}/{max(rows[1] - 1, 0)}" if any(rows) else "-"
    return Result(
        page=page,
        queries=len(first_sql),
        other_queries=other_count,
        rows=shown,
        median_ms=statistics.median(samples),
        p95_ms=p95(samples),
        kilobytes=len(response.content) / 1024,
        sql=first_sql,
    )


def main() -> None:
    args = parse_args()
    if args.start_postgres:
        os.environ["DATABASE_URL"] = start_postgres(args.start_postgres, BENCH_DB)
        os.environ.setdefault("DJANGO_MEDIA_ROOT", str(args.start_postgres / "media"))
    elif not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a scratch database, or pass --start-postgres.")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", "/tmp/lontar-bench-media")
    setup_django()  # production-like settings, migrated
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings
    from viewflow.workflow.models import Task

    from workflows.models import Letter

    existing = Letter.objects.count()
    if existing < args.letters:
        print(f"Seeding {args.letters - existing} letters (database holds {existing})...")
        began = time.perf_counter()
        call_command("seed_demo", "--letters", str(args.letters - existing), stdout=sys.stderr)
        print(f"Seeded in {time.perf_counter() - began:.0f} s.")
    from workflows.models import LetterSearch

    # Bulk-seeded letters have no search document yet: build the missing ones.
    if LetterSearch.objects.count() < Letter.objects.count():
        print("Building the search index...")
        call_command("rebuild_search_index", "--missing", stderr=sys.stderr)

    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF=install_urlconf(), ALLOWED_HOSTS=hosts):
        results = [measure(page, args.requests) for page in pages()]

    print()
    print(f"Database: {database_version()}; DEBUG={settings.DEBUG}; {os.cpu_count()} CPUs")
    print(
        f"Data: {Letter.objects.count():,} letters, {Task.objects.count():,} tasks; "
        f"{args.requests} timed requests per page after {WARM_UP} warm-up"
    )
    print()
    print_table(
        [
            Column("page", "<40"),
            Column("queries", ">7"),
            Column("query count check", "<32", gap=2),
            Column("rows", ">7"),
            Column("median ms", ">9.1f"),
            Column("p95 ms", ">8.1f"),
            Column("KB", ">7.1f"),
        ],
        [
            (r.page.label, r.queries, r.check, r.rows, r.median_ms, r.p95_ms, r.kilobytes)
            for r in results
        ],
    )
    print()
    print("rows: table rows (API: results, a letter's history lines) on the measured page")
    print("      / on the compared page")
    if args.show_sql:
        for r in results:
            print_sql(f"{r.page.label}: {r.queries} queries", r.sql)


if __name__ == "__main__":
    main()
