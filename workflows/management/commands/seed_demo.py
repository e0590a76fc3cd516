"""``manage.py seed_demo``: a demo Kota Palu with letters in every state of the process.

The demo letters go through the real pages (a test client logged in as the role that does
each step), so their viewflow tasks sit in the right inboxes and queues. ``--letters N``
adds N more letters for benchmarks with bulk inserts that mirror the rows the flow writes.
"""

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_timers

from calendar_sync.models import AgendaItem
from documents.models import Document
from documents.services import document_store
from organization.backends import act_for_leader_permission
from organization.demo import DEMO_PASSWORD, DemoOrganisation, demo_logins, demo_organisation_ensure
from organization.models import Official, Region
from workflows import services
from workflows.flows import LetterFlow
from workflows.models import (
    AgendaCounter,
    Disposition,
    DispositionRecipient,
    Letter,
    LetterEvent,
    LetterProcess,
)

# The smallest valid PDF a mailroom could upload (one empty page); bulk letters share it.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def letter_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with ``lines`` as its text layer (ASCII), with a correct xref."""

    def escape(text: str) -> str:
        text = text.encode("ascii", "replace").decode("ascii")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td"]
    ops += [f"({escape(line)}) '" for line in lines]
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# Demo letters


@dataclass
class DemoLetter:
    """One demo letter and how far it goes through the process.

    ``stop``: received, inbox (review taken by the reviewer), returned, corrected,
    rejected, reviewed, disposed, scheduled, cancelled, postponed. Letters whose disposition
    is decline/file end archived at the disposition; scheduled letters whose event is over
    are archived by the timer. ``day`` counts from today in the region's zone.
    """

    sender: str
    letter_number: str
    subject: str
    event_title: str
    day: int
    start: str
    end: str | None
    venue: str
    stop: str
    zone: str = "WITA"
    end_day: int | None = None  # for a multi-day event
    department: str = ""  # the sending department, if it is one of ours
    urgency: str = "biasa"
    security_class: str = "biasa"
    outside_region: bool = False
    dress_code: str = "Batik lengan panjang"
    contact_person: str = ""
    leader: str = "mayor"
    disposer: str = "walikota"
    outcome: str = "attend"
    delegates: list[str] = field(default_factory=list)  # department names of the heads
    instructions: list[str] = field(default_factory=list)
    note: str = ""
    clash_reason: str = ""


