"""Write the archive search documents of existing letters (after migrating, or to repair)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workflows.search import letters_search_index_rebuild


class Command(BaseCommand):
    help = "Build the full-text search documents of all letters, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing", action="store_true", help="only letters that have no search document"
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()

        def progress(written: int) -> None:
            self.stderr.write(f"  {written} letters indexed")

        written = letters_search_index_rebuild(
            only_missing=options["missing"], batch_size=options["batch_size"], progress=progress
        )
        self.stdout.write(f"Indexed {written} letters in {time.perf_counter() - began:.1f} s.")
