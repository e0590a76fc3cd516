"""Print (or write) the audit chain's head as JSON, to be kept outside the database."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.verify import chain_verify


class Command(BaseCommand):
    help = "Export the verified head of the audit chain (id, hash, time) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="Write the JSON to this file.")

    def handle(self, *args: Any, **options: Any) -> None:
        status = chain_verify()
        if not status.ok:
            raise CommandError(f"audit chain broken at row {status.broken_id}: {status.reason}")
        text = json.dumps(status.head())
        if options["out"]:
            options["out"].write_text(text + "\n")
        self.stdout.write(text)