DEMO_LETTERS: list[DemoLetter] = [
    DemoLetter(
        sender="Dinas Kesehatan Kota Palu",
        letter_number="440/1172/Dinkes/{year}",
        subject="Undangan Pembukaan Pekan Imunisasi Nasional",
        event_title="Pembukaan Pekan Imunisasi Nasional (PIN) Polio",
        day=5,
        start="09.00",
        end="12.00",
        venue="Aula Dinas Kesehatan Kota Palu, Jl. Balai Kota Selatan",
        department="Dinas Kesehatan",
        urgency="segera",
        contact_person="Ibu Sari, 0812-4511-2233",
        stop="received",
    ),
    DemoLetter(
        sender="Universitas Tadulako",
        letter_number="1021/UN28/KM/{year}",
        subject="Undangan Dies Natalis ke-63 Universitas Tadulako",
        event_title="Rapat Senat Terbuka Dies Natalis ke-63 Universitas Tadulako",
        day=10,
        start="08.00",
        end=None,
        venue="Auditorium Universitas Tadulako, Tondo",
        dress_code="Pakaian Sipil Lengkap (PSL)",
        contact_person="Protokol Untad, 0451-422611",
        stop="inbox",
    ),
    DemoLetter(
        sender="Polres Palu",
        letter_number="B/2207/XI/OPS.1.3./{year}",
        subject="Undangan Apel Gelar Pasukan Operasi Lilin Tinombala",
        event_title="Apel Gelar Pasukan Operasi Lilin Tinombala",
        day=7,
        start="08.30",
        end="10.00",
        venue="Lapangan Mapolres Palu",
        urgency="sangat_segera",
        dress_code="PDU / menyesuaikan",
        contact_person="Kabag Ops, 0811-4500-110",
        stop="received",
    ),
    DemoLetter(
        sender="KONI Kota Palu",
        letter_number="045/KONI-PL/XI/{year}",
        subject="Permohonan Membuka Pekan Olahraga Kota",
        event_title="Pembukaan Pekan Olahraga Kota (Porkot) Palu",
        day=18,
        start="15.00",
        end="18.00",
        venue="Stadion Gawalise",
        stop="returned",
        note="Lampiran susunan acara tidak terbaca; mohon pindai ulang.",
    ),
    DemoLetter(
        sender="Kecamatan Palu Timur",
        letter_number="005/311/Kec.PT/{year}",
        subject="Undangan Musrenbang Kecamatan Palu Timur",
        event_title="Musyawarah Perencanaan Pembangunan Kecamatan Palu Timur",
        day=8,
        start="09.00",
        end="13.00",
        venue="Aula Kantor Camat Palu Timur",
        department="Kecamatan Palu Timur",
        stop="corrected",
        note="Waktu acara pada registrasi berbeda dengan surat (tertulis 09.00 WITA).",
    ),
    DemoLetter(
        sender="Kementerian Dalam Negeri",
        letter_number="000.1.2/7712/OTDA",
        subject="Undangan Rapat Koordinasi Nasional Kepala Daerah",
        event_title="Rakornas Kepala Daerah dan Forkopimda se-Indonesia",
        day=14,
        end_day=16,
        start="08.00",
        end="17.00",
        zone="WIB",
        venue="Sentul International Convention Center, Bogor",
        outside_region=True,
        urgency="segera",
        contact_person="Ditjen Otda, 021-3450038",
        stop="reviewed",
    ),
    DemoLetter(
        sender="TP PKK Kota Palu",
        letter_number="12/PKK-PL/{year}",
        subject="Undangan Penilaian Lomba Posyandu Tingkat Kota",
        event_title="Penilaian Lomba Posyandu Tingkat Kota Palu",
        day=3,
        start="09.00",
        end="11.30",
        venue="Posyandu Melati, Kelurahan Tanamodindi",
        leader="deputy",
        disposer="wakil",
        stop="reviewed",
    ),
    DemoLetter(
        sender="BPS Provinsi Sulawesi Tengah",
        letter_number="B-552/72000/HM.340/{year}",
        subject="Undangan Diseminasi Hasil Survei Sosial Ekonomi Nasional",
        event_title="Diseminasi Hasil Susenas Sulawesi Tengah",
        day=1,
        start="10.00",
        end="12.00",
        venue="Hotel Santika Palu",
        leader="sekda",
        disposer="sekda",
        stop="reviewed",
    ),
    DemoLetter(
        sender="Bank Indonesia Perwakilan Sulawesi Tengah",
        letter_number="26/112/Plu/Srt/B",
        subject="Undangan Pembukaan Festival Ekonomi Syariah Sulawesi",
        event_title="Pembukaan Festival Ekonomi Syariah (FESyar) Sulawesi",
        day=12,
        start="19.30",
        end="22.00",
        venue="Palu Grand Mall, Jl. Moh. Hatta",
        disposer="ajudan_walikota",
        instructions=["sambutan", "koordinasikan"],
        note="Wali Kota hadir. Protokol siapkan sambutan singkat.",
        stop="disposed",
    ),
    DemoLetter(
        sender="Dinas Pendidikan Provinsi Sulawesi Tengah",
        letter_number="420/3391/Dikbud/{year}",
        subject="Undangan Peluncuran Gerakan Literasi Sekolah",
        event_title="Peluncuran Gerakan Literasi Sekolah Kota Palu",
        day=9,
        start="08.00",
        end="11.00",
        venue="SMP Negeri 1 Palu",
        disposer="sespri_walikota",
        outcome="represent",
        delegates=["Dinas Pendidikan"],
        instructions=["wakili", "dilaksanakan"],
        note="Diwakili Kadis Pendidikan.",
        stop="disposed",
    ),
    DemoLetter(
        sender="Dinas PUPR Kota Palu",
        letter_number="600/874/PUPR/{year}",
        subject="Undangan Peresmian Jembatan Lalove",
        event_title="Peresmian Jembatan Lalove",
        day=7,
        start="08.00",
        end="10.00",
        venue="Jembatan Lalove, Kelurahan Lasoani",
        department="Dinas PUPR",
        contact_person="Kabid Bina Marga, 0813-5412-7788",
        instructions=["sambutan"],
        note="Hadir. Siapkan sambutan.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="Kodim 1306/Kota Palu",
        letter_number="B/1180/XI/{year}",
        subject="Undangan Upacara Peringatan Hari Juang TNI AD",
        event_title="Upacara Peringatan Hari Juang TNI AD",
        day=7,
        start="09.00",
        end="11.00",
        venue="Lapangan Makodim 1306/Kota Palu",
        disposer="ajudan_walikota",
        dress_code="PSL",
        note="Hadir sebagai inspektur upacara.",
        clash_reason="Peresmian Jembatan Lalove dipersingkat; Wali Kota langsung ke Makodim.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="LPM Kelurahan Balaroa",
        letter_number="07/LPM-BLR/{year}",
        subject="Undangan Musyawarah Kelurahan Balaroa",
        event_title="Musyawarah Perencanaan Pembangunan Kelurahan Balaroa",
        day=4,
        start="14.00",
        end="16.00",
        venue="Aula Kelurahan Balaroa",
        outcome="represent",
        delegates=["Kecamatan Palu Barat"],
        instructions=["wakili"],
        note="Diwakili Camat Palu Barat.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="APEKSI Komisariat Wilayah VI",
        letter_number="058/APEKSI-KOMWIL-VI/{year}",
        subject="Undangan Rapat Kerja Komisariat Wilayah APEKSI",
        event_title="Rapat Kerja Komwil VI APEKSI",
        day=20,
        start="09.00",
        end="15.00",
        zone="WIT",
        venue="Hotel Swiss-Belhotel Papua, Jayapura",
        outside_region=True,
        leader="deputy",
        disposer="ajudan_wakil",
        note="Wakil Wali Kota hadir.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="Dinas Kesehatan Kota Palu",
        letter_number="440/1230/Dinkes/{year}",
        subject="Undangan Pencanangan Kampung KB dan Stunting",
        event_title="Pencanangan Kampung KB Kelurahan Kabonena",
        day=6,
        start="09.00",
        end="11.00",
        venue="Kelurahan Kabonena",
        department="Dinas Kesehatan",
        outcome="represent",
        delegates=["Dinas Kesehatan"],
        note="Diwakili Kadis Kesehatan.",
        stop="postponed",
    ),
    DemoLetter(
        sender="PT Bank Sulteng",
        letter_number="125/DIR-BST/{year}",
        subject="Undangan Malam Ramah Tamah HUT Bank Sulteng",
        event_title="Malam Ramah Tamah HUT ke-62 Bank Sulteng",
        day=11,
        start="19.00",
        end="22.00",
        venue="Hotel Best Western Coco Palu",
        disposer="sespri_walikota",
        outcome="decline",
        note="Wali Kota berada di luar daerah; mohon maaf tidak dapat hadir.",
        stop="archived",
    ),
    DemoLetter(
        sender="CV Sinar Tadulako",
        letter_number="11/STD/PROMO/{year}",
        subject="Undangan Peluncuran Produk Baru",
        event_title="Grand Launching Showroom Sinar Tadulako",
        day=15,
        start="10.00",
        end="12.00",
        venue="Jl. Emmy Saelan No. 45, Palu",
        note="Kegiatan usaha swasta; tidak perlu kehadiran pimpinan.",
        stop="rejected",
    ),
    DemoLetter(
        sender="BMKG Stasiun Geofisika Palu",
        letter_number="PL.105/1241/KPL/{year}",
        subject="Pemberitahuan Sosialisasi Gempa Bumi dan Tsunami",
        event_title="Sosialisasi Mitigasi Gempa Bumi dan Tsunami bagi Sekolah",
        day=13,
        start="08.30",
        end="12.00",
        venue="SMA Negeri 4 Palu",
        leader="sekda",
        disposer="ajudan_sekda",
        outcome="file",
        instructions=["diketahui", "arsip"],
        note="Untuk diketahui; BPBD koordinasi teknis.",
        stop="archived",
    ),
    DemoLetter(
        sender="Universitas Tadulako",
        letter_number="1077/UN28/HK/{year}",
        subject="Undangan Seminar Nasional Pembangunan Kota Pascabencana",
        event_title="Seminar Nasional Pembangunan Kota Tangguh Pascabencana",
        day=16,
        start="08.00",
        end="15.00",
        venue="Gedung Media Center Untad",
        instructions=["sambutan"],
        note="Hadir sebagai keynote speaker.",
        stop="cancelled",
    ),
    DemoLetter(
        sender="Dinas Sosial Kota Palu",
        letter_number="460/512/Dinsos/{year}",
        subject="Undangan Penyaluran Bantuan Sosial Pangan",
        event_title="Penyaluran Bantuan Pangan bagi Keluarga Penerima Manfaat",
        day=-5,
        start="09.00",
        end="12.00",
        venue="Kantor Kelurahan Tipo",
        department="Dinas Sosial",
        disposer="ajudan_walikota",
        stop="scheduled",
    ),
    DemoLetter(
        sender="BPBD Kota Palu",
        letter_number="360/288/BPBD/{year}",
        subject="Undangan Simulasi Evakuasi Tsunami",
        event_title="Simulasi Evakuasi Mandiri Tsunami Teluk Palu",
        day=-12,
        start="07.30",
        end="11.00",
        venue="Pantai Talise",
        department="BPBD",
        outcome="represent",
        delegates=["BPBD", "Kecamatan Palu Barat"],
        instructions=["wakili", "koordinasikan"],
        note="Diwakili Kalak BPBD dan Camat Palu Barat.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="Bappeda Kota Palu",
        letter_number="050/967/Bappeda/{year}",
        subject="Undangan Konsultasi Publik Rancangan Awal RKPD",
        event_title="Konsultasi Publik Rancangan Awal RKPD Kota Palu",
        day=22,
        end_day=23,
        start="08.00",
        end="16.00",
        venue="Ruang Rapat Bantaya, Kantor Wali Kota Palu",
        department="Bappeda",
        leader="sekda",
        disposer="ajudan_sekda",
        note="Sekda membuka hari pertama.",
        stop="scheduled",
    ),
]


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
            client.force_login(self.org.user(username))
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

