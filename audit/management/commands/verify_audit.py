"""Walk the audit chain; exit 1 naming the first broken row."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import audit_check_record
from audit.verify import chain_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (exits non-zero at the first broken row)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            type=Path,
            help="A head exported earlier by audit_head: its row must still be in the chain.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = json.loads(options["head"].read_text()) if options["head"] else None
        status = chain_verify(expected_head=expected)
        audit_check_record(status=status)
        if not status.ok:
            raise CommandError(f"audit chain broken at row {status.broken_id}: {status.reason}")
        self.stdout.write(
            f"audit chain verified: {status.count} rows, head #{status.last_id} {status.last_hash}"
        )
