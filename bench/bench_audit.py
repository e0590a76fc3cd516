"""The audit log's cost: the write overhead per audited request (with and without the
chain), and ``verify_audit`` over a million rows, on SQLite and PostgreSQL.

Overhead: a typical audited request, opening a letter's original through the test client
(middleware, view, file, the access row and the audit row), and the service behind a
letter's history line (``letter_note``: one LetterEvent and its audit row), each timed
``--requests`` times with the audit write and again with it switched off (the same code
with ``audit_record`` replaced by a no-op). Verify: ``--rows`` rows bulk-inserted with
their chain computed in Python (COPY on PostgreSQL, executemany on SQLite), then the
chain walked by ``audit.verify.chain_verify`` as ``manage.py verify_audit`` does.

    uv run python bench/bench_audit.py                      # SQLite only
    uv run python bench/bench_audit.py --start-postgres     # and a throwaway PostgreSQL
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    Column,
    bench_parser,
    p95,
    print_table,
    run_child,
    setup_django,
    start_postgres,
)

BENCH_DB = "lontar_bench_audit"
COLUMNS = (
    "id, at, action, actor_id, actor_label, on_behalf_of_id, on_behalf_label, ip, "
    "content_type_id, object_id, object_label, scope, before, after, note, prev_hash, hash"
)


def parse_args() -> argparse.Namespace:
    parser = bench_parser(
        __doc__,
        [
            ("requests", 300, "timed requests per variant"),
            ("rows", 1_000_000, "audit rows to verify"),
        ],
        postgres_dir=Path("var/bench-audit-pg"),
        postgres_help="also run on a throwaway PostgreSQL cluster",
        sql_help="(unused)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


@contextmanager
def audit_off() -> Any:
    """The same code paths with the audit write replaced by a no-op."""
    import documents.services
    import workflows.services._common as common

    saved = documents.services.audit_record, common.audit_record_many
    documents.services.audit_record = lambda **kwargs: None
    common.audit_record_many = lambda entries: [*entries] and []
    try:
        yield
    finally:
        documents.services.audit_record, common.audit_record_many = saved


def _median_us(call: Any, times: int) -> tuple[float, float]:
    for _ in range(10):  # warm-up
        call()
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1e6)
    return statistics.median(samples), p95(samples)


def overhead(requests: int) -> list[dict[str, Any]]:
    from django.test import Client
    from django.urls import reverse

    from tests.factories import letter_values, login_verified, make_world, scan
    from workflows import services

    world = make_world()
    letter = services.letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    document = letter.documents.get()
    client = login_verified(Client(HTTP_HOST="127.0.0.1"), world.auditor)
    url = reverse("letters:document", args=[letter.pk, document.pk])

    def open_document() -> None:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)

    def note() -> None:
        services.letter_note(actor=world.clerk, letter=letter, action="note", note="catatan")

    results = []
    for label, call in (("open a document (HTTP)", open_document), ("letter_note", note)):
        with_chain = _median_us(call, requests)
        with audit_off():
            without = _median_us(call, requests)
        results.append(
            {
                "call": label,
                "with_us": with_chain[0],
                "with_p95_us": with_chain[1],
                "without_us": without[0],
                "without_p95_us": without[1],
            }
        )
    return results


def bulk_insert(rows: int) -> float:
    """Append ``rows`` chained rows after the current head; seconds taken."""
    from django.db import connection, transaction

    from audit.chain import row_hash
    from audit.models import AuditHead
    from audit.services import _lock_head

    began = time.perf_counter()
    with transaction.atomic():
        head = _lock_head()
        pk, prev = head.last_id, head.last_hash
        start = datetime.now(UTC) - timedelta(seconds=rows)
        batch: list[tuple] = []

        def flush(cursor: Any) -> None:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY audit_auditentry ({COLUMNS}) FROM STDIN") as copy:
                    for values in batch:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * 17)
                cursor.executemany(
                    f"INSERT INTO audit_auditentry ({COLUMNS}) VALUES ({marks})", batch
                )
            batch.clear()

        with connection.cursor() as cursor:
            raw = cursor.cursor if connection.vendor == "postgresql" else cursor
            for i in range(rows):
                pk += 1
                row = {
                    "id": pk,
                    "at": start + timedelta(seconds=i),
                    "action": "document.open" if i % 3 else "letter.forward",
                    "actor_id": 1 + i % 40,
                    "actor_label": f"user{i % 40}",
                    "on_behalf_of_id": None,
                    "on_behalf_label": "",
                    "ip": "10.0.0.1",
                    "content_type_id": 1,
                    "object_id": str(i % 100_000),
                    "object_label": f"{i % 100_000:04d}/UND/2026",
                    "scope": f"{i % 100_000:04d}/UND/2026",
                    "before": None,
                    "after": {"file": "original", "n": i},
                    "note": "",
                    "prev_hash": prev,
                }
                row["hash"] = prev = row_hash(row)
                at = row["at"]
                if connection.vendor != "postgresql":  # as Django stores it on SQLite
                    at = at.replace(tzinfo=None).isoformat(sep=" ")
                batch.append(
                    (
                        row["id"],
                        at,
                        *[row[k] for k in list(row)[2:12]],
                        None,
                        json.dumps(row["after"]),
                        row["note"],
                        row["prev_hash"],
                        row["hash"],
                    )
                )
                if len(batch) >= 10_000:
                    flush(raw)
            if batch:
                flush(raw)
        AuditHead.objects.filter(pk=1).update(last_id=pk, last_hash=prev)
    return time.perf_counter() - began


def child(backend: str, args: argparse.Namespace) -> None:
    setup_django()
    from django.db import connection

    from audit.models import AuditEntry
    from audit.verify import chain_verify

    results = overhead(args.requests)
    insert_s = bulk_insert(args.rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE audit_auditentry")
            cursor.execute("SELECT version()")
            version = " ".join(cursor.fetchone()[0].split()[:2])
        else:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    began = time.perf_counter()
    status = chain_verify()
    verify_s = time.perf_counter() - began
    assert status.ok, status.reason
    print(
        json.dumps(
            {
                "backend": backend,
                "version": version,
                "rows": AuditEntry.objects.count(),
                "insert_s": insert_s,
                "verify_s": verify_s,
                "results": results,
            }
        )
    )


def main() -> None:
    args = parse_args()
    if args.child:
        child(args.child, args)
        return
    runs = []
    names = ("requests", "rows")
    with tempfile.TemporaryDirectory(prefix="lontar-bench-audit-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["LONTAR_VAR_DIR"] = var_dir
        runs.append(run_child(__file__, "sqlite", env, args, names))
        if args.start_postgres:
            url = start_postgres(args.start_postgres, BENCH_DB)
            runs.append(run_child(__file__, "postgres", {**env, "DATABASE_URL": url}, args, names))
    print(f"\nAudit write overhead, {args.requests} requests per variant; {os.cpu_count()} CPUs\n")
    print_table(
        [
            Column("database", "<18"),
            Column("call", "<24"),
            Column("with µs", ">9.0f"),
            Column("p95", ">8.0f"),
            Column("without µs", ">11.0f"),
            Column("p95", ">8.0f"),
            Column("overhead µs", ">12.0f"),
        ],
        [
            (
                run["version"],
                r["call"],
                r["with_us"],
                r["with_p95_us"],
                r["without_us"],
                r["without_p95_us"],
                r["with_us"] - r["without_us"],
            )
            for run in runs
            for r in run["results"]
        ],
    )
    print("\nverify_audit over the whole chain\n")
    print_table(
        [
            Column("database", "<18"),
            Column("rows", ">10,"),
            Column("bulk insert s", ">14.1f"),
            Column("verify s", ">9.1f"),
            Column("rows/s", ">10,.0f"),
        ],
        [
            (r["version"], r["rows"], r["insert_s"], r["verify_s"], r["rows"] / r["verify_s"])
            for r in runs
        ],
    )


if __name__ == "__main__":
    main()
