"""What every benchmark does before measuring: production-like Django settings, and the
database: a throwaway PostgreSQL cluster (tests/pgserver.py, as the tests use) or another."""

import argparse
import atexit
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    """Configure Django as in production (no debug cursor, cached templates), with quiet
    logs and the project importable, then migrate the database the benchmark points at."""
    os.environ.setdefault("DJANGO_DEBUG", "0")
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


def start_postgres(data_dir: Path, database: str) -> str:
    """Start (initialising if needed) a cluster in ``data_dir`` with ``database`` in it;
    return its DATABASE_URL. The server is stopped when the benchmark exits; the data
    directory stays, so a second run reuses what the first one seeded."""
    from tests.pgserver import PostgresNotFound, PostgresServer

    try:
        server = PostgresServer(data_dir.resolve(), settings={"shared_buffers": "256MB"})
    except PostgresNotFound as exc:
        sys.exit(f"--start-postgres: {exc}")
    server.start()
    atexit.register(server.stop)
    server.create_database(database)
    return server.url(database)
