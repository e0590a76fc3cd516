"""``manage.py staged_scans_sweep``: delete scans uploaded for a registration form that
was never sent, once they are older than ``LONTAR_STAGED_SCAN_DAYS`` (7 by default); with
``--dry-run``, list them. Run it with the other sweeps (``make run``'s timer loop, cron)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from workflows.selectors import staged_scans_abandoned
from workflows.services import staged_scans_discard


class Command(BaseCommand):
    help = "Delete (or list, with --dry-run) scans staged for a form that was never sent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=settings.LONTAR_STAGED_SCAN_DAYS)
        parser.add_argument("--dry-run", action="store_true", help="list them; delete nothing")

    def handle(self, *args: Any, days: int, dry_run: bool, **options: Any) -> None:
        before = timezone.now() - timedelta(days=max(days, 1))
        if dry_run:
            for document in staged_scans_abandoned(uploaded_before=before):
                who = document.uploaded_by.username if document.uploaded_by else "-"
                self.stdout.write(
                    f"{document.pk}\t{document.uploaded_at:%Y-%m-%d %H:%M}\t{who}\t"
                    f"{filesizeformat(document.size)}\t{document.original_name}"
                )
            return
        count = staged_scans_discard(uploaded_before=before)
        if count:
            self.stdout.write(f"{count} pindaian yang tidak jadi diregistrasi dihapus.")
