"""The demo organisation of Kota Palu: region, departments, officials and one account per role.

Used by ``manage.py seed_demo``. Every step is get-or-create, so running it on a database
that already has (part of) the demo organisation adds only what is missing and never
touches passwords of existing accounts.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from organization.models import Department, LeaderStaff, Official, Region, Role
from organization.services import roles_sync
from organization.twofactor import has_second_factor, requires_second_factor

DEMO_PASSWORD = "lontar123"
# The demo accounts that must have a second factor get an authenticator key derived from
# the user name: the same on every machine, printed by seed_demo, never for production.
DEMO_DEVICE_NAME = "Demo"

DEPARTMENTS: list[tuple[str, str, str]] = [
    ("Dinas Kesehatan", "Dinkes", Department.Kind.OFFICE),
    ("Dinas Pendidikan", "Disdik", Department.Kind.OFFICE),
    ("Dinas PUPR", "PUPR", Department.Kind.OFFICE),
    ("Dinas Sosial", "Dinsos", Department.Kind.OFFICE),
    ("Bappeda", "Bappeda", Department.Kind.AGENCY),
    ("BPBD", "BPBD", Department.Kind.AGENCY),
    ("Kecamatan Palu Barat", "Kec. Palu Barat", Department.Kind.DISTRICT),
    ("Kecamatan Palu Timur", "Kec. Palu Timur", Department.Kind.DISTRICT),
]

# (key, username, full name, position, title, rank)
LEADERS: list[tuple[str, str, str, str, str, int]] = [
    ("mayor", "walikota", "H. Muhammad Idrus", "head", "Wali Kota Palu", 1),
    ("deputy", "wakil", "Hj. Sitti Rahmawati", "deputy", "Wakil Wali Kota Palu", 2),
    ("sekda", "sekda", "Dr. Ir. Andi Syamsuddin, M.Si.", "sekda", "Sekda Kota Palu", 3),
]

# (username, full name, leader key, kind)
LEADER_STAFF: list[tuple[str, str, str, str]] = [
    ("ajudan_walikota", "Kompol Rizal Pratama", "mayor", LeaderStaff.Kind.ADC),
    ("sespri_walikota", "Nur Aisyah, S.Sos.", "mayor", LeaderStaff.Kind.PRIVATE_SECRETARY),
    ("ajudan_wakil", "Fadli Mahmud, S.STP", "deputy", LeaderStaff.Kind.ADC),
    ("ajudan_sekda", "Arman Lasahido, S.IP", "sekda", LeaderStaff.Kind.ADC),
]

# (department name, full name, position, title, rank)
DEPARTMENT_HEADS: list[tuple[str, str, str, str, int]] = [
    ("Dinas Kesehatan", "dr. Royke Abraham, M.Kes.", "dept_head", "Kepala Dinas Kesehatan", 10),
    ("Dinas Pendidikan", "Drs. Ansyar Sutiadi, M.Pd.", "dept_head", "Kepala Dinas Pendidikan", 11),
    ("Dinas PUPR", "Ir. Singgih Prasetyo, M.T.", "dept_head", "Kepala Dinas PUPR", 12),
    ("Dinas Sosial", "Hj. Sri Wahyuni, S.Sos.", "dept_head", "Kepala Dinas Sosial", 13),
    ("Bappeda", "Dr. Arfan Lalu, S.E., M.Si.", "dept_head", "Kepala Bappeda", 14),
    ("BPBD", "Presly Tampubolon, S.T.", "dept_head", "Kepala Pelaksana BPBD", 15),
    ("Kecamatan Palu Barat", "Moh. Rizal Latjuba, S.STP", "camat", "Camat Palu Barat", 20),
    ("Kecamatan Palu Timur", "Andi Nurlela, S.Sos.", "camat", "Camat Palu Timur", 21),
]

# (username, full name, role) for the office roles; the department officer is linked to
# Dinas Kesehatan through an Official row so the department's letters are visible to them.
ROLE_ACCOUNTS: list[tuple[str, str, str]] = [
    ("persuratan", "Rahmat Hidayat", Role.MAILROOM_CLERK),
    ("protokol", "Ir. Moh. Haris Daeng, M.Si.", Role.PROTOCOL_REVIEWER),
    ("penjadwal", "Fitriani Lamato", Role.PROTOCOL_SCHEDULER),
    ("operator_dinkes", "Yusran Pakamundi", Role.DEPARTMENT_OFFICER),
    ("auditor", "Hasnah Daud, S.E., Ak.", Role.AUDITOR),
    ("admin", "Administrator Lontar", Role.ADMINISTRATOR),
]


# (title, name, rank) of officials below the head of the health office.
DINKES_STAFF = [
    ("Kabid Pelayanan Kesehatan Dinkes", "dr. Nurhayati Lamasitudju", 40),
    ("Kasi Pelayanan Kesehatan Primer Dinkes", "Ns. Andi Rahmawati", 60),
]


@dataclass
class DemoOrganisation:
    region: Region
    departments: dict[str, Department]
    leaders: dict[str, Official]  # "mayor", "deputy", "sekda"
    heads: dict[str, Official]  # by department name
    users: dict[str, User]  # by username

    @property
    def mayor(self) -> Official:
        return self.leaders["mayor"]

    def user(self, username: str) -> User:
        return self.users[username]


def _user(username: str, full_name: str, role: str, password: str, **flags: bool) -> User:
    first, _space, last = full_name.partition(" ")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first[:150],
            "last_name": last[:150],
            "email": f"{username}@demo.palukota.test",
            **flags,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=str(role)))
    return user


@transaction.atomic
def demo_organisation_ensure(*, password: str = DEMO_PASSWORD) -> DemoOrganisation:
    """Create whatever part of the demo organisation is missing and return all of it."""
    roles_sync()
    region = Region.objects.order_by("pk").first() or Region.objects.create(
        name="Kota Palu",
        short_name="Palu",
        head_title=Region.HeadTitle.WALI_KOTA,
        time_zone="Asia/Makassar",
        agenda_number_format="{number:04d}/UND/{year}",
    )
    departments = {
        name: Department.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind}
        )[0]
        for name, short, kind in DEPARTMENTS
    }
    users: dict[str, User] = {}

    leaders: dict[str, Official] = {}
    for key, username, full_name, position, title, rank in LEADERS:
        user = _user(username, full_name, Role.LEADER, password)
        official, _created = Official.objects.get_or_create(
            title=title,
            defaults={"name": full_name, "position": position, "rank": rank, "user": user},
        )
        leaders[key] = official
        users[username] = user

    for username, full_name, leader_key, kind in LEADER_STAFF:
        user = _user(username, full_name, Role.LEADER_STAFF, password)
        leader = leaders[leader_key]
        LeaderStaff.objects.get_or_create(user=user, leader=leader, defaults={"kind": kind})
        users[username] = user

    heads = {
        dept: Official.objects.get_or_create(
            title=title,
            defaults={
                "name": full_name,
                "position": position,
                "rank": rank,
                "department": departments[dept],
            },
        )[0]
        for dept, full_name, position, title, rank in DEPARTMENT_HEADS
    }

    for username, full_name, role in ROLE_ACCOUNTS:
        flags = {"is_staff": True, "is_superuser": True} if role == Role.ADMINISTRATOR else {}
        user = _user(username, full_name, role, password, **flags)
        users[username] = user
    Official.objects.get_or_create(
        user=users["operator_dinkes"],
        defaults={
            "name": "Yusran Pakamundi",
            "position": Official.Position.OTHER,
            "title": "Operator Dinas Kesehatan",
            "department": departments["Dinas Kesehatan"],
            "rank": 90,
        },
    )
    # Down the line in the health office, for follow-ups passed on (no accounts: the
    # department's officer answers for them).
    for title, name, rank in DINKES_STAFF:
        Official.objects.get_or_create(
            title=title,
            defaults={
                "name": name,
                "position": Official.Position.OTHER,
                "department": departments["Dinas Kesehatan"],
                "rank": rank,
            },
        )
    demo_second_factors_ensure()
    return DemoOrganisation(
        region=region, departments=departments, leaders=leaders, heads=heads, users=users
    )


def demo_totp_key(username: str) -> str:
    """The fixed demo key (hex, 20 bytes) of a demo account."""
    return hashlib.sha1(f"lontar-demo-totp:{username}".encode()).hexdigest()


@transaction.atomic
def demo_second_factors_ensure() -> dict[str, TOTPDevice]:
    """Give each demo account that must have a second factor its fixed demo key (unless
    it already enrolled one of its own) and return the demo devices by user name."""
    usernames = [username for username, _label in demo_logins()]
    for user in User.objects.filter(username__in=usernames):
        if requires_second_factor(user) and not has_second_factor(user):
            TOTPDevice.objects.create(
                user=user,
                name=DEMO_DEVICE_NAME,
                key=demo_totp_key(user.username),
                confirmed=True,
            )
    devices = TOTPDevice.objects.filter(
        user__username__in=usernames, name=DEMO_DEVICE_NAME, confirmed=True
    ).select_related("user")
    return {device.user.username: device for device in devices}


def demo_logins() -> list[tuple[str, str]]:
    """(username, what the account is for): office roles first, then leaders and staff."""
    labels = dict(Role.choices)
    titles = {key: title for key, _u, _n, _p, title, _r in LEADERS}
    logins = [(username, str(labels[role])) for username, _n, role in ROLE_ACCOUNTS]
    logins += [(username, title) for _k, username, _n, _p, title, _r in LEADERS]
    logins += [
        (username, f"{LeaderStaff.Kind(kind).label} {titles[key]}")
        for username, _n, key, kind in LEADER_STAFF
    ]
    return logins
