"""``manage.py tasks_requeue_stale``: put back in the queue the background tasks whose
worker died while running them (see organization/queue.py). Part of every timer round."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from organization.queue import tasks_requeue_stale


class Command(BaseCommand):
    help = (
        "Kembalikan ke antrean tugas latar yang masih 'berjalan' lebih lama dari batas "
        "(pekerjanya mati di tengah jalan)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lease-seconds",
            type=int,
            default=settings.LONTAR_TASK_LEASE_MINUTES * 60,
            help="Tugas yang berjalan lebih lama dari ini dianggap ditinggal pekerjanya.",
        )

    def handle(self, *args: Any, lease_seconds: int, **options: Any) -> None:
        started_before = timezone.now() - timedelta(seconds=max(lease_seconds, 0))
        requeued = tasks_requeue_stale(started_before=started_before)
        for pk in requeued:
            self.stdout.write(f"DIANTREKAN ULANG\t{pk}")
