#!/usr/bin/env python3
"""Restore drill: back up Lontar (pg_dump plus the bucket), restore both into fresh ones,
and check the restored copy.

    .venv/bin/python scripts/restore_drill.py [--backup-dir DIR] [--keep]

The source is the running installation's own environment (/etc/lontar/lontar.env):
DATABASE_URL, AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY. Steps:

1. Backup. Every table's row count is read in a REPEATABLE READ transaction whose
   snapshot ``pg_dump --snapshot`` then dumps (``-Fc``), so counts and dump agree while
   the app keeps writing. Then every object of the bucket is copied to the backup
   directory with its size and SHA-256 (after the dump: an object is never overwritten,
   so every object the dump refers to is there; later uploads are extra).
2. Restore into a new database on the same server (``<name>_drill_<time>``, pg_restore
   --no-owner) and a new bucket (``<bucket>-drill-<time>``) on the same store.
3. Check the restored copy: each table has the row count of the snapshot (counted
   first: a verify command may record its own run); with the app pointed at the copy,
   every management command whose name starts with ``verify_`` exits 0
   (``verify_documents`` re-reads every original against its SHA-256, ``verify_audit``
   walks the audit chain, and whatever else exists); the new bucket holds every object
   with its size and SHA-256.
4. Drop the new database and bucket (``--keep`` keeps them, and says where).

Prints one line per step and ``RESTORE DRILL PASSED``; exits 1 on the first failure.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

TABLES = """
SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
"""


# Named in the drill's report (every table is compared).
MAIN_TABLES = (
    "auth_user",
    "workflows_letter",
    "documents_document",
    "viewflow_process",
    "viewflow_task",
    "calendar_sync_agendaitem",
    "django_tasks_database_dbtaskresult",
)


class DrillFailed(Exception):
    pass


def say(message: str) -> None:
    print(f"restore drill: {message}", flush=True)


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore: $LONTAR_PG_BINDIR, Debian's newest, or $PATH."""
    configured = os.environ.get("LONTAR_PG_BINDIR")
    if configured:
        return str(Path(configured) / name)

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)

    debian = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    found = debian[0] if debian else shutil.which(name)
    if not found:
        raise DrillFailed(f"{name} not found (apt-get install postgresql-client)")
    return found


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def s3_client() -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


