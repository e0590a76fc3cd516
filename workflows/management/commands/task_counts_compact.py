"""``manage.py task_counts_compact``: fold the open tasks' +1/-1 rows into one row per
combination (``workflows.task_counts``); with ``--check``, compare the kept numbers with
the open tasks counted now and exit 1 on a difference. Runs in every timer round."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workflows.task_counts import task_counts_compact, task_counts_differences


class Command(BaseCommand):
    help = "Ringkas hitungan tugas terbuka (baris +1/-1 menjadi satu baris per kombinasi)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="compare with the open tasks; fold nothing"
        )

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        if check:
            differences = task_counts_differences()
            for row in differences:
                self.stdout.write("\t".join(str(value) for value in row))
            if differences:
                raise CommandError(f"{len(differences)} hitungan tugas terbuka berbeda.")
            self.stdout.write("Hitungan tugas terbuka cocok.")
            return
        folded = task_counts_compact()
        if options["verbosity"] > 1:
            self.stdout.write(f"{folded} baris hitungan tugas diringkas.")
