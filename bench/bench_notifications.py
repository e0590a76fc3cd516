"""Notification fan-out benchmark: one event to 200 users on three channels.

    uv run python bench/bench_notifications.py [--users 200] [--events 5]
                                               [--start-postgres [DIR]] [--show-sql]

Without --start-postgres or DATABASE_URL it runs on a fresh SQLite database in a temporary
directory (LONTAR_VAR_DIR), deleted at the end. Each of ``--users`` users has an e-mail
address and a WhatsApp number with the opt-in. For each of ``--events`` events,
``notify()`` is called for all of them (in a transaction, as a step would), then the one
background task it queued is run in process (``send_deliveries.call``): in-app rows, one
e-mail per user to an SMTP sink on 127.0.0.1 (aiosmtpd, one SMTP connection per mail as
Django's ``send_mail`` opens), and one signed webhook POST per user to an HTTP server on
127.0.0.1 (``http.server``). It prints the time and the SQL queries of ``notify()`` and of
the delivery, and checks that each user got one mail and one WhatsApp per event. See
README.md.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from _common import (
    ROOT,
    Column,
    bench_parser,
    database_version,
    print_sql,
    print_table,
    setup_django,
    start_postgres,
)

DEFAULT_PG_DIR = Path("/tmp/lontar-bench-notifications-pg")
BENCH_DB = "lontar_bench_notifications"


def parse_args() -> argparse.Namespace:
    return bench_parser(
        __doc__,
        [("users", 200, "recipients of each event"), ("events", 5, "events measured")],
        postgres_dir=DEFAULT_PG_DIR,
        postgres_help="start a throwaway PostgreSQL cluster",
        sql_help="print the queries of notify() and of the delivery",
    ).parse_args()


def choose_database(args: argparse.Namespace) -> str:
    if args.start_postgres:
        os.environ["DATABASE_URL"] = start_postgres(args.start_postgres, BENCH_DB)
        return "postgres"
    if os.environ.get("DATABASE_URL"):
        return "env"
    var_dir = tempfile.mkdtemp(prefix="lontar-bench-notifications-")
    import atexit

    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    os.environ["LONTAR_VAR_DIR"] = var_dir
    return "sqlite"


class Webhook:
    """The gateway: counts POSTs and answers 200."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with webhook.lock:
                    webhook.count += 1
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def configure(webhook: Webhook, smtp_port: int) -> None:
    os.environ.update(
        {
            "LONTAR_WHATSAPP_MODE": "webhook",
            "LONTAR_WHATSAPP_URL": webhook.url,
            "LONTAR_WHATSAPP_WEBHOOK_SECRET": "bench-secret",
            "LONTAR_OUTGOING_ALLOW_NETWORKS": "127.0.0.1/32",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(smtp_port),
        }
    )


def seed(users: int) -> list[int]:
    from django.contrib.auth import get_user_model

    from notifications.models import Profile

    User = get_user_model()
    existing = list(User.objects.filter(username__startswith="bench_").order_by("pk"))
    for n in range(len(existing), users):
        existing.append(
            User.objects.create_user(username=f"bench_{n:04d}", email=f"bench_{n:04d}@example.test")
        )
    chosen = existing[:users]
    for n, user in enumerate(chosen):
        Profile.objects.update_or_create(
            user=user, defaults={"phone": f"0812{n:08d}", "whatsapp_opt_in": True}
        )
    return [user.pk for user in chosen]


def measure(user_ids: list[int], events: int, run: str) -> tuple[list[tuple], list[list[str]]]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from notifications.models import Delivery, Kind
    from notifications.services import notify
    from notifications.tasks import send_deliveries

    notify_ms, notify_q, deliver_ms, deliver_q, sql = [], [], [], [], []
    for event in range(events):
        key = f"bench:{run}:{event}"
        connection.queries_log.clear()  # the log keeps 9,000 queries: start from empty
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            with transaction.atomic():
                created = notify(
                    recipients=user_ids,
                    kind=Kind.AGENDA_CHANGED,
                    title="Agenda Wali Kota Palu dipindah: Rapat Koordinasi",
                    body="03-12-2026 13.00 WITA\nRuang Rapat Bappeda",
                    url="/jadwal/acara/1/",
                    key=key,
                )
            notify_ms.append((time.perf_counter() - began) * 1000)
        notify_q.append(len(queries))
        assert len(created) == len(user_ids)
        ids = list(Delivery.objects.filter(notification__key=key).values_list("pk", flat=True))
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as delivered:
            began = time.perf_counter()
            counts = send_deliveries.call(ids)
            deliver_ms.append((time.perf_counter() - began) * 1000)
        deliver_q.append(len(delivered))
        assert counts["sent"] == 2 * len(user_ids), counts
        if event == 0:
            sql = [
                [q["sql"] for q in queries.captured_queries],
                [q["sql"] for q in delivered.captured_queries[:12]],
            ]
    return [
        ("notify() (rows + deliveries)", statistics.median(notify_ms), statistics.median(notify_q)),
        (
            "delivery (e-mail + webhook each)",
            statistics.median(deliver_ms),
            statistics.median(deliver_q),
        ),
    ], sql


def main() -> None:
    args = parse_args()
    database = choose_database(args)
    sys.path.insert(0, str(ROOT))
    from tests.smtp import SMTPSink

    sink = SMTPSink()
    sink.start()
    webhook = Webhook()
    configure(webhook, sink.port)
    setup_django()
    try:
        user_ids = seed(args.users)
        run = str(int(time.time()))
        rows, sql = measure(user_ids, args.events, run)
    finally:
        sink.stop()
        webhook.server.shutdown()
    per_user = [(label, ms, q, ms / args.users) for label, ms, q in rows]
    print(
        f"Notification fan-out: {args.users} users x {args.events} events, "
        f"{database} ({database_version()}); medians per event"
    )
    print_table(
        [
            Column("step", "<34"),
            Column("ms", ">9.1f"),
            Column("queries", ">8.0f"),
            Column("ms/user", ">8.2f"),
        ],
        per_user,
    )
    mails, posts = len(sink.messages), webhook.count
    expected = args.users * args.events
    print(f"\narrived: {mails} e-mails, {posts} webhook POSTs (expected {expected} each)")
    if mails != expected or posts != expected:
        sys.exit("a message is missing or came twice")
    if args.show_sql:
        print_sql("notify()", sql[0])
        print_sql("delivery (first 12 queries)", sql[1])


if __name__ == "__main__":
    main()
