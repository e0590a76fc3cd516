"""The production stack's files in config/deploy/ name commands that exist."""

import re
import runpy
from pathlib import Path

from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parent.parent / "config" / "deploy"


def test_every_manage_command_the_units_run_exists():
    commands = set(get_commands())
    named = set()
    for unit in DEPLOY.glob("*.service"):
        named |= set(re.findall(r"manage\.py (\w+)", unit.read_text()))
    assert {"db_worker", "run_timers"} <= named
    assert named <= commands, named - commands


def test_the_timer_round_runs_every_sweep_and_requeues_tasks_of_dead_workers():
    from organization.management.commands.run_timers import SWEEPS

    assert {"workflow_timers", "staged_scans_sweep", "tasks_requeue_stale"} <= set(SWEEPS)
    assert set(SWEEPS) <= set(get_commands()), set(SWEEPS) - set(get_commands())


def test_the_timer_loop_and_the_timer_unit_run_the_same_sweeps():
    loop = (DEPLOY.parent.parent / "scripts" / "timer_loop.sh").read_text()
    unit = (DEPLOY / "lontar-timers.service").read_text()
    assert set(re.findall(r"manage\.py (\w+)", loop)) == set(re.findall(r"manage\.py (\w+)", unit))


def test_gunicorn_workers_follow_the_cores(monkeypatch):
    monkeypatch.delenv("LONTAR_WEB_WORKERS", raising=False)
    conf = runpy.run_path(str(DEPLOY.parent / "gunicorn.conf.py"))
    import multiprocessing

    assert conf["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert conf["bind"] == "127.0.0.1:8000"
