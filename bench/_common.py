"""What every benchmark does before measuring: production-like Django settings, and the
database: a throwaway PostgreSQL cluster (tests/pgserver.py, as the tests use) or another."""

import argparse
import atexit
import os
import re
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    """Configure Django as in production (no debug cursor, cached templates), with quiet
    logs and the project importable, then migrate the database the benchmark points at."""
    os.environ.setdefault("DJANGO_DEBUG", "0")
    # Production settings refuse to start without a key of their own.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    # Measured over plain HTTP on loopback: no redirect to HTTPS.
    os.environ.setdefault("LONTAR_HTTPS", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LONTAR_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def add_start_postgres(parser: argparse.ArgumentParser, default_dir: Path, what: str) -> None:
    """``--start-postgres [DIR]``: run on a throwaway cluster (``start_postgres``)."""
    parser.add_argument(
        "--start-postgres",
        nargs="?",
        const=default_dir,
        type=Path,
        metavar="DIR",
        help=f"{what} in DIR (default {default_dir})",
    )


def start_postgres(data_dir: Path, database: str, *more: str) -> str:
    """Start (initialising if needed) a cluster in ``data_dir`` with ``database`` (and the
    databases ``more``) in it; return the DATABASE_URL of ``database`` (the others differ
    only in the name: ``database_url_named``). The server is stopped when the benchmark
    exits; the data directory stays, so a second run reuses what the first one seeded."""
    from tests.pgserver import PostgresNotFound, PostgresServer

    try:
        server = PostgresServer(data_dir.resolve(), settings={"shared_buffers": "256MB"})
    except PostgresNotFound as exc:
        sys.exit(f"--start-postgres: {exc}")
    server.start()
    atexit.register(server.stop)
    for name in (database, *more):
        server.create_database(name)
    return server.url(database)


def database_url_named(url: str, name: str) -> str:
    """The same server's URL for the database ``name``."""
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def bench_parser(
    doc: str,
    numbers: list[tuple[str, int, str]],
    *,
    postgres_dir: Path,
    postgres_help: str,
    sql_help: str,
) -> argparse.ArgumentParser:
    """The options every benchmark has: its sizes (``--NAME N``, each with its default),
    ``--start-postgres [DIR]`` and ``--show-sql``. The description is the docstring's
    first paragraph."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    for name, default, what in numbers:
        parser.add_argument(f"--{name}", type=int, default=default, help=f"{what} ({default})")
    add_start_postgres(parser, postgres_dir, postgres_help)
    parser.add_argument("--show-sql", action="store_true", help=sql_help)
    return parser


def database_version() -> str:
    """``SELECT version()`` on PostgreSQL, up to its first comma; "SQLite" otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return "SQLite"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return str(cursor.fetchone()[0]).split(",")[0]


def timed_ms(call: Callable[[], Any], times: int) -> list[float]:
    """Wall milliseconds of ``times`` calls."""
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    """The 95th percentile (0 for a single sample)."""
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else 0


@dataclass(frozen=True)
class Column:
    title: str
    spec: str  # format spec of the values, e.g. "<40", ">9.1f"; the title takes its width
    gap: int = 1  # spaces before the column


def print_table(columns: list[Column], rows: list[tuple]) -> None:
    """A header line, a rule as long as it, and one line per row of values."""

    def line(cells: list[str]) -> str:
        return cells[0] + "".join(
            " " * c.gap + cell for c, cell in zip(columns[1:], cells[1:], strict=True)
        )

    width = re.compile(r"[<>^]?\d*")  # a title is aligned and padded as its values
    header = line([f"{c.title:{width.match(c.spec)[0]}}" for c in columns])
    print(header)
    print("-" * len(header))
    for row in rows:
        print(line([f"{value:{c.spec}}" for c, value in zip(columns, row, strict=True)]))


def print_sql(label: str, sql: list[str], limit: int | None = 300) -> None:
    """``--show-sql``: the queries of one measured row."""
    print(f"\n== {label}")
    for statement in sql:
        print(f"   {statement[:limit]}")


def run_child(
    script: str,
    backend: str,
    env: dict[str, str],
    args: Any,
    names: tuple[str, ...],
    *,
    show_progress: bool = False,
) -> dict:
    """Run ``script --child BACKEND`` with the options ``names`` of ``args`` (one database
    per process; a flag is passed when true) and return the JSON its last line of output
    prints."""
    import json
    import subprocess

    command = [sys.executable, script, "--child", backend]
    for name in names:
        option, value = f"--{name.replace('_', '-')}", getattr(args, name)
        if isinstance(value, bool):  # a flag
            command += [option] if value else []
        else:
            command += [option, str(value)]
    # With show_progress the child's standard error (seeding progress) goes to ours.
    done = subprocess.run(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=None if show_progress else subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        sys.exit(f"{backend} run failed:\n{done.stderr or done.stdout[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