BULK_DOCUMENT_NAME = "surat-undangan-massal.pdf"
BATCH = 2000

# One cycle of 50 letters, roughly a year in a city office: most are archived, a few sit
# in each open state. (kind, how many per 50)
BULK_MIX: list[tuple[str, int]] = [
    ("archived_attend", 22),
    ("archived_represent", 6),
    ("archived_decline", 4),
    ("archived_rejected", 3),
    ("archived_file", 2),
    ("archived_cancelled", 1),
    ("received", 4),
    ("received_assigned", 1),
    ("returned", 1),
    ("reviewed", 2),
    ("disposed", 1),
    ("scheduled", 3),
]
OPEN_KINDS = {"received", "received_assigned", "returned", "reviewed", "disposed", "scheduled"}

# (sender, our department or "", letter number pattern)
BULK_SENDERS: list[tuple[str, str, str]] = [
    ("Dinas Kesehatan Kota Palu", "Dinas Kesehatan", "440/{n}/Dinkes/{y}"),
    ("Dinas Pendidikan Kota Palu", "Dinas Pendidikan", "420/{n}/Disdik/{y}"),
    ("Dinas PUPR Kota Palu", "Dinas PUPR", "600/{n}/PUPR/{y}"),
    ("Dinas Sosial Kota Palu", "Dinas Sosial", "460/{n}/Dinsos/{y}"),
    ("Bappeda Kota Palu", "Bappeda", "050/{n}/Bappeda/{y}"),
    ("BPBD Kota Palu", "BPBD", "360/{n}/BPBD/{y}"),
    ("Kecamatan Palu Barat", "Kecamatan Palu Barat", "005/{n}/Kec.PB/{y}"),
    ("Kecamatan Palu Timur", "Kecamatan Palu Timur", "005/{n}/Kec.PT/{y}"),
    ("Polres Palu", "", "B/{n}/XI/HUM.3.4./{y}"),
    ("Kodim 1306/Kota Palu", "", "B/{n}/{y}"),
    ("Universitas Tadulako", "", "{n}/UN28/KM/{y}"),
    ("UIN Datokarama Palu", "", "B-{n}/Un.24/R/{y}"),
    ("Pemerintah Provinsi Sulawesi Tengah", "", "005/{n}/Ro.Umum/{y}"),
    ("Kementerian Dalam Negeri", "", "000.1/{n}/OTDA"),
    ("Bank Indonesia Perwakilan Sulawesi Tengah", "", "{y}/{n}/Plu/Srt/B"),
    ("KONI Kota Palu", "", "{n}/KONI-PL/{y}"),
    ("TP PKK Kota Palu", "", "{n}/PKK-PL/{y}"),
    ("Majelis Ulama Indonesia Kota Palu", "", "{n}/MUI-PL/{y}"),
    ("PT PLN (Persero) UP3 Palu", "", "{n}/UP3-PAL/{y}"),
    ("Kadin Kota Palu", "", "{n}/KADIN-PL/{y}"),
]
BULK_EVENTS: list[str] = [
    "Pembukaan Rapat Kerja Daerah",
    "Peresmian Gedung Layanan Terpadu",
    "Upacara Peringatan Hari Jadi",
    "Musyawarah Perencanaan Pembangunan",
    "Pelantikan Pengurus Periode Baru",
    "Sosialisasi Program Penanganan Stunting",
    "Rapat Koordinasi Penanggulangan Bencana",
    "Pembukaan Turnamen Sepak Bola Antarkelurahan",
    "Halal Bihalal dan Silaturahmi",
    "Seminar Nasional Kota Tangguh Bencana",
    "Penyerahan Bantuan Rumah Layak Huni",
    "Launching Aplikasi Pelayanan Publik",
    "Wisuda dan Pengukuhan Lulusan",
    "Festival Budaya Teluk Palu",
    "Apel Gelar Pasukan Pengamanan",
    "Dialog Publik Pelayanan Kesehatan",
]
BULK_VENUES: list[str] = [
    "Ruang Rapat Bantaya, Kantor Wali Kota Palu",
    "Aula Kantor Camat Palu Barat",
    "Auditorium Universitas Tadulako",
    "Hotel Santika Palu",
    "Hotel Best Western Coco Palu",
    "Gedung Juang Palu",
    "Lapangan Vatulemo",
    "Taman GOR Palu",
    "Anjungan Pantai Talise",
    "Stadion Gawalise",
    "Masjid Agung Darussalam Palu",
    "Palu Grand Mall",
]
FAR_VENUES = {
    "Asia/Jakarta": "Hotel Borobudur, Jakarta",
    "Asia/Jayapura": "Hotel Horison Kotaraja, Jayapura",
}
START_TIMES = [(7, 30), (8, 0), (8, 30), (9, 0), (10, 0), (13, 30), (14, 0), (15, 30), (19, 30)]


