"""Walks a demo letter through the real pages as the role that does each step."""

import re
from datetime import date, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from organization.demo import DINKES_STAFF, DemoOrganisation
from organization.models import Official
from organization.twofactor import client_login_verified
from workflows import services
from workflows.demo.letters import ZONES, DemoLetter, letter_pdf
from workflows.flows import LetterFlow
from workflows.models import FollowUp, Letter


def _clock(text: str) -> time:
    hours, minutes = text.split(".")
    return time(int(hours), int(minutes))


class DemoWalker:
    """Drives demo letters through the real pages as the role that does each step."""

    def __init__(self, org: DemoOrganisation, today: date) -> None:
        self.org = org
        self.today = today
        self.clients: dict[str, Client] = {}

    def client(self, username: str) -> Client:
        if username not in self.clients:
            client = Client()
            client_login_verified(client, self.org.user(username))
            self.clients[username] = client
        return self.clients[username]

    def post(self, username: str, url: str, data: dict[str, Any]) -> None:
        response = self.client(username).post(url, data)
        if response.status_code != 302:
            raise CommandError(f"{username} POST {url}: {_form_errors(response)}")

    def form_data(self, spec: DemoLetter) -> dict[str, Any]:
        event_day = self.today + timedelta(days=spec.day)
        received = min(self.today - timedelta(days=1), event_day - timedelta(days=6))
        letter_date = received - timedelta(days=2)
        end_day = self.today + timedelta(days=spec.end_day if spec.end_day else spec.day)
        department = self.org.departments.get(spec.department)
        return {
            "sender": spec.sender,
            "sender_department": department.pk if department else "",
            "letter_number": spec.letter_number.format(year=letter_date.year),
            "letter_date": letter_date.isoformat(),
            "received_date": received.isoformat(),
            "security_class": spec.security_class,
            "urgency": spec.urgency,
            "subject": spec.subject,
            "addressee": self.org.leaders[spec.leader].title,
            "event_title": spec.event_title,
            "event_time_zone": ZONES[spec.zone],
            "local_start": f"{event_day.isoformat()}T{_clock(spec.start):%H:%M}",
            "local_end": f"{end_day.isoformat()}T{_clock(spec.end):%H:%M}" if spec.end else "",
            "venue": spec.venue,
            "outside_region": "on" if spec.outside_region else "",
            "dress_code": spec.dress_code,
            "contact_person": spec.contact_person,
        }

    def scan(self, spec: DemoLetter, data: dict[str, Any]) -> SimpleUploadedFile:
        lines = [
            spec.sender.upper(),
            "",
            f"Nomor   : {data['letter_number']}",
            f"Sifat   : {spec.urgency.replace('_', ' ').title()}",
            f"Hal     : {spec.subject}",
            "",
            f"Yth. {data['addressee']}",
            "di Palu",
            "",
            f"Acara   : {spec.event_title}",
            f"Tanggal : {data['local_start'][:10]}",
            f"Pukul   : {spec.start} {spec.zone} s.d. {spec.end or 'selesai'}",
            f"Tempat  : {spec.venue}",
        ]
        name = re.sub(r"[^a-z0-9]+", "-", spec.subject.lower()).strip("-")[:60] + ".pdf"
        return SimpleUploadedFile(name, letter_pdf(lines), content_type="application/pdf")

    def task(self, letter: Letter, node: Any) -> Task:
        return Task.objects.get(
            process__letterprocess__letter=letter,
            flow_task=node,
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        )

    def do(self, username: str, letter: Letter, node: Any, data: dict[str, Any]) -> None:
        task = self.task(letter, node)
        name = node.name
        if task.status == STATUS.NEW:
            self.post(
                username, reverse(f"letter:{name}:assign", args=[task.process_id, task.pk]), {}
            )
        self.post(
            username, reverse(f"letter:{name}:execute", args=[task.process_id, task.pk]), data
        )

    def walk(self, spec: DemoLetter) -> Letter:
        data = self.form_data(spec)
        self.post(
            "persuratan",
            reverse("letter:register:execute"),
            {**data, "scans": [self.scan(spec, data)]},
        )
        letter = Letter.objects.filter(letter_number=data["letter_number"]).latest("pk")
        leader = self.org.leaders[spec.leader]
        if spec.stop == "received":
            return letter
        if spec.stop == "inbox":
            task = self.task(letter, LetterFlow.review)
            url = reverse("letter:review:assign", args=[task.process_id, task.pk])
            self.post("protokol", url, {})
            return letter
        if spec.stop in ("returned", "corrected"):
            self.do(
                "protokol", letter, LetterFlow.review, {"decision": "return", "note": spec.note}
            )
            if spec.stop == "corrected":
                self.do("persuratan", letter, LetterFlow.correct, {**data, "note": "Diperbaiki."})
            return letter
        if spec.stop == "rejected":
            self.do(
                "protokol", letter, LetterFlow.review, {"decision": "reject", "note": spec.note}
            )
            return letter
        review = {"decision": "forward", "leader": leader.pk, "note": ""}
        self.do("protokol", letter, LetterFlow.review, review)
        if spec.stop == "reviewed":
            return letter
        delegates = [self.org.heads[name] for name in spec.delegates]
        disposition = {
            "outcome": spec.outcome,
            "delegates": [o.pk for o in delegates],
            "instructions": spec.instructions,
            "note": spec.note,
        }
        self.do(spec.disposer, letter, LetterFlow.dispose, disposition)
        if spec.stop == "disposed" or spec.outcome in ("decline", "file"):
            return letter
        attending = delegates if spec.outcome == "represent" else [leader]
        reason = spec.clash_reason or "Sudah dikoordinasikan dengan ajudan."
        schedule = {"visibility": "public", "confirmed": "on"}
        schedule.update({f"override_{o.pk}": reason for o in attending})
        self.do("penjadwal", letter, LetterFlow.schedule, schedule)
        letter.refresh_from_db()
        clerk = self.org.user("persuratan")
        if spec.stop == "cancelled":
            note = f"Surat pembatalan {spec.sender} nomor {data['letter_number']}-B."
            services.letter_cancel_by_sender(actor=clerk, letter=letter, note=note)
        elif spec.stop == "postponed":
            later = timedelta(days=2, hours=1)
            services.letter_postpone(
                actor=clerk,
                letter=letter,
                event_start=letter.event_start + later,
                event_end=letter.event_end + later if letter.event_end else None,
                event_time_zone=letter.event_time_zone,
                venue=letter.venue,
                note=f"Surat susulan {spec.sender}: acara diundur dua hari.",
            )
        return letter

    def pass_on_down_the_line(self) -> None:
        """A follow-up passed on twice, then reported: the health office's officer, for
        its head, passes the representation to a Kabid, who passes the speech to a Kasi,
        who reports it done."""
        head = self.org.heads["Dinas Kesehatan"]
        followup = FollowUp.objects.filter(official=head, status=FollowUp.Status.OPEN).first()
        if followup is None:
            return
        kabid, kasi = (Official.objects.get(title=title) for title, _n, _r in DINKES_STAFF)
        url = reverse("tindak-lanjut:detail", args=[followup.pk])
        note = "Mohon Kabid mewakili dan menyiapkan sambutan."
        self.post("operator_dinkes", url, {"action": "pass", "to": kabid.pk, "note": note})
        second = FollowUp.objects.get(parent=followup)
        url = reverse("tindak-lanjut:detail", args=[second.pk])
        data = {
            "action": "pass",
            "to": kasi.pk,
            "instructions": ["sambutan"],
            "note": "Draf sambutan.",
        }
        self.post("operator_dinkes", url, data)
        third = FollowUp.objects.get(parent=second)
        url = reverse("tindak-lanjut:detail", args=[third.pk])
        done = "Draf sambutan 5 menit sudah dikirim ke Bagian Protokol."
        self.post("operator_dinkes", url, {"action": "done", "note": done})

    def speech_and_report(self) -> None:
        """The protocol office's speech for one upcoming event, ready; and the report of
        one event that has taken place, filed by the ajudan for the leader."""
        speech = FollowUp.objects.filter(
            kind=FollowUp.Kind.MATERIAL, status=FollowUp.Status.OPEN, official__isnull=True
        ).first()
        if speech is not None:
            lines = ["SAMBUTAN WALI KOTA PALU", "", f"Acara: {speech.letter.event_title}"]
            draft = SimpleUploadedFile("sambutan.pdf", letter_pdf(lines), "application/pdf")
            url = reverse("tindak-lanjut:detail", args=[speech.pk])
            self.post("penjadwal", url, {"files": [draft], "note": "Draf final.", "ready": "on"})
        past = FollowUp.objects.filter(
            kind=FollowUp.Kind.REPORT,
            status=FollowUp.Status.OPEN,
            official=self.org.mayor,
            letter__event_start__lt=timezone.now(),
        ).first()
        if past is not None:
            url = reverse("tindak-lanjut:detail", args=[past.pk])
            report = {
                "held": "1",
                "attendees": "Wali Kota Palu didampingi Kepala Dinas terkait.",
                "notes": "Wali Kota memberi sambutan dan membuka acara secara resmi.",
            }
            self.post("ajudan_walikota", url, report)


def _form_errors(response: Any) -> str:
    html = response.content.decode(errors="replace")
    errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)</', html, flags=re.S)
    text = "; ".join(" ".join(re.sub(r"<[^>]+>", " ", e).split()) for e in errors if e.strip())
    return f"HTTP {response.status_code}: {text or html[:500]}"


# Bulk letters for benchmarks
#
# The rows below mirror what the walk above leaves in the database for each path (checked
# against a dump of the demo letters): the letter, its documents, the viewflow Process and
# LetterProcess, every Task with its `previous` link, the history, the disposition and the
# agenda items. Timestamps are set explicitly so a year of letters looks like a year.
