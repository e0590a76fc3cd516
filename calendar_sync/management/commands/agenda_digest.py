"""The next day's agenda to each official with items and their ajudan/sespri, once the
evening's ``LONTAR_AGENDA_DIGEST_TIME`` has passed (region's zone). Run it from the timer
loop with the other sweeps: it sends each official's day once."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from calendar_sync.services.notices import agenda_digest_if_due, agenda_digest_send


class Command(BaseCommand):
    help = "Send tomorrow's agenda to the officials and their staff (once per day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--day", type=date.fromisoformat, help="send this day's agenda now (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["day"]:
            sent = agenda_digest_send(day=options["day"])
        else:
            sent = agenda_digest_if_due()
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"agenda digest: {sent} notifications")
