"""Locust users for bench/bench_load.py: Lontar's people on a working day.

Each user signs in as a person does (login page, password, then the authenticator's code
for the roles that must have one, computed from the account's TOTP key with django-otp's
own TOTP) and then works: the mailroom registers letters with a scan, reviewers,
leaders and their staff open their worklists and tasks, schedulers the agenda, auditors
search the archive, the public reads the agenda and its .ics feeds.

The accounts come from the JSON file in $LONTAR_BENCH_ACCOUNTS (written by bench_load.py):
``{"mailroom": [{"username": ..., "password": ..., "totp_key": hex or null}, ...], ...}``.
Each user takes the next account of its kind, so no two share a session or a TOTP code.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta

from django_otp.oath import TOTP
from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["LONTAR_BENCH_ACCOUNTS"]).read())
_NEXT = {kind: itertools.count() for kind in ACCOUNTS}
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \ntrailer<</Size 4/Root 1 0 R>>\n%%EOF\n"
)
TASK_LINK = re.compile(r'href="(/letter/\d+/[a-z_]+/\d+/)"')
LETTER_LINK = re.compile(r'href="(/letters/\d+/)"')
WORDS = ["Stunting", "Imunisasi", "Rapat", "Musrenbang", "Banjir", "Pelantikan", "Sosialisasi"]


def _code(key_hex: str) -> str:
    totp = TOTP(bytes.fromhex(key_hex), 30, 0, 6, 0)
    return f"{totp.token():06d}"


class Staff(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(2, 8)  # a person reads the page before the next click

    def on_start(self) -> None:
        accounts = ACCOUNTS[self.kind]
        self.account = accounts[next(_NEXT[self.kind]) % len(accounts)]
        self.client.get("/accounts/login/", name="login (form)")
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="login (password)",
        )
        if "/akun/verifikasi/" in response.url and self.account["totp_key"]:
            self._second_factor()

    def _second_factor(self) -> None:
        for _attempt in range(3):
            response = self.client.post(
                "/akun/verifikasi/",
                {
                    "code": _code(self.account["totp_key"]),
                    "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                },
                name="login (2FA code)",
            )
            if "/akun/verifikasi/" not in response.url:
                return
            # The code of this 30-second step was refused (used already): the next one.
            time.sleep(30 - time.time() % 30 + 1)

    def _open_one(self, body: str, pattern: re.Pattern, name: str) -> None:
        links = pattern.findall(body)
        if links:
            self.client.get(random.choice(links), name=name)


class Mailroom(Staff):
    kind = "mailroom"
    weight = 8

    @task(3)
    def register_a_letter_with_a_scan(self) -> None:
        self.client.get("/letter/register/", name="/letter/register/ (form)")
        day = date.today() + timedelta(days=random.randint(1, 40))
        data = {
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            "sender": random.choice(["Dinas Kesehatan Kota Palu", "Bappeda Kota Palu"]),
            "letter_number": f"005/{random.randint(1, 99999)}/BENCH/2026",
            "letter_date": str(date.today() - timedelta(days=3)),
            "received_date": str(date.today()),
            "security_class": "biasa",
            "urgency": "biasa",
            "subject": f"Undangan {random.choice(WORDS)} {random.randint(1, 999)}",
            "addressee": "Wali Kota Palu",
            "event_title": f"{random.choice(WORDS)} tingkat kota",
            "event_time_zone": "Asia/Makassar",
            "local_start": f"{day}T09:00",
            "local_end": f"{day}T11:00",
            "venue": "Aula Kantor Wali Kota",
        }
        files = {"scans": ("undangan.pdf", MINIMAL_PDF, "application/pdf")}
        with self.client.post(
            "/letter/register/",
            data,
            files=files,
            name="/letter/register/ (POST)",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"registration refused: HTTP {response.status_code}")

    @task(2)
    def letter_list(self) -> None:
        self.client.get("/letters/", name="/letters/")

    @task(1)
    def stage_a_scan(self) -> None:
        self.client.post(
            "/letters/pindaian/",
            {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            files={"file": ("pindaian.pdf", MINIMAL_PDF, "application/pdf")},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="/letters/pindaian/ (upload)",
        )


class Worklists(Staff):
    abstract = True

    @task(4)
    def inbox(self) -> None:
        body = self.client.get("/letter/inbox/", name="/letter/inbox/").text
        self._open_one(body, TASK_LINK, "/letter/<id>/<step>/<task>/")

    @task(3)
    def queue(self) -> None:
        body = self.client.get("/letter/queue/", name="/letter/queue/").text
        self._open_one(body, TASK_LINK, "/letter/<id>/<step>/<task>/")

    @task(2)
    def a_letter(self) -> None:
        body = self.client.get("/letters/", name="/letters/").text
        self._open_one(body, LETTER_LINK, "/letters/<id>/")


class Reviewer(Worklists):
    kind = "reviewer"
    weight = 6


class LeaderOffice(Worklists):
    kind = "leader"
    weight = 8

    @task(2)
    def agenda(self) -> None:
        self.client.get("/jadwal/", name="/jadwal/")


class Scheduler(Worklists):
    kind = "scheduler"
    weight = 5

    @task(4)
    def agenda(self) -> None:
        day = date.today() + timedelta(days=random.randint(0, 14))
        self.client.get(f"/jadwal/?day={day}", name="/jadwal/?day=")

    @task(1)
    def side_by_side(self) -> None:
        self.client.get("/jadwal/berdampingan/", name="/jadwal/berdampingan/")


class Auditor(Staff):
    kind = "auditor"
    weight = 5

    @task(3)
    def search(self) -> None:
        body = self.client.get(f"/letters/?q={random.choice(WORDS)}", name="/letters/?q=").text
        self._open_one(body, LETTER_LINK, "/letters/<id>/")

    @task(1)
    def archive(self) -> None:
        self.client.get("/letter/archive/", name="/letter/archive/")


class Public(HttpUser):
    weight = 18
    wait_time = between(3, 10)

    @task(3)
    def agenda_today(self) -> None:
        self.client.get("/agenda/", name="/agenda/")

    @task(2)
    def agenda_week(self) -> None:
        self.client.get("/agenda/minggu/", name="/agenda/minggu/")

    @task(2)
    def public_feed(self) -> None:
        self.client.get("/agenda/public.ics", name="/agenda/public.ics")

    @task(1)
    def departments_feed(self) -> None:
        self.client.get("/agenda/opd/semua.ics", name="/agenda/opd/semua.ics")
