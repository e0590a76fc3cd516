"""Load test: the production stack on 127.0.0.1 under 50 users of locust (issue 13, 6).

Starts PostgreSQL (a throwaway cluster with pg_stat_statements), the S3-compatible store
(``rclone serve s3``), gunicorn with config/gunicorn.conf.py (workers from the core count),
one ``db_worker`` and the timer round every 30 s, all with DJANGO_DEBUG=0 and the
production settings (plain HTTP: LONTAR_HTTPS=0; no reverse proxy in front, gunicorn
answers directly). Seeds the demo
data plus one account per simulated person, then runs bench/locustfile.py headless for
``--minutes`` with ``--users`` users, and prints requests per second, p50/p95/p99 and
errors per page, the server errors in gunicorn's log and the slowest queries.

    .venv/bin/python bench/bench_load.py --minutes 10 --users 50
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from tests.pgserver import PostgresServer, free_port  # noqa: E402

# One account per simulated person (bench/locustfile.py's weights: 8+6+8+5+5 staff).
SEED_ACCOUNTS = r"""
import json, sys
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from organization.demo import DEMO_PASSWORD, demo_totp_key
from organization.models import LeaderStaff, Official, Role
from organization.twofactor import requires_second_factor

heads = ["head", "deputy", "sekda"]
leaders = list(Official.objects.filter(user__isnull=False, position__in=heads))
kinds = {"mailroom": (Role.MAILROOM_CLERK, 8), "reviewer": (Role.PROTOCOL_REVIEWER, 6),
         "leader": (Role.LEADER_STAFF, 8), "scheduler": (Role.PROTOCOL_SCHEDULER, 5),
         "auditor": (Role.AUDITOR, 5)}
accounts = {}
for kind, (role, count) in kinds.items():
    accounts[kind] = []
    for n in range(count):
        username = f"bench_{kind}_{n}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": username})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=str(role)))
        if role == Role.LEADER_STAFF:
            LeaderStaff.objects.get_or_create(user=user, leader=leaders[n % len(leaders)],
                                              defaults={"kind": LeaderStaff.Kind.ADC})
        key = None
        if requires_second_factor(user):
            key = demo_totp_key(username)
            TOTPDevice.objects.get_or_create(
                user=user, name="Demo", defaults={"key": key, "confirmed": True})
        accounts[kind].append({"username": username, "password": DEMO_PASSWORD, "totp_key": key})
json.dump(accounts, open(sys.argv[-1], "w"))
"""

SLOWEST = """
SELECT round(max_exec_time::numeric, 1), round(mean_exec_time::numeric, 2), calls,
       regexp_replace(query, '\\s+', ' ', 'g')
