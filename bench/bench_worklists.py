"""Worklist benchmark: SQL queries per request and latency of Lontar's busiest pages, and
of the REST API's inbox, queue and letter beside them (with a device token), at the
archive's size and at 1,000 letters, each beside a plain Django view of the same rows.

    uv run python bench/bench_worklists.py [--letters 100000] [--small 1000]
                                           [--requests 50] [--start-postgres [DIR]]
                                           [--show-sql] [--explain]

Runs against DATABASE_URL (or a throwaway PostgreSQL cluster it starts itself with
--start-postgres), migrates, seeds with ``seed_demo --letters N`` while the database holds
fewer than N letters, then requests each page through Django's test client (in process:
middleware, view, templates and database; no network, no WSGI server). The small run uses
a second database (``lontar_bench_small`` in the cluster, or DATABASE_URL_SMALL), each
run in a process of its own.
See README.md.
"""

import argparse
import math
import os
import statistics
import sys
import time
import types
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from _common import (
    bench_parser,
    database_url_named,
    database_version,
    p95,
    print_sql,
    run_child,
    setup_django,
    start_postgres,
)
from _worklist_report import (
    COMPARED,
    WARM_UP,
    SqlClock,
    explain,
    print_plans,
    print_ratios,
    print_run,
)

DEFAULT_PG_DIR = Path("/tmp/lontar-bench-pg")
BENCH_DB = "lontar_bench"
PER_PAGE = 25  # viewflow's worklists and the API's page_size below


