"""``manage.py run_timers``: one round of Lontar's timers and sweeps, in one process.

The round holds a PostgreSQL advisory lock (organization/queue.py): with a timer loop or
systemd timer on more than one machine, a round that finds another running is skipped,
so each due timer, reminder and digest is handled by one round. One sweep that fails is
reported and the others still run; the exit code is 1 if any failed.
"""

import logging
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from organization.queue import timer_round_lock_release, timer_round_lock_try

logger = logging.getLogger(__name__)

# In order: tasks of dead workers back in the queue first, then the workflow's timers.
SWEEPS = (
    "tasks_requeue_stale",
    "workflow_timers",
    "calendar_sync_sweep",
    "followups_sweep",
    "staged_scans_sweep",
    "notifications_sweep",
    "agenda_digest",
    "task_counts_compact",
)


class Command(BaseCommand):
    help = "Satu putaran pengatur waktu dan penyapuan (dilewati bila putaran lain berjalan)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not timer_round_lock_try():
            self.stdout.write("run_timers: putaran lain sedang berjalan; dilewati.")
            return
        failed = []
        try:
            for name in SWEEPS:
                try:
                    call_command(name, stdout=self.stdout, stderr=self.stderr)
                except Exception:  # noqa: BLE001 - one failing sweep must not stop the round
                    logger.exception("run_timers: %s failed", name)
                    failed.append(name)
        finally:
            timer_round_lock_release()
        if failed:
            raise CommandError(f"run_timers: gagal: {', '.join(failed)}")
