"""The production stack's processes on loopback for tests/stack/: gunicorn, db_worker and
the S3 server (tests/documents/conftest.py's), against the test database."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.documents.conftest import ACCESS_KEY, SECRET_KEY, s3_server, s3_storage  # noqa: F401
from tests.pgserver import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent


def database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def production_env(tmp_path: Path, *, bucket: str, endpoint: str, database: str) -> dict:
    """The environment of a production machine (DEBUG off), plain HTTP on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DJANGO_", "AWS_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="stack-test-secret-key-not-for-production-use-0123456789",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        LONTAR_HTTPS="0",
        LONTAR_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=database,
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        LONTAR_LOG_LEVEL="INFO",
    )
    return env


def wait_until(predicate, *, timeout: float, what: str):
    """Poll ``predicate`` (a row, a port) until it returns something true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)  # polling a row or a port: there is no event to block on
    raise AssertionError(f"timed out waiting for {what}")


class Machine:
    """One process (and its children) in its own session, as on its own machine:
    ``kill()`` is the power cut (SIGKILL to the whole group)."""

    def __init__(self, name: str, args: list[str], env: dict) -> None:
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603
            args,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.output = b""

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for_output(self, text: str, *, timeout: float) -> None:
        """Read the process's output until ``text`` appears (its log line)."""
        deadline = time.monotonic() + timeout
        stream = self.process.stdout
        while text.encode() not in self.output:
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise AssertionError(f"{self.name} never said {text!r}:\n{self.output.decode()}")
            ready, _, _ = select.select([stream], [], [], left)
            if ready:
                self.output += os.read(stream.fileno(), 65536)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process.stdout.close()


@pytest.fixture
def machines() -> Iterator[list[Machine]]:
    """Processes started by the test; each is stopped at the end."""
    started: list[Machine] = []
    yield started
    for machine in started:
        machine.stop()


def gunicorn(env: dict, *, workers: int = 1) -> tuple[list[str], dict, int]:
    port = free_port()
    env = {**env, "LONTAR_WEB_BIND": f"127.0.0.1:{port}", "LONTAR_WEB_WORKERS": str(workers)}
    return [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"], env, port


def db_worker(worker_id: str) -> list[str]:
    return [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--worker-id",
        worker_id,
    ]
