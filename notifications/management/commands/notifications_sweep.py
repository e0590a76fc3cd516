"""One sweep of notifications: retry due deliveries, send the daily e-mail digests. Run
it periodically (scripts/timer_loop.sh, cron, a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from notifications.tasks import retry_due_deliveries, send_email_digests


class Command(BaseCommand):
    help = "Retry due notification deliveries and send the daily e-mail digests."

    def handle(self, *args: Any, **options: Any) -> None:
        retried = retry_due_deliveries()
        digests = send_email_digests()
        if options["verbosity"] > 1 or retried["failed"] or digests["failed"]:
            self.stdout.write(
                "deliveries: {sent} sent, {failed} failed, {skipped} skipped; ".format(**retried)
                + "digests: {sent} sent, {failed} failed".format(**digests)
            )
