"""Real servers on loopback for the calendar copies: Radicale (CalDAV).

The SMTP sink and ``immediate_tasks`` are shared by the whole suite (tests/conftest.py,
tests/smtp.py).

Radicale runs as a subprocess (``python -m radicale``) on 127.0.0.1 and a free port, with
its storage in a temporary directory, so a test can stop it and start it again on the same
port and storage. The SMTP sink is aiosmtpd's ``Controller`` in a thread of this process;
Django's SMTP backend is pointed at it. It is stopped in the fixture's teardown.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import caldav
import pytest

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
