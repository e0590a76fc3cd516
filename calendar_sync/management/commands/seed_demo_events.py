"""``manage.py seed_demo_events``: departments' own events for the demo (Kalender Kegiatan
OPD) over the coming two weeks, entered through the service as their officers would: some
public, some internal, one sharing a room with a recorded reason."""

from datetime import datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from calendar_sync.models import DepartmentEvent
from calendar_sync.services import department_event_create
from organization.demo import demo_organisation_ensure
from organization.models import Region

# (days from today, start hour, hours, department, title, venue, speakers, audience, public)
EVENTS = [
    (
        2,
        9,
        3,
        "Dinas Kesehatan",
        "Sosialisasi Bulan Imunisasi Anak Sekolah",
        "Aula Dinas Kesehatan",
        "dr. Royke Abraham, Kepala Dinas Kesehatan",
        "Kepala sekolah SD se-Kota Palu, kepala puskesmas",
        True,
    ),
    (
        2,
        9,
        2,
        "Bappeda",
        "Forum Perangkat Daerah RKPD 2027",
        "Ruang Rapat Bappeda",
        "Kepala Bappeda",
        "Sekretaris dan perencana seluruh OPD",
        False,
    ),
    (
        4,
        13,
        3,
        "Dinas Pendidikan",
        "Bimbingan Teknis Kurikulum Merdeka",
        "Gedung Juang",
        "Tim Balai Guru Penggerak Sulteng",
        "Guru SMP negeri dan swasta",
        True,
    ),
    (
        6,
        8,
        4,
        "BPBD",
        "Simulasi Evakuasi Tsunami",
        "Pantai Talise",
        "Kepala Pelaksana BPBD\nBasarnas Palu",
        "Warga Kelurahan Talise, sekolah pesisir",
        True,
    ),
    (
        9,
        9,
        3,
        "Kecamatan Palu Barat",
        "Musrenbang Kecamatan Palu Barat",
        "Gedung Juang",
        "Camat Palu Barat\nBappeda",
        "Lurah, tokoh masyarakat, LPM",
        True,
    ),
    (
        11,
        14,
        2,
        "Dinas Sosial",
        "Rapat Koordinasi Data Terpadu Kesejahteraan Sosial",
        "Ruang Rapat Dinas Sosial",
        "",
        "Operator kelurahan",
        False,
    ),
]


class Command(BaseCommand):
    help = "Seed demo events of the departments (Kalender Kegiatan OPD)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when no department event exists yet."
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if if_empty and DepartmentEvent.objects.exists():
            return
        org = demo_organisation_ensure()
        region = Region.current()
        today = timezone.localdate(timezone=region.zone)
        officer = org.user("operator_dinkes")
        protocol = org.user("protokol")
        with transaction.atomic():
            for days, hour, hours, name, title, venue, speakers, audience, public in EVENTS:
                start = datetime.combine(today + timedelta(days=days), time(hour), region.zone)
                department = org.departments[name]
                department_event_create(
                    department=department,
                    title=title,
                    start=start,
                    end=start + timedelta(hours=hours),
                    time_zone=region.time_zone,
                    venue=venue,
                    speakers=speakers,
                    audience=audience,
                    visibility="public" if public else "internal",
                    status="confirmed",
                    # The health office enters its own; the protocol office the others'.
                    actor=officer if name == "Dinas Kesehatan" else protocol,
                    venue_override_reason="",
                )
            # A second event in a room already booked, kept with its reason.
            start = datetime.combine(today + timedelta(days=4), time(15), region.zone)
            department_event_create(
                department=org.departments["Dinas Kesehatan"],
                title="Pelatihan Kader Posyandu",
                start=start,
                end=start + timedelta(hours=2),
                time_zone=region.time_zone,
                venue="Gedung Juang",
                audience="Kader posyandu se-Kota Palu",
                visibility="public",
                status="tentative",
                actor=officer,
                venue_override_reason="Ruangan dibagi dua dengan Dinas Pendidikan (disepakati).",
            )
        self.stdout.write(f"{len(EVENTS) + 1} kegiatan perangkat daerah demo dibuat.")
