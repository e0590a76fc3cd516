"""``manage.py seed_demo``: a demo Kota Palu with letters in every state of the process.

The demo letters go through the real pages (a test client logged in as the role that does
each step), so their viewflow tasks sit in the right inboxes and queues. ``--letters N``
adds N more letters for benchmarks with bulk inserts that mirror the rows the flow writes.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from viewflow.workflow.timers import fire_due_timers

from organization.demo import (
    DEMO_PASSWORD,
    DemoOrganisation,
    demo_logins,
    demo_organisation_ensure,
    demo_second_factors_ensure,
)
from organization.twofactor import base32_secret
from workflows.demo.bulk import bulk_letters_create
from workflows.demo.letters import DEMO_LETTERS
from workflows.demo.walker import DemoWalker
from workflows.models import (
    Letter,
)
from workflows.task_counts import task_counts_compact


class Command(BaseCommand):
    help = (
        "Seed a demo Kota Palu: organisation, one account per role and about twenty letters "
        "in every state of the process. --letters N adds N bulk letters for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) when any letter exists.",
        )
        parser.add_argument(
            "--letters",
            type=int,
            default=0,
            metavar="N",
            help="Also bulk-create N letters in a realistic mix of states (for benchmarks).",
        )

    def handle(self, *args: Any, if_empty: bool, letters: int, **options: Any) -> None:
        if if_empty and Letter.objects.exists():
            self.stdout.write("Sudah ada surat; seed_demo tidak menambah apa pun.")
        else:
            org = demo_organisation_ensure()
            self.seed_demo_letters(org)
            if letters > 0:
                bulk_letters_create(org=org, count=letters, log=self.stdout.write)
                task_counts_compact()  # the tasks' +1/-1 rows, folded once
        devices = demo_second_factors_ensure()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Akun demo (nama pengguna / sandi, kunci TOTP bila wajib 2FA):")
        )
        width = max(len(username) for username, _label in demo_logins())
        for username, label in demo_logins():
            secret = f"  TOTP {base32_secret(devices[username])}" if username in devices else ""
            self.stdout.write(f"  {username:<{width}} / {DEMO_PASSWORD}  ({label}){secret}")
        if devices:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    "Verifikasi dua langkah: tambahkan kunci TOTP di atas (atau URI ini) ke "
                    "aplikasi autentikator, lalu masukkan kodenya di /akun/verifikasi/ (kode "
                    "saat ini tanpa aplikasi: manage.py demo_totp_codes):"
                )
            )
            for username, _label in demo_logins():
                if username in devices:
                    self.stdout.write(f"  {username:<{width}} {devices[username].config_url}")

    def seed_demo_letters(self, org: DemoOrganisation) -> None:
        first = DEMO_LETTERS[0]
        if Letter.objects.filter(sender=first.sender, subject=first.subject).exists():
            self.stdout.write("Surat demo sudah ada; dilewati.")
            return
        today = timezone.localdate(timezone=org.region.zone)
        walker = DemoWalker(org, today)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        # Seeding sends no mail: the escalation reminders would go to demo addresses.
        mail = "django.core.mail.backends.locmem.EmailBackend"
        # All or nothing, so a failed run leaves no half demo that the next run would skip.
        with override_settings(ALLOWED_HOSTS=hosts, EMAIL_BACKEND=mail), transaction.atomic():
            for spec in DEMO_LETTERS:
                walker.walk(spec)
            walker.pass_on_down_the_line()
            walker.speech_and_report()
            archived = fire_due_timers()
        self.stdout.write(
            f"{len(DEMO_LETTERS)} surat demo dibuat; {archived} tenggat (arsip/eskalasi) "
            "dijalankan."
        )
