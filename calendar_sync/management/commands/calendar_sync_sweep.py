"""One sweep of the calendar copies: retry due CalDAV pushes, refresh busy times, resend
failed invitations. Run it periodically (scripts/timer_loop.sh, cron, a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from calendar_sync.tasks import retry_due_caldav_pushes, retry_due_invitations


class Command(BaseCommand):
    help = "Retry due CalDAV pushes and invitation mails; refresh busy times."

    def handle(self, *args: Any, **options: Any) -> None:
        caldav = retry_due_caldav_pushes()
        mail = retry_due_invitations()
        if options["verbosity"] > 1 or caldav["failed"] or mail["failed"]:
            self.stdout.write(
                "caldav: {accounts} accounts, {pushed} pushed, {failed} failed, "
                "{busy} busy times; ".format(**caldav)
                + "mail: {sent} sent, {failed} failed, {dropped} dropped".format(**mail)
            )
