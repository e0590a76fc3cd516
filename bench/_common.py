"""What every benchmark does before measuring: production-like Django settings."""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    """Configure Django as in production (no debug cursor, cached templates), with quiet
    logs and the project importable, then migrate the database the benchmark points at."""
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LONTAR_LOG_LEVEL", "WARNING")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def add_start_postgres(parser: argparse.ArgumentParser, default_dir: Path, what: str) -> None:
    """``--start-postgres [DIR]``: run on a throwaway cluster (bench_worklists.start_postgres)."""
    parser.add_argument(
        "--start-postgres",
        nargs="?",
        const=default_dir,
        type=Path,
        metavar="DIR",
        help=f"{what} in DIR (default {default_dir})",
    )
