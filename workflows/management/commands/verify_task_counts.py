"""``manage.py verify_task_counts``: compare the open tasks' numbers the database keeps
(``workflows.task_counts``) with the open tasks counted now; print each combination that
differs and exit 1 if any does. The restore drill runs it with the other ``verify_*``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workflows.task_counts import task_counts_differences


class Command(BaseCommand):
    help = "Bandingkan hitungan tugas terbuka yang disimpan dengan tugas terbuka saat ini."

    def handle(self, *args: Any, **options: Any) -> None:
        differences = task_counts_differences()
        for row in differences:
            self.stdout.write("\t".join(str(value) for value in row))
        if differences:
            raise CommandError(f"{len(differences)} hitungan tugas terbuka berbeda.")
        self.stdout.write("Hitungan tugas terbuka cocok.")