@contextmanager
def explicit_timestamps(*models: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the historic times they are given: auto_now/auto_now_add
    would stamp every row with the moment of seeding."""
    switched = [
        (f, f.auto_now, f.auto_now_add)
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for f, _now, _add in switched:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in switched:
            f.auto_now, f.auto_now_add = now, add


@dataclass
class BulkLetter:
    """One bulk letter before insertion: its Letter, and the rows that hang off it."""

    kind: str
    letter: Letter
    process: Process
    # (node, status, owner, permission, created, finished, scheduled, previous index)
    tasks: list[tuple[Any, str, Any, str | None, datetime, datetime | None, Any, int | None]] = (
        field(default_factory=list)
    )
    events: list[LetterEvent] = field(default_factory=list)
    disposition: Disposition | None = None
    recipients: list[DispositionRecipient] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)

    def task(
        self,
        node: Any,
        status: str,
        at: datetime,
        *,
        finished: datetime | None = None,
        owner: Any = None,
        permission: str | None = None,
        scheduled: datetime | None = None,
        after: int | None = -1,
    ) -> int:
        """Add a task; ``after`` is the index of its previous task (-1: the last one)."""
        if not self.tasks:
            previous = None  # the start task
        else:
            previous = len(self.tasks) - 1 if after == -1 else after
        self.tasks.append((node, status, owner, permission, at, finished, scheduled, previous))
        return len(self.tasks) - 1

    def event(
        self,
        action: str,
        from_state: str,
        to_state: str,
        at: datetime,
        actor: Any = None,
        note: str = "",
        on_behalf_of: Official | None = None,
    ) -> None:
        self.events.append(
            LetterEvent(
                action=action,
                from_state=from_state,
                to_state=to_state,
                at=at,
                actor=actor,
                note=note,
                on_behalf_of=on_behalf_of,
            )
        )


class BulkLetterBuilder:
    """Builds the rows of bulk letters, each following one path of LetterFlow."""

    def __init__(self, org: DemoOrganisation, rng: random.Random, now: datetime) -> None:
        self.org, self.rng, self.now = org, rng, now
        self.region = org.region
        self.zone = org.region.zone
        self.today = now.astimezone(self.zone).date()
        self.clerk = org.user("persuratan")
        self.reviewer = org.user("protokol")
        self.scheduler = org.user("penjadwal")
        self.disposers = {
            org.leaders["mayor"].pk: ["walikota", "ajudan_walikota", "sespri_walikota"],
            org.leaders["deputy"].pk: ["wakil", "ajudan_wakil"],
            org.leaders["sekda"].pk: ["sekda", "ajudan_sekda"],
        }
        self.leader_weights = [
            (org.leaders["mayor"], 60),
            (org.leaders["deputy"], 25),
            (org.leaders["sekda"], 15),
        ]
        self.delegates = list(org.heads.values())
        # The timer boundary of .OnTimeout on the dispose task.
        self.dispose_timeout = LetterFlow.instance.node("dispose__timeout")

    def hours(self, low: float, high: float) -> timedelta:
        return timedelta(minutes=self.rng.randint(int(low * 60), int(high * 60)))

    def letter(self, kind: str) -> Letter:
        rng = self.rng
        if kind in OPEN_KINDS:
            event_day = self.today + timedelta(days=rng.randint(2, 60))
            received = self.today - timedelta(days=rng.randint(2, 7))
        else:
            event_day = self.today - timedelta(days=rng.randint(5, 365))
            received = event_day - timedelta(days=rng.randint(4, 21))
        zone_name = rng.choices(list(ZONES.values()), weights=[7, 90, 3])[0]
        far = zone_name != self.region.time_zone
        hour, minute = rng.choice(START_TIMES)
        start = datetime.combine(event_day, time(hour, minute), tzinfo=ZoneInfo(zone_name))
        shape = rng.random()
        if shape < 0.1:
            end = None  # s.d. selesai
        elif shape < 0.15:
            end = start + timedelta(days=rng.randint(1, 2), hours=8)
        else:
            end = start + timedelta(hours=rng.choice([1.5, 2, 2.5, 3, 4]))
        sender, department, number = rng.choice(BULK_SENDERS)
        title = rng.choice(BULK_EVENTS)
        letter_date = received - timedelta(days=rng.randint(1, 5))
        return Letter(
            received_date=received,
            registered_by=self.clerk,
            sender=sender,
            sender_department=self.org.departments.get(department),
            letter_number=number.format(n=rng.randint(100, 9999), y=letter_date.year),
            letter_date=letter_date,
            security_class="biasa",
            urgency=rng.choices(["biasa", "segera", "sangat_segera"], weights=[70, 25, 5])[0],
            subject=f"Undangan {title}",
            addressee="",
            event_title=f"{title} {sender.split(' Kota')[0]}",
            event_start=start,
            event_end=end,
            event_time_zone=zone_name,
            venue=FAR_VENUES[zone_name] if far else rng.choice(BULK_VENUES),
            outside_region=far,
            dress_code=rng.choice(["Batik", "PSL", "PDH", "Bebas rapi"]),
            contact_person=f"Sekretariat, 08{rng.randint(11, 53)}-{rng.randint(1000, 9999)}-"
            f"{rng.randint(1000, 9999)}",
        )

    def build(self, kind: str) -> BulkLetter:
        letter = self.letter(kind)
        local_registered = datetime.combine(
            letter.received_date, time(8, 0), tzinfo=self.zone
        ) + self.hours(0, 7)
        registered = local_registered.astimezone(UTC)
        letter.registered_at = registered
        bulk = BulkLetter(
            kind=kind,
            letter=letter,
            process=Process(flow_class=LetterFlow, status="NEW", created=registered),
        )
        bulk.task(LetterFlow.register, "DONE", registered, finished=registered, owner=self.clerk)
        bulk.event("register", "", "received", registered, self.clerk, "Surat diregistrasi.")
        review_perm = "workflows.review_letter"
        if kind == "received":
            bulk.task(LetterFlow.review, "NEW", registered, permission=review_perm)
            return self.finish(bulk, "received", registered)
        if kind == "received_assigned":
            bulk.task(
                LetterFlow.review,
                "ASSIGNED",
                registered,
                owner=self.reviewer,
                permission=review_perm,
            )
            return self.finish(bulk, "received", registered)
        reviewed = registered + self.hours(1, 6)
        bulk.task(
            LetterFlow.review,
            "DONE",
            registered,
            finished=reviewed,
            owner=self.reviewer,
            permission=review_perm,
        )
        bulk.task(LetterFlow.after_review, "DONE", reviewed, finished=reviewed)
        if kind == "returned":
            reason = "Lampiran tidak lengkap; mohon dilengkapi."
            bulk.event("return", "received", "returned", reviewed, self.reviewer, reason)
            bulk.task(
                LetterFlow.correct,
                "ASSIGNED",
                reviewed,
                owner=self.clerk,
                permission="workflows.register_letter",
            )
            return self.finish(bulk, "returned", reviewed)
        if kind == "archived_rejected":
            reason = "Bukan untuk pimpinan; cukup ditangani OPD teknis."
            bulk.event("reject", "received", "rejected", reviewed, self.reviewer, reason)
            return self.archive(bulk, "rejected", reviewed, "")
        leader = self.rng.choices(*zip(*self.leader_weights, strict=True))[0]
        letter.leader = leader
        letter.addressee = leader.title
        bulk.event("forward", "received", "reviewed", reviewed, self.reviewer)
        dispose_task = bulk.task(
            LetterFlow.dispose, "NEW", reviewed, permission=act_for_leader_permission(leader.pk)
        )
        due = services.escalation_due_at(letter, since=reviewed)
        if kind == "reviewed":
            if due <= self.now:
                timer = bulk.task(self.dispose_timeout, "DONE", reviewed, finished=due)
                bulk.task(LetterFlow.escalate, "DONE", due, finished=due, after=timer)
                bulk.task(LetterFlow.escalation_done, "DONE", due, finished=due)
                letter.escalated_at = due
                note = "Disposisi tertunda; diteruskan ke ajudan/sespri."
                bulk.event("escalate", "reviewed", "reviewed", due, None, note)
            else:
                bulk.task(self.dispose_timeout, "SCHEDULED", reviewed, scheduled=due)
            return self.finish(bulk, "reviewed", reviewed)
        outcome = {
            "archived_decline": "decline",
            "archived_file": "file",
            "archived_represent": "represent",
        }.get(kind, "attend")
        disposed = reviewed + self.hours(1, 12)
        disposer = self.org.user(self.rng.choice(self.disposers[leader.pk]))
        on_behalf = None if disposer.pk == leader.user_id else leader
        done = list(bulk.tasks[dispose_task])
        done[1], done[2], done[5] = "DONE", disposer, disposed
        bulk.tasks[dispose_task] = tuple(done)
        bulk.task(
            self.dispose_timeout,
            "CANCELED",
            reviewed,
            finished=disposed,
            scheduled=due,
            after=dispose_task,
        )
        letter.outcome = outcome
        note = {
            "attend": "Hadir. Protokol siapkan sambutan.",
            "represent": "Diwakilkan.",
            "decline": "Pimpinan berhalangan; mohon maaf tidak dapat hadir.",
            "file": "Untuk diketahui dan diarsipkan.",
        }[outcome]
        if outcome == "decline":
            bulk.event("decline", "reviewed", "declined", disposed, disposer, note, on_behalf)
        else:
            action = f"dispose_{outcome}"
            bulk.event(action, "reviewed", "disposed", disposed, disposer, note, on_behalf)
        bulk.disposition = Disposition(
            leader=leader,
            outcome=outcome,
            note=note,
            decided_by=disposer,
            on_behalf=on_behalf is not None,
            decided_at=disposed,
        )
        attending = []
        if outcome == "attend":
            attending = [leader]
            bulk.recipients.append(
                DispositionRecipient(official=leader, instructions=["hadir", "sambutan"])
            )
        elif outcome == "represent":
            candidates = [o for o in self.org.leaders.values() if o.rank > leader.rank]
            attending = [self.rng.choice(candidates + self.delegates)]
            bulk.recipients.append(
                DispositionRecipient(official=attending[0], instructions=["wakili"])
            )
        elif outcome == "file":
            bulk.recipients.append(
                DispositionRecipient(
                    official=self.rng.choice(self.delegates),
                    instructions=["diketahui", "arsip"],
                    attends=False,
                )
            )
        bulk.task(
            LetterFlow.after_disposition, "DONE", disposed, finished=disposed, after=dispose_task
        )
        if outcome in ("decline", "file"):
            from_state = "declined" if outcome == "decline" else "disposed"
            return self.archive(bulk, from_state, disposed, "")
        if kind == "disposed":
            bulk.task(LetterFlow.schedule, "NEW", disposed, permission="workflows.schedule_letter")
            return self.finish(bulk, "disposed", disposed)
        scheduled = disposed + self.hours(1, 6)
        bulk.task(
            LetterFlow.schedule,
            "DONE",
            disposed,
            finished=scheduled,
            owner=self.scheduler,
            permission="workflows.schedule_letter",
        )
        bulk.event("schedule", "disposed", "scheduled", scheduled, self.scheduler)
        for official in attending:
            bulk.agenda.append(
                AgendaItem(
                    official=official,
                    title=letter.event_title,
                    start=letter.event_start,
                    end=letter.event_end,
                    time_zone=letter.event_time_zone,
                    venue=letter.venue,
                    outside_region=letter.outside_region,
                    visibility="public",
                    status="confirmed",
                    role_note="Hadir" if outcome == "attend" else f"Mewakili {leader.title}",
                    created_by=self.scheduler,
                    created_at=scheduled,
                    updated_at=scheduled,
                )
            )
        archive_due = services.archive_due_at(letter)
        if kind == "scheduled":
            bulk.task(LetterFlow.wait_for_event, "SCHEDULED", scheduled, scheduled=archive_due)
            return self.finish(bulk, "scheduled", scheduled)
        if kind == "archived_cancelled":
            cancelled = scheduled + (letter.event_start - scheduled) / 2
            bulk.task(
                LetterFlow.wait_for_event,
                "CANCELED",
                scheduled,
                finished=cancelled,
                scheduled=archive_due,
            )
            note = f"Surat pembatalan dari {letter.sender}."
            bulk.event("cancel", "scheduled", "cancelled", cancelled, self.clerk, note)
            for item in bulk.agenda:
                item.status, item.updated_at = "cancelled", cancelled
            bulk.process.status = "CANCELED"
            note = "Diarsipkan setelah dibatalkan pengirim."
            return self.archive(bulk, "cancelled", cancelled, note, flow_closed=True)
        bulk.task(
            LetterFlow.wait_for_event,
            "DONE",
            scheduled,
            finished=archive_due,
            scheduled=archive_due,
        )
        return self.archive(bulk, "scheduled", archive_due, "")

    def archive(
        self, bulk: BulkLetter, from_state: str, at: datetime, note: str, flow_closed: bool = False
    ) -> BulkLetter:
        if not flow_closed:
            bulk.task(LetterFlow.archive, "DONE", at, finished=at)
            bulk.task(LetterFlow.end, "DONE", at, finished=at)
            bulk.process.status = "DONE"
        bulk.process.finished = at
        bulk.event("archive", from_state, "archived", at, None, note or "Diarsipkan otomatis.")
        return self.finish(bulk, "archived", at)

    def finish(self, bulk: BulkLetter, state: str, at: datetime) -> BulkLetter:
        # The FSM field is protected: set it the way django-fsm does on load.
        bulk.letter.__dict__["state"] = state
        bulk.letter.updated_at = at
        return bulk


def _reserve_agenda_numbers(year: int, count: int) -> int:
    """Take ``count`` consecutive agenda numbers of ``year``; return the first."""
    updated = AgendaCounter.objects.filter(year=year).update(last=F("last") + count)
    if not updated:
        AgendaCounter.objects.create(year=year, last=count)
        return 1
    return AgendaCounter.objects.get(year=year).last - count + 1


def _bulk_document(clerk: Any) -> Document:
    document = Document.objects.filter(original_name=BULK_DOCUMENT_NAME).first()
    if document is None:
        upload = SimpleUploadedFile(BULK_DOCUMENT_NAME, MINIMAL_PDF, "application/pdf")
        document = document_store(upload=upload, uploaded_by=clerk)
    return document


@transaction.atomic
def _insert_batch(batch: list[BulkLetter], region: Region, document: Document) -> None:
    if not connection.features.can_return_rows_from_bulk_insert:
        raise CommandError("--letters needs a database that returns ids from bulk inserts.")
    batch.sort(key=lambda b: (b.letter.received_date, b.letter.registered_at))
    by_year: dict[int, list[Letter]] = {}
    for bulk in batch:
        by_year.setdefault(bulk.letter.received_date.year, []).append(bulk.letter)
    for year, letters in by_year.items():
        first = _reserve_agenda_numbers(year, len(letters))
        for offset, letter in enumerate(letters):
            letter.agenda_year, letter.agenda_sequence = year, first + offset
            letter.agenda_number = region.format_agenda_number(number=first + offset, year=year)
    Letter.objects.bulk_create([b.letter for b in batch])
    Letter.documents.through.objects.bulk_create(
        Letter.documents.through(letter_id=b.letter.pk, document_id=document.pk) for b in batch
    )
    Process.objects.bulk_create([b.process for b in batch])
    # LetterProcess is a multi-table child of Process, which bulk_create refuses: insert
    # the child rows (parent link + letter) directly.
    meta = LetterProcess._meta
    qn = connection.ops.quote_name
    columns = (meta.get_field("process_ptr").column, meta.get_field("letter").column)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {qn(meta.db_table)} ({qn(columns[0])}, {qn(columns[1])}) VALUES (%s, %s)",
            [(b.process.pk, b.letter.pk) for b in batch],
        )
    tasks: list[Task] = []
    links: list[tuple[int, int]] = []  # (index in tasks, index of its previous)
    for bulk in batch:
        base = len(tasks)
        for node, status, owner, perm, created, finished, scheduled, previous in bulk.tasks:
            # As the engine leaves them: gateways record no start, open tasks none yet.
            gateway = node.task_type in ("SWITCH", "EXCLUSIVE_GATEWAY")
            started = created if status == "DONE" and not gateway else None
            tasks.append(
                Task(
                    process_id=bulk.process.pk,
                    flow_task=node,
                    flow_task_type=node.task_type,
                    status=status,
                    owner=owner,
                    owner_permission=perm,
                    created=created,
                    started=started,
                    finished=finished,
                    scheduled=scheduled,
                )
            )
            if previous is not None:
                links.append((len(tasks) - 1, base + previous))
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    through = Task.previous.through
    through.objects.bulk_create(
        (through(from_task_id=tasks[a].pk, to_task_id=tasks[b].pk) for a, b in links),
        batch_size=BATCH,
    )
    events, dispositions, agenda = [], [], []
    for bulk in batch:
        for event in bulk.events:
            event.letter = bulk.letter
            events.append(event)
        if bulk.disposition is not None:
            bulk.disposition.letter = bulk.letter
            dispositions.append(bulk.disposition)
        for item in bulk.agenda:
            item.source = bulk.letter.agenda_source
            agenda.append(item)
    LetterEvent.objects.bulk_create(events, batch_size=BATCH)
    Disposition.objects.bulk_create(dispositions, batch_size=BATCH)
    recipients = []
    for bulk in batch:
        for recipient in bulk.recipients:
            recipient.disposition = bulk.disposition
            recipients.append(recipient)
    DispositionRecipient.objects.bulk_create(recipients, batch_size=BATCH)
    AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)


def bulk_letters_create(*, org: DemoOrganisation, count: int, log: Any = print) -> None:
    """Insert ``count`` letters in the BULK_MIX of states, in batches of BATCH letters."""
    began = monotonic()
    now = timezone.now()
    rng = random.Random(Letter.objects.count())
    builder = BulkLetterBuilder(org, rng, now)
    cycle = [kind for kind, weight in BULK_MIX for _ in range(weight)]
    kinds: list[str] = []
    while len(kinds) < count:
        rng.shuffle(cycle)
        kinds.extend(cycle)
    document = _bulk_document(builder.clerk)
    done = 0
    with explicit_timestamps(Letter, LetterEvent, Disposition, AgendaItem):
        for start in range(0, count, BATCH):
            batch = [builder.build(kind) for kind in kinds[start : start + BATCH][: count - start]]
            _insert_batch(batch, org.region, document)
            done += len(batch)
            log(f"  {done}/{count} surat massal ({monotonic() - began:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"{count} surat massal dibuat dalam {monotonic() - began:.0f} s.")


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
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Akun demo (nama pengguna / sandi):"))
        width = max(len(username) for username, _label in demo_logins())
        for username, label in demo_logins():
            self.stdout.write(f"  {username:<{width}} / {DEMO_PASSWORD}  ({label})")

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
            archived = fire_due_timers()
        self.stdout.write(
            f"{len(DEMO_LETTERS)} surat demo dibuat; {archived} tenggat (arsip/eskalasi) "
            "dijalankan."
        )
