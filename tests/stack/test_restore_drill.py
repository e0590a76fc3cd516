"""The restore drill (scripts/restore_drill.py) performed on a running PostgreSQL and
S3 store: backup, restore into a new database and bucket, every verify_* command and the
row counts on the restored copy."""

import subprocess
import sys

import pytest
from django.db import connection

from tests.stack.conftest import ROOT, database_url, production_env
from tests.workflows.walk import register
from workflows.models import Letter

DRILL = ROOT / "scripts" / "restore_drill.py"


def _drill(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(DRILL)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def installation(world, tmp_path, s3_server, s3_storage):
    """Letters with scans in the bucket, committed (the drill reads another session)."""
    for n in range(3):
        register(world.clerk, subject=f"Undangan rapat koordinasi {n}")
    env = production_env(
        tmp_path, bucket=s3_storage, endpoint=s3_server.endpoint, database=database_url()
    )
    return env


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_the_database_and_the_bucket_and_verifies_them(installation, s3_server):
    done = _drill(installation)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "RESTORE DRILL PASSED"
    assert any(
        line.startswith("restore drill: verify_documents passed: 3 berkas") for line in lines
    ), lines
    counts = next(line for line in lines if "row counts equal" in line)
    assert f"workflows_letter={Letter.objects.count()}" in counts
    assert "documents_document=3" in counts
    assert "restored bucket holds all 3 objects" in done.stdout
    # The restored database and bucket were dropped again.
    buckets = [b["Name"] for b in s3_server.client().list_buckets()["Buckets"]]
    assert not [b for b in buckets if "-drill-" in b]
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE '%%_drill_%%'")
        assert cursor.fetchall() == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_drill_fails_when_a_backed_up_scan_was_damaged(installation, s3_server, s3_storage):
    name = Letter.objects.latest("pk").documents.first().file.name
    s3_server.object_path(s3_storage, name).write_bytes(b"%PDF-1.4 rusak")
    done = _drill(installation)
    assert done.returncode == 1
    assert "FAILED: verify_documents failed on the restored copy" in done.stdout
    assert "BERUBAH" in done.stdout