FROM pg_stat_statements WHERE query NOT ILIKE '%%pg_stat_statements%%'
ORDER BY {order} DESC LIMIT 5
"""


def _wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)  # the server is still starting; nothing to block on
    sys.exit(f"{url} did not answer within {timeout:.0f} s")


def _manage(env: dict, *args: str, stdout: int | None = None) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=stdout or subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    args = parser.parse_args()
    # A SIGTERM (a time-out) stops the servers too: SystemExit runs the finally below.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    from tests.documents.conftest import ACCESS_KEY, SECRET_KEY, S3Server

    work = Path(tempfile.mkdtemp(prefix="lontar-load-"))
    processes: list[subprocess.Popen] = []
    pg = PostgresServer.temporary(
        settings={
            "shared_buffers": "256MB",
            "shared_preload_libraries": "pg_stat_statements",
            "pg_stat_statements.track": "all",
            "max_connections": "200",
        }
    )
    s3 = S3Server(root=work / "s3")
    (work / "s3" / "data").mkdir(parents=True)
    (work / "s3" / "rclone.conf").touch()
    try:
        pg.start()
        pg.create_database("lontar")
        s3.start()
        s3.client().create_bucket(Bucket="lontar")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DJANGO_", "AWS_"))}
        env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            LONTAR_HTTPS="0",
            LONTAR_VAR_DIR=str(work / "var"),
            DATABASE_URL=pg.url("lontar"),
            DATABASE_CONN_MAX_AGE="60",
            AWS_STORAGE_BUCKET_NAME="lontar",
            AWS_S3_ENDPOINT_URL=s3.endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            LONTAR_LOG_LEVEL="WARNING",
            # 50 people behind one address (loopback) are not an attack.
            LONTAR_PUBLIC_REQUEST_RATE_IP="100000/60",
        )
        print("Seeding (migrate, collectstatic, demo data, bench accounts) ...", flush=True)
        seeding = time.monotonic()
        import psycopg

        with psycopg.connect(pg.url("lontar"), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput")
        for seed in ("seed_demo", "seed_demo_requests", "seed_demo_events"):
            _manage(env, seed, "--if-empty")
        accounts = work / "accounts.json"
        _manage(env, "shell", "-c", SEED_ACCOUNTS.replace("sys.argv[-1]", repr(str(accounts))))

        print(f"seeded in {time.monotonic() - seeding:.0f} s", flush=True)
        port = free_port()
        web_log = open(work / "gunicorn.log", "wb")
        web_env = {
            **env,
            "LONTAR_WEB_BIND": f"127.0.0.1:{port}",
            "LONTAR_LOG_FORMAT": "json",
            "LONTAR_LOG_LEVEL": "INFO",
        }
        processes.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
                cwd=ROOT,
                env=web_env,
                stdout=web_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload"],
                cwd=ROOT,
                env=env,
                stdout=open(work / "worker.log", "wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        # The timer round, as in production (cron or the systemd timer): due timers,
        # sweeps, and the open tasks' numbers folded (task_counts_compact).
        processes.append(
            subprocess.Popen(
                [
                    "sh",
                    "-c",
                    f"while :; do {sys.executable} manage.py run_timers; sleep 30; done",
                ],
                cwd=ROOT,
                env=env,
                stdout=open(work / "timers.log", "wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        _wait_http(f"http://127.0.0.1:{port}/healthz", 120)
        with psycopg.connect(pg.url("lontar"), autocommit=True) as conn:
            conn.execute("SELECT pg_stat_statements_reset()")

        seconds = int(args.minutes * 60)
        print(
            f"locust: {args.users} users for {seconds} s against http://127.0.0.1:{port}/"
            f" (gunicorn, {os.cpu_count()} cores)",
            flush=True,
        )
        started = time.monotonic()
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "LONTAR_BENCH_ACCOUNTS": str(accounts)},
            stdout=open(work / "locust.out", "wb"),
            stderr=subprocess.STDOUT,
            check=False,
            timeout=seconds + 300,
        )
        elapsed = time.monotonic() - started
        _report(work, elapsed, pg.url("lontar"))
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        s3.stop()
        pg.remove()
        print(f"(logs in {work})")


def _report(work: Path, elapsed: float, database: str) -> None:
    with open(work / "locust_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    titles = ("reqs", "rps", "p50", "p95", "p99", "max", "errors")
    print(f"\n{'page':<38} " + " ".join(f"{t:>6}" for t in titles))
    print("-" * 90)
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name[:38]:<38} {int(row['Request Count']):>6} {float(row['Requests/s']):>6.2f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):>6.0f} "
            f"{int(row['Failure Count']):>6}"
        )
    print("(milliseconds)")
    with open(work / "locust_failures.csv") as handle:
        failures = list(csv.DictReader(handle))
    for failure in failures:
        print(
            f"ERROR {failure['Occurrences']}x {failure['Method']} {failure['Name']}: "
            f"{failure['Error'][:200]}"
        )
    server_errors = []
    for line in (work / "gunicorn.log").read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if int(record.get("status") or 0) >= 500 or record.get("level") == "ERROR":
                server_errors.append(line)
    print(f"server errors (5xx or ERROR lines in gunicorn's log): {len(server_errors)}")
    for line in server_errors[:5]:
        print("   ", line[:300])
    import psycopg

    with psycopg.connect(database, autocommit=True) as conn:
        for order, title in (
            ("max_exec_time", "slowest single execution"),
            ("total_exec_time", "most time in total"),
        ):
            print(f"\nqueries by {title} (max ms, mean ms, calls, query):")
            for max_ms, mean_ms, calls, query in conn.execute(SLOWEST.format(order=order)):
                print(f"  {max_ms:>8} {mean_ms:>8} {calls:>7}  {query[:220]}")
    print(
        f"\nwall time {elapsed:.0f} s; machine shared with other work (load: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )


if __name__ == "__main__":
    main()
