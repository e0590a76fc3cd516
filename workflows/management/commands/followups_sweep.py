"""``manage.py followups_sweep``: escalate follow-ups past their due date (run it with
``workflow_timers``, every minute from cron or ``make run``'s timer loop)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from organization.models import Region
from workflows.services import followups_escalate_overdue


class Command(BaseCommand):
    help = "Escalate open follow-ups of dispositions whose due date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate(timezone=Region.current().zone)
        count = followups_escalate_overdue(today=today)
        if count:
            self.stdout.write(f"{count} tindak lanjut terlambat dieskalasi.")
