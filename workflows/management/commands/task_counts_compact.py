"""``manage.py task_counts_compact``: fold the open tasks' +1/-1 rows into one row per
combination (``workflows.task_counts``); the numbers are unchanged. Runs in every timer
round; ``verify_task_counts`` checks the numbers."""

from typing import Any

from django.core.management.base import BaseCommand

from workflows.task_counts import task_counts_compact


class Command(BaseCommand):
    help = "Ringkas hitungan tugas terbuka (baris +1/-1 menjadi satu baris per kombinasi)."

    def handle(self, *args: Any, **options: Any) -> None:
        folded = task_counts_compact()
        if options["verbosity"] > 1:
            self.stdout.write(f"{folded} baris hitungan tugas diringkas.")