def list_objects(client: Any, bucket: str) -> Iterator[str]:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            yield item["Key"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts(connection: Any) -> dict[str, int]:
    tables = [row[0] for row in connection.execute(TABLES)]
    count = "SELECT count(*) FROM {}"  # the names come from pg_tables, quoted by format()
    return {t: connection.execute(count.format(t)).fetchone()[0] for t in tables}


def backup(source_url: str, bucket: str, backup_dir: Path) -> tuple[dict, dict]:
    import psycopg

    dump = backup_dir / "database.dump"
    with psycopg.connect(source_url) as snapshot:
        snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = row_counts(snapshot)
        done = subprocess.run(
            [
                pg_tool("pg_dump"),
                "-Fc",
                f"--snapshot={snapshot_id}",
                "-f",
                str(dump),
                "-d",
                source_url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        snapshot.rollback()
    if done.returncode != 0:
        raise DrillFailed(f"pg_dump failed: {done.stderr.strip()}")
    say(
        f"database dumped: {len(counts)} tables, {sum(counts.values())} rows, "
        f"{dump.stat().st_size} bytes"
    )

    client = s3_client()
    objects_dir = backup_dir / "bucket"
    manifest = {}
    for key in list_objects(client, bucket):
        target = objects_dir / key
        target.parent.mkdir(parents=True, exist_ok=True)
        client.download_file(bucket, key, str(target))
        manifest[key] = {"size": target.stat().st_size, "sha256": sha256_of(target)}
    (backup_dir / "bucket.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    say(
        f"bucket {bucket} copied: {len(manifest)} objects, "
        f"{sum(o['size'] for o in manifest.values())} bytes"
    )
    return counts, manifest


def restore(source_url: str, backup_dir: Path, manifest: dict, database: str, bucket: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(source_url, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    target_url = with_database(source_url, database)
    done = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "-d",
            target_url,
            str(backup_dir / "database.dump"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DrillFailed(f"pg_restore failed: {done.stderr.strip()}")
    say(f"database restored into {database}")

    client = s3_client()
    client.create_bucket(Bucket=bucket)
    for key in manifest:
        client.upload_file(str(backup_dir / "bucket" / key), bucket, key)
    say(f"objects restored into bucket {bucket}")
    return target_url


def check(target_url: str, bucket: str, counts: dict, manifest: dict) -> None:
    import psycopg

    # The rows first, as restored: a verify_* command may record its own run (verify_audit
    # keeps each check for the audit page).
    with psycopg.connect(target_url) as restored:
        restored_counts = row_counts(restored)
    differing = {
        t: (n, restored_counts.get(t)) for t, n in counts.items() if restored_counts.get(t) != n
    }
    if differing or set(restored_counts) != set(counts):
        raise DrillFailed(f"row counts differ (backup, restored): {differing}")
    main = {t.split(".")[-1]: n for t, n in counts.items() if t.split(".")[-1] in MAIN_TABLES}
    say(
        f"row counts equal in all {len(counts)} tables ({sum(counts.values())} rows): "
        + ", ".join(f"{t}={n}" for t, n in sorted(main.items()))
    )

    env = {**os.environ, "DATABASE_URL": target_url, "AWS_STORAGE_BUCKET_NAME": bucket}
    manage = [sys.executable, str(ROOT / "manage.py")]
    listed = subprocess.run(
        [*manage, "help", "--commands"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        raise DrillFailed(f"manage.py help failed: {listed.stderr.strip()}")
    verifiers = sorted(name for name in listed.stdout.split() if name.startswith("verify_"))
    if not verifiers:
        raise DrillFailed("no verify_* command found")
    for name in verifiers:
        done = subprocess.run(
            [*manage, name], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise DrillFailed(f"{name} failed on the restored copy:\n{output}")
        say(f"{name} passed: {output.splitlines()[-1] if output else ''}")

    client = s3_client()
    found = {}
    for key in list_objects(client, bucket):
        body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
        found[key] = {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    if found != manifest:
        missing = sorted(set(manifest) - set(found))
        changed = sorted(k for k in manifest if k in found and found[k] != manifest[k])
        raise DrillFailed(f"restored bucket differs: missing {missing}, changed {changed}")
    say(f"restored bucket holds all {len(found)} objects, sizes and SHA-256 equal")


def drop(source_url: str, database: str, bucket: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(source_url, "postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
        )
    client = s3_client()
    try:
        for key in list(list_objects(client, bucket)):
            client.delete_object(Bucket=bucket, Key=key)
        client.delete_bucket(Bucket=bucket)
    except client.exceptions.NoSuchBucket:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backup-dir", type=Path, help="keep the backup here")
    parser.add_argument("--keep", action="store_true", help="keep the restored database and bucket")
    args = parser.parse_args()
    os.environ.setdefault("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required")
    os.environ.setdefault("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required")
    source_url = os.environ.get("DATABASE_URL", "")
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not source_url.startswith(("postgres://", "postgresql://")) or not bucket:
        print(
            "restore drill: needs DATABASE_URL (PostgreSQL) and AWS_STORAGE_BUCKET_NAME",
            file=sys.stderr,
        )
        return 2
    stamp = time.strftime("%Y%m%d%H%M%S")
    source_name = urlsplit(source_url).path.lstrip("/")
    database = f"{source_name}_drill_{stamp}"[:63]
    target_bucket = f"{bucket}-drill-{stamp}"[:63]
    backup_dir = args.backup_dir or Path(tempfile.mkdtemp(prefix="lontar-backup-"))
    backup_dir.mkdir(parents=True, exist_ok=True)
    try:
        counts, manifest = backup(source_url, bucket, backup_dir)
        target_url = restore(source_url, backup_dir, manifest, database, target_bucket)
        check(target_url, target_bucket, counts, manifest)
    except DrillFailed as failure:
        print(f"restore drill: FAILED: {failure}", flush=True)
        return 1
    finally:
        if args.keep:
            say(f"kept database {database}, bucket {target_bucket}, backup in {backup_dir}")
        else:
            drop(source_url, database, target_bucket)
            if not args.backup_dir:
                shutil.rmtree(backup_dir, ignore_errors=True)
    print("RESTORE DRILL PASSED", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
