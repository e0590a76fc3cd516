"""Real servers on loopback for the calendar copies: Radicale (CalDAV) and an SMTP sink.

Radicale runs as a subprocess (``python -m radicale``) on 127.0.0.1 and a free port, with
its storage in a temporary directory, so a test can stop it and start it again on the same
port and storage. The SMTP sink is aiosmtpd's ``Controller`` in a thread of this process;
Django's SMTP backend is pointed at it. Both are stopped in the fixtures' teardown.
"""

from __future__ import annotations

import email
import email.policy
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import caldav
import pytest
from aiosmtpd.controller import Controller

from calendar_sync.models import CalDAVAccount
from tests.factories import make_world

CALDAV_USER = "walikota"
CALDAV_PASSWORD = "sandi-aplikasi"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RadicaleServer:
    """One Radicale process; ``stop()`` and ``start()`` keep the port and the storage."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.storage = root / "collections"
        self.log = root / "radicale.log"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        assert self.process is None, "already running"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "radicale",
                    "--config",
                    "",  # no /etc/radicale/config or ~/.config/radicale: only what is here
                    "--server-hosts",
                    f"127.0.0.1:{self.port}",
                    "--storage-filesystem-folder",
                    str(self.storage),
                    # Any user name and password is accepted; the user still owns its own
                    # collections, as with a real server's app password.
                    "--auth-type",
                    "none",
                    "--web-type",
                    "none",
                    "--logging-level",
                    "warning",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"Radicale exited:\n{self.log.read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("Radicale did not answer in time") from None
                time.sleep(0.05)  # polling for the server to come up, with a deadline

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def client(self, user: str = CALDAV_USER) -> caldav.DAVClient:
        return caldav.DAVClient(
            url=self.url + "/",
            username=user,
            password=CALDAV_PASSWORD,
            auth_type="basic",
            enable_rfc6764=False,
            timeout=10,
        )


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path / "radicale")
    server.root.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def calendar_url(radicale: RadicaleServer) -> str:
    """A new, empty calendar collection of the mayor's, made with MKCALENDAR."""
    with radicale.client() as client:
        calendar = client.principal().make_calendar(name="Agenda Wali Kota", cal_id="agenda")
        return str(calendar.url)


@pytest.fixture
def remote_calendar(radicale: RadicaleServer, calendar_url: str) -> Iterator[caldav.Calendar]:
    """The mayor's calendar as a phone would see it: read it back, or add events to it."""
    with radicale.client() as client:
        yield caldav.Calendar(client=client, url=calendar_url)


@pytest.fixture
def immediate_tasks(settings) -> None:
    """Queued tasks run at once, in the test (django-tasks' ImmediateBackend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(db):
    world = make_world()
    world.mayor.email = "walikota@palu.example"
    world.mayor.save(update_fields=["email"])
    return world


@pytest.fixture
def account(world, calendar_url: str) -> CalDAVAccount:
    return CalDAVAccount.objects.create(
        official=world.mayor,
        calendar_url=calendar_url,
        username=CALDAV_USER,
        password=CALDAV_PASSWORD,
    )


# --------------------------------------------------------------------------------------
# SMTP sink
# --------------------------------------------------------------------------------------


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()

    # aiosmtpd calls handle_<SMTP command>.
    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


class SMTPSink:
    """aiosmtpd on 127.0.0.1. Django's SMTP backend waits for the server's reply to the
    message, and the handler has stored it by then: no waiting needed after ``send``."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.collector = _Collector()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        controller, self.controller = self.controller, None
        if controller is not None:
            controller.stop()

    @property
    def messages(self) -> list[Received]:
        with self.collector.lock:
            return list(self.collector.messages)


@pytest.fixture
def smtp_sink(settings) -> Iterator[SMTPSink]:
    sink = SMTPSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        sink.stop()