def parse_args() -> argparse.Namespace:
    parser = bench_parser(
        __doc__,
        [
            ("letters", 100_000, "letters to have"),
            ("small", 1_000, "letters in the small run, 0 for none"),
            ("requests", 50, "timed requests per page"),
        ],
        postgres_dir=DEFAULT_PG_DIR,
        postgres_help="start a throwaway PostgreSQL cluster (an existing one there is reused, "
        "so a second run does not seed again)",
        sql_help="print each page's queries",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="EXPLAIN ANALYZE each query of the worklists, the letter list and the search "
        "(PostgreSQL), and print the slowest plans",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: one database per process
    return parser.parse_args()


# The pages


@dataclass
class Page:
    key: str
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


# The same table rows as the worklist's (its own include), on a page with nothing else:
# no menu, no counts, no filter, no session write.
PLAIN_TEMPLATE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>bench</title></head><body><table class="lt-table lt-worklist"><thead><tr><th></th>
</tr></thead><tbody>{{ work_rows }}</tbody></table></body></html>"""


def install_urlconf() -> str:
    """A temporary ROOT_URLCONF: the project's URLs plus the floors: a bare view, and a
    plain view of each worklist's first page (the same query, rows and row template)."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import path

    import config.urls
    from workflows.flows import LetterFlow
    from workflows.selectors import inbox_filter, queue_filter
    from workflows.worklists import work_item_rows, work_rows_html, worklist_rows

    template = engines["django"].from_string(PLAIN_TEMPLATE)

    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    def plain(select: Any) -> Any:
        @login_required
        def view(request: HttpRequest) -> HttpResponse:
            condition = select(user=request.user)
            tasks = worklist_rows(condition=condition, flow_class=LetterFlow)[:PER_PAGE]
            rows = work_rows_html(work_item_rows(tasks, user=request.user))
            context = {"work_rows": rows, "request": request}
            return HttpResponse(template.render(context))

        return view

    module = types.ModuleType("bench_urlconf")
    module.urlpatterns = [
        path("__bench__/bare/", bare, name="bench_bare"),
        path("__bench__/inbox/", plain(inbox_filter), name="bench_inbox"),
        path("__bench__/queue/", plain(queue_filter), name="bench_queue"),
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

    from workflows.flows import LetterFlow
    from workflows.models import Letter, LetterState
    from workflows.selectors import tasks_inbox, tasks_queue

    reviewer = User.objects.get(username="protokol")
    inbox_count = tasks_inbox(user=reviewer, flow_class=LetterFlow).count()
    queue_count = tasks_queue(user=reviewer, flow_class=LetterFlow).count()
    inbox_last, inbox_rows = _last_page(inbox_count, PER_PAGE)
    queue_last, queue_rows = _last_page(queue_count, PER_PAGE)
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
    inbox_other = (f"last page, {min(inbox_rows, PER_PAGE)} rows", f"page={inbox_last}")
    queue_other = (f"last page, {min(queue_rows, PER_PAGE)} rows", f"page={queue_last}")
    api = f"page_size={PER_PAGE}"
    return [
        Page(
            "bare",
            "bare Django view",
            "protokol",
            "/__bench__/bare/",
            "/__bench__/bare/?x=1",
            "?x=1",
        ),
        Page(
            "inbox",
            f"inbox, reviewer ({inbox_count} tasks)",
            "protokol",
            inbox,
            f"{inbox}?{inbox_other[1]}",
            inbox_other[0],
        ),
        Page(
            "plain_inbox",
            "  plain view, the inbox's rows",
            "protokol",
            "/__bench__/inbox/",
            "/__bench__/inbox/?x=1",
            "?x=1",
        ),
        Page(
            "queue",
            f"queue, reviewer ({queue_count} tasks)",
            "protokol",
            queue,
            f"{queue}?{queue_other[1]}",
            queue_other[0],
        ),
        Page(
            "plain_queue",
            "  plain view, the queue's rows",
            "protokol",
            "/__bench__/queue/",
            "/__bench__/queue/?x=1",
            "?x=1",
        ),
        Page(
            "letter",
            "letter page (archived, full history)",
            "auditor",
            reverse("letters:detail", args=[long_story.pk]),
            reverse("letters:detail", args=[short_story.pk]),
            "received letter",
        ),
        Page(
            "api_inbox",
            f"API inbox, reviewer ({inbox_count} tasks)",
            "protokol",
            f"{api_inbox}?{api}",
            f"{api_inbox}?{api}&{inbox_other[1]}",
            inbox_other[0],
            api=True,
        ),
        Page(
            "api_queue",
            f"API queue, reviewer ({queue_count} tasks)",
            "protokol",
            f"{api_queue}?{api}",
            f"{api_queue}?{api}&{queue_other[1]}",
            queue_other[0],
            api=True,
        ),
        Page(
            "api_letter",
            "API letter (archived, full history)",
            "auditor",
            reverse("api:letter", args=[long_story.pk]),
            reverse("api:letter", args=[short_story.pk]),
            "received letter",
            api=True,
        ),
        Page(
            "list",
            "letter list, page 1",
            "protokol",
            index,
            f"{index}?q={some.agenda_number}",
            "search, 1 row",
        ),
        Page(
            "search",
            "letter search ?q=Stunting",
            "protokol",
            f"{index}?q=Stunting",
            f"{index}?q=Wisuda",
            "?q=Wisuda",
        ),
    ]


def measure(page: Page, requests: int, *, with_plans: bool) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from knox.models import AuthToken

    from organization.twofactor import client_login_verified

    client = Client()
    user = User.objects.get(username=page.username)
    headers = {}
    if page.api:  # as a phone calls it: a device token, looked up and checked each time
        headers["HTTP_AUTHORIZATION"] = f"Token {AuthToken.objects.create(user=user)[1]}"
    else:  # signed in past the second factor (demo users have their authenticator app)
        client_login_verified(client, user)

    def get(url: str) -> Any:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{page.label}: GET {url} answered {response.status_code}")
        return response

    for _ in range(WARM_UP):
        get(page.other_url)
        get(page.url)
    # Each page measured as when it is asked again (the timed requests below): a list pins
    # its path in the session only when the path changes.
    # Each read at once: the next request clears the connection's query log.
    with CaptureQueriesContext(connection) as first:
        response = get(page.url)
    first_sql = [q["sql"] for q in first.captured_queries]
    get(page.other_url)
    with CaptureQueriesContext(connection) as other:
        other_response = get(page.other_url)
    other_count = len(other)
    get(page.url)
    samples, sql_ms = [], []
    for _ in range(requests):
        clock = SqlClock()
        began = time.perf_counter()
        with connection.execute_wrapper(clock):
            get(page.url)
        samples.append((time.perf_counter() - began) * 1000)
        sql_ms.append(clock.ms)
    if page.api:
        rows = [json_rows(r.content) for r in (response, other_response)]
        shown = f"{rows[0]}/{rows[1]}"
    else:
        rows = [r.content.count(b"<tr") for r in (response, other_response)]
        shown = f"{max(rows[0] - 1, 0)}/{max(rows[1] - 1, 0)}" if any(rows) else "-"
    queries = len(first_sql)
    return {
        "page": asdict(page),
        "queries": queries,
        "check": "constant"
        if queries == other_count
        else f"{queries} vs {other_count} ({page.other_label})",
        "rows": shown,
        "median_ms": statistics.median(samples),
        "p95_ms": p95(samples),
        "sql_ms": statistics.median(sql_ms),
        "kilobytes": len(response.content) / 1024,
        "sql": first_sql,
        "plans": explain(first_sql) if with_plans and page.key in COMPARED else [],
    }


def child(args: argparse.Namespace) -> None:
    """One database: seed it to ``--letters``, measure every page, print the JSON."""
    import json

    setup_django()  # production-like settings, migrated
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings
    from viewflow.workflow.models import Task

    from workflows.models import Letter, LetterSearch

    existing = Letter.objects.count()
    if existing < args.letters:
        print(
            f"Seeding {args.letters - existing} letters (database holds {existing})...",
            file=sys.stderr,
        )
        began = time.perf_counter()
        call_command("seed_demo", "--letters", str(args.letters - existing), stdout=sys.stderr)
        print(f"Seeded in {time.perf_counter() - began:.0f} s.", file=sys.stderr)
    # Bulk-seeded letters have no search document yet: build the missing ones.
    if LetterSearch.objects.count() < Letter.objects.count():
        print("Building the search index...", file=sys.stderr)
        call_command("rebuild_search_index", "--missing", stderr=sys.stderr)

    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF=install_urlconf(), ALLOWED_HOSTS=hosts):
        results = [measure(page, args.requests, with_plans=args.explain) for page in pages()]
    summary = {
        "version": database_version(),
        "debug": settings.DEBUG,
        "letters": Letter.objects.count(),
        "tasks": Task.objects.count(),
        "open_tasks": Task.objects.filter(status__in=("NEW", "ASSIGNED", "SCHEDULED")).count(),
        "results": results,
    }
    print(json.dumps(summary))


def main() -> None:
    args = parse_args()
    if args.child:
        child(args)
        return
    small_name = f"{BENCH_DB}_small"
    if args.start_postgres:
        url = start_postgres(args.start_postgres, BENCH_DB, small_name)
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_MEDIA_ROOT", str(args.start_postgres / "media"))
    elif not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a scratch database, or pass --start-postgres.")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", "/tmp/lontar-bench-media")
    large_url = os.environ["DATABASE_URL"]
    runs = []
    # Beside the cluster's own database; with DATABASE_URL, DATABASE_URL_SMALL names it.
    small_url = (
        database_url_named(large_url, small_name)
        if args.start_postgres
        else os.environ.get("DATABASE_URL_SMALL")
    )
    sizes = [(args.small, small_url)] if args.small and small_url else []
    if args.small and not small_url:
        print("No small run: set DATABASE_URL_SMALL to a second scratch database.")
    for letters, url in [*sizes, (args.letters, large_url)]:
        print(f"Measuring at {letters:,} letters...", file=sys.stderr)
        options = argparse.Namespace(**{**vars(args), "letters": letters})
        names = ("letters", "requests", "explain")
        env = {**os.environ, "DATABASE_URL": url}
        runs.append(run_child(__file__, str(letters), env, options, names, show_progress=True))
    for run in runs:
        print_run(run, args)
    print()
    print("rows: table rows (API: results, a letter's history lines) on the measured page")
    print("      / on the compared page")
    if len(runs) == 2:
        print_ratios(*runs)
    if args.explain:
        for run in runs:
            print_plans(run)
    if args.show_sql:
        for r in runs[-1]["results"]:
            print_sql(f"{r['page']['label']}: {r['queries']} queries", r["sql"])


if __name__ == "__main__":
    main()
