"""Builders for tests: a small region with one user per role."""

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from calendar_sync.models import AgendaItem
from organization.models import Department, LeaderStaff, Official, Region, Role
from organization.twofactor import client_login_verified, requires_second_factor, totp_device

PASSWORD = "lontar-test-123"


def totp_device_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app, made when they have none."""
    return totp_device(user) or TOTPDevice.objects.create(user=user, name="Tes", confirmed=True)


def login_verified(client: Client, user: User) -> Client:
    """Sign ``client`` in as ``user`` past the second step, as after typing the right
    code: users whose role needs a second factor get a confirmed app first. The rule
    stays on; this is the code a person would type, without the typing."""
    if requires_second_factor(user):
        totp_device_for(user)
    client_login_verified(client, user)
    return client


WITA = ZoneInfo("Asia/Makassar")

# The smallest valid PDF a mailroom could upload (one empty page).
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# An invitation from one of the test region's own departments, as a text PDF.
INVITATION_LINES = [
    "PEMERINTAH KOTA PALU",
    "DINAS KESEHATAN",
    "Jl. Balai Kota Selatan No. 1 Palu",
    "Nomor : 440/1234/Dinkes/2026",
    "Sifat : Penting",
    "Lampiran : -",
    "Perihal : Undangan Pencanangan Bulan Imunisasi Anak",
    "Palu, 2 November 2026",
    "Kepada Yth. Wali Kota Palu",
    "di - Palu",
    "Dengan hormat, kami mengundang Bapak untuk hadir pada:",
    "Hari/Tanggal : Selasa, 17 November 2026",
    "Waktu : 09.00 s.d. 12.00 WITA",
    "Tempat : Aula Dinas Kesehatan Kota Palu",
    "Acara : Pencanangan Bulan Imunisasi Anak Nasional",
    "Demikian undangan ini kami sampaikan.",
    "Kepala Dinas Kesehatan",
]


def scan(name: str = "undangan.pdf", content: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_user(username: str, *roles: Role | str, email: str = "") -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=email or f"{username}@example.test",
        first_name=username.replace("_", " ").title(),
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=str(role)))
    return user


# One user of make_world per role, for tests that try every role.
ROLE_USERS = [
    "clerk",
    "reviewer",
    "mayor_user",  # the leader
    "adc",  # the leader's ajudan
    "deputy_adc",  # another leader's ajudan
    "scheduler",
    "dept_officer",
    "auditor",
    "admin",
]


@dataclass
class World:
    region: Region
    clerk: User
    reviewer: User
    scheduler: User
    auditor: User
    dept_officer: User
    admin: User
    mayor_user: User
    deputy_user: User
    adc: User  # the mayor's ajudan
    deputy_adc: User  # the deputy's ajudan
    mayor: Official
    deputy: Official
    sekda: Official
    kadis: Official  # head of the health office
    camat: Official
    dinkes: Department

    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def make_world(region_zone: str = "Asia/Makassar") -> World:
    region = Region.objects.create(
        name="Kota Palu", short_name="Palu", head_title="Wali Kota", time_zone=region_zone
    )
    dinkes = Department.objects.create(name="Dinas Kesehatan", short_name="Dinkes")
    kec = Department.objects.create(name="Kecamatan Palu Barat", kind="kecamatan")
    mayor_user = make_user("walikota", Role.LEADER)
    deputy_user = make_user("wakil", Role.LEADER)
    mayor = Official.objects.create(
        name="H. Hadianto", position="head", title="Wali Kota Palu", user=mayor_user, rank=1
    )
    deputy = Official.objects.create(
        name="Reny Lamadjido",
        position="deputy",
        title="Wakil Wali Kota Palu",
        user=deputy_user,
        rank=2,
    )
    sekda = Official.objects.create(
        name="Irmayanti", position="sekda", title="Sekda Kota Palu", rank=3
    )
    kadis = Official.objects.create(
        name="dr. Royke",
        position="dept_head",
        title="Kepala Dinas Kesehatan",
        department=dinkes,
        rank=10,
    )
    camat = Official.objects.create(
        name="Moh. Rizal", position="camat", title="Camat Palu Barat", department=kec, rank=20
    )
    adc = make_user("ajudan_wk", Role.LEADER_STAFF)
    LeaderStaff.objects.create(user=adc, leader=mayor, kind="ajudan")
    deputy_adc = make_user("ajudan_wawali", Role.LEADER_STAFF)
    LeaderStaff.objects.create(user=deputy_adc, leader=deputy, kind="ajudan")
    dept_officer = make_user("operator_dinkes", Role.DEPARTMENT_OFFICER)
    Official.objects.create(
        name="Operator Dinkes",
        position="other",
        title="Operator Dinkes",
        department=dinkes,
        user=dept_officer,
        rank=90,
    )
    return World(
        region=region,
        clerk=make_user("persuratan", Role.MAILROOM_CLERK),
        reviewer=make_user("protokol", Role.PROTOCOL_REVIEWER),
        scheduler=make_user("penjadwal", Role.PROTOCOL_SCHEDULER),
        auditor=make_user("auditor", Role.AUDITOR),
        dept_officer=dept_officer,
        admin=make_user("admin_lontar", Role.ADMINISTRATOR),
        mayor_user=mayor_user,
        deputy_user=deputy_user,
        adc=adc,
        deputy_adc=deputy_adc,
        mayor=mayor,
        deputy=deputy,
        sekda=sekda,
        kadis=kadis,
        camat=camat,
        dinkes=dinkes,
    )


def letter_form_data(**overrides: Any) -> dict[str, Any]:
    """POST data for the registration form (times in the event's own zone)."""
    data = {
        "sender": "Dinas Kesehatan Kota Palu",
        "letter_number": "440/1172/Dinkes/2026",
        "letter_date": "2026-11-20",
        "received_date": "2026-11-23",
        "security_class": "biasa",
        "urgency": "segera",
        "subject": "Undangan Pembukaan Pekan Imunisasi",
        "addressee": "Wali Kota Palu",
        "event_title": "Pembukaan Pekan Imunisasi Nasional",
        "event_time_zone": "Asia/Makassar",
        "local_start": "2026-12-02T09:00",
        "local_end": "2026-12-02T12:00",
        "venue": "Aula Dinas Kesehatan",
        "dress_code": "Batik",
        "contact_person": "Ibu Sari 0812-0000-0000",
    }
    data.update(overrides)
    return data


def letter_values(**overrides: Any) -> dict[str, Any]:
    """Service-level values for ``letter_register``."""
    values = {
        "sender": "Dinas Kesehatan Kota Palu",
        "letter_number": "440/1172/Dinkes/2026",
        "letter_date": date(2026, 11, 20),
        "received_date": date(2026, 11, 23),
        "subject": "Undangan Pembukaan Pekan Imunisasi",
        "addressee": "Wali Kota Palu",
        "event_title": "Pembukaan Pekan Imunisasi Nasional",
        "event_start": datetime(2026, 12, 2, 9, 0, tzinfo=WITA),
        "event_end": datetime(2026, 12, 2, 12, 0, tzinfo=WITA),
        "event_time_zone": "Asia/Makassar",
        "venue": "Aula Dinas Kesehatan",
    }
    values.update(overrides)
    return values


def upload_bytes(data: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


# Agenda items, straight into the table (tests of the clash check, feeds and pages)

AULA = "Aula Dinas Kesehatan"


def wita(hour: int, minute: int = 0, day: int = 2) -> datetime:
    """A time on ``day`` December 2026 in WITA, the test region's zone."""
    return datetime(2026, 12, day, hour, minute, tzinfo=WITA)


def agenda_item(
    official: Official, start: datetime, end: datetime | None, venue: str = AULA, **fields: Any
) -> AgendaItem:
    fields.setdefault("title", "Rapat koordinasi")
    fields.setdefault("time_zone", "Asia/Makassar")
    return AgendaItem.objects.create(official=official, start=start, end=end, venue=venue, **fields)


def public_agenda_item(
    official: Official, start: datetime, end: datetime | None, **fields: Any
) -> AgendaItem:
    """A confirmed public item, as the public agenda and its feed show them."""
    fields.setdefault("title", "Pembukaan Pekan Imunisasi")
    fields.setdefault("visibility", AgendaItem.Visibility.PUBLIC)
    fields.setdefault("status", AgendaItem.Status.CONFIRMED)
    return agenda_item(official, start, end, **fields)
