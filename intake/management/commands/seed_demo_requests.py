"""``manage.py seed_demo_requests``: demo online requests, sent and handled through the
real pages: a department's request waiting for the mailroom, one verified and decided,
and two public requests (one waiting, one answered) whose tracking codes it prints."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task

from intake.models import OnlineRequest
from organization.demo import demo_organisation_ensure
from organization.models import Region
from organization.twofactor import client_login_verified
from workflows.demo.letters import letter_pdf
from workflows.models import Channel, Letter

DEMO_ORGANISATIONS = ("Universitas Tadulako", "Kodim 1306/Kota Palu")


class Command(BaseCommand):
    help = "Seed demo online requests (department and public) and print their tracking codes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when there is no online request yet."
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if not (if_empty and OnlineRequest.objects.exists()):
            self.org = demo_organisation_ensure()
            self.today = timezone.localdate(timezone=Region.current().zone)
            self.clients: dict[str, Client] = {}
            hosts = [*settings.ALLOWED_HOSTS, "testserver"]
            mail = "django.core.mail.backends.locmem.EmailBackend"
            with override_settings(ALLOWED_HOSTS=hosts, EMAIL_BACKEND=mail), transaction.atomic():
                self.seed()
        public = OnlineRequest.objects.filter(
            channel=Channel.PUBLIC, organisation__in=DEMO_ORGANISATIONS
        ).order_by("pk")
        if public:
            self.stdout.write(self.style.SUCCESS("Permohonan publik demo (kode pelacakan):"))
            for online in public:
                path = reverse("requests_public:status", args=[online.tracking_code])
                url = settings.LONTAR_PUBLIC_URL + path
                self.stdout.write(f"  {online.tracking_code}  {online.organisation}: {url}")

    def seed(self) -> None:
        # A department's request, waiting for the mailroom to verify it.
        self.department_request(days=12, title="Peluncuran Aplikasi Sehat Palu")
        # Another, verified and forwarded to the mayor.
        letter = self.department_request(days=9, title="Rakor Percepatan Penurunan Stunting")
        self.verify(letter)
        self.do("protokol", letter, "review", {"decision": "forward", "leader": self.org.mayor.pk})
        # The public: one waiting, one declined and answered.
        self.public_request(DEMO_ORGANISATIONS[0], "Wisuda Sarjana Periode IV", days=15)
        letter = self.public_request(DEMO_ORGANISATIONS[1], "Upacara HUT Kodim", days=7)
        self.verify(letter)
        self.do("protokol", letter, "review", {"decision": "forward", "leader": self.org.mayor.pk})
        note = "Bertepatan dengan kunjungan kerja ke Jakarta."
        self.do("ajudan_walikota", letter, "dispose", {"outcome": "decline", "note": note})
        answer = (
            "Dengan hormat, Wali Kota Palu tidak dapat hadir karena bertepatan dengan kunjungan "
            "kerja. Terima kasih atas undangannya."
        )
        self.post("protokol", reverse("permohonan:answer", args=[letter.pk]), {"text": answer})
        self.stdout.write("4 permohonan daring demo dibuat.")

    # Through the pages, as the role that does each step

    def client(self, username: str) -> Client:
        if username not in self.clients:
            self.clients[username] = Client()
            if username:
                client_login_verified(self.clients[username], self.org.user(username))
        return self.clients[username]

    def post(self, username: str, url: str, data: dict[str, Any]) -> None:
        response = self.client(username).post(url, data)
        if response.status_code != 302:
            context = getattr(response, "context", None) or {}
            errors = context["form"].errors.as_json() if "form" in context else ""
            raise CommandError(
                f"{username or 'publik'} POST {url}: {response.status_code} {errors}"
            )

    def event(self, days: int) -> dict[str, str]:
        day = (self.today + timedelta(days=days)).isoformat()
        return {
            "local_start": f"{day}T09:00",
            "local_end": f"{day}T11:00",
            "event_time_zone": Region.current().time_zone,
        }

    def scan(self, sender: str, title: str) -> SimpleUploadedFile:
        lines = [
            sender.upper(),
            "",
            f"Hal     : Permohonan kehadiran, {title}",
            "",
            "Yth. Wali Kota Palu",
        ]
        return SimpleUploadedFile(
            "permohonan.pdf", letter_pdf(lines), content_type="application/pdf"
        )

    def department_request(self, *, days: int, title: str) -> Letter:
        data = {
            "sender": "Dinas Kesehatan Kota Palu",
            "letter_number": f"440/{days}00/Dinkes/{self.today.year}",
            "letter_date": self.today.isoformat(),
            "security_class": "biasa",
            "urgency": "biasa",
            "subject": f"Permohonan kehadiran Wali Kota: {title}",
            "addressee": self.org.mayor.title,
            "event_title": title,
            "venue": "Aula Dinas Kesehatan Kota Palu",
            "contact_person": "Yusran, 0812-4500-1234",
            **self.event(days),
            "scans": [self.scan("Dinas Kesehatan Kota Palu", title)],
        }
        self.post("operator_dinkes", reverse("permohonan:create"), data)
        return Letter.objects.filter(event_title=title).latest("pk")

    def public_request(self, organisation: str, title: str, *, days: int) -> Letter:
        slug = organisation.split()[0].lower()
        data = {
            "organisation": organisation,
            "contact_person": "Humas " + organisation,
            "phone": "0811 4500 0000",
            "email": f"humas@{slug}.example",
            "event_title": title,
            "venue": organisation,
            "letter_number": "",
            "consent": "on",
            **self.event(days),
            "letter": self.scan(organisation, title),
        }
        self.post("", reverse("requests_public:create"), data)
        return Letter.objects.filter(event_title=title).latest("pk")

    def task(self, letter: Letter, node: str) -> Task:
        return Task.objects.get(
            process__letterprocess__letter=letter,
            flow_task_type="HUMAN",
            flow_task__endswith=f".{node}",
            status__in=["NEW", "ASSIGNED"],
        )

    def do(self, username: str, letter: Letter, node: str, data: dict[str, Any]) -> None:
        task = self.task(letter, node)
        if task.status == "NEW":
            self.post(
                username, reverse(f"letter:{node}:assign", args=[task.process_id, task.pk]), {}
            )
        self.post(
            username, reverse(f"letter:{node}:execute", args=[task.process_id, task.pk]), data
        )

    def verify(self, letter: Letter) -> None:
        """The mailroom checks the request and registers it, as it was sent."""
        letter.refresh_from_db()
        zone = letter.zone
        data = {
            "decision": "register",
            "sender": letter.sender,
            "sender_department": letter.sender_department_id or "",
            "letter_number": letter.letter_number or "-",
            "letter_date": letter.letter_date.isoformat(),
            "received_date": letter.received_date.isoformat(),
            "security_class": letter.security_class,
            "urgency": letter.urgency,
            "subject": letter.subject,
            "addressee": letter.addressee,
            "event_title": letter.event_title,
            "event_time_zone": letter.event_time_zone,
            "local_start": letter.event_start.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "local_end": letter.event_end.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "venue": letter.venue,
            "contact_person": letter.contact_person,
            "note": "",
        }
        self.do("persuratan", letter, "verify", data)
