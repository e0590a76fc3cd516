"""The warm fork server behind every limited child (documents.extraction.forkserver)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from documents.extraction import forkserver
from documents.extraction.runner import read_letter, run_limited
from tests.pdfs import text_pdf

ROOT = Path(__file__).resolve().parents[2]
LETTER = [
    "PEMERINTAH KOTA PALU",
    "Nomor : 005/77/Bappeda/2026",
    "Perihal : Undangan Rapat",
    "Hari/Tanggal : Rabu, 25 November 2026",
    "Pukul : 09.00 WITA s.d. selesai",
    "Tempat : Aula Bappeda",
]


def gone(pid: int) -> bool:
    """The process no longer runs (a zombie waiting for its reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def wait_until(condition, *, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def wait_for_file(path: Path) -> int:
    assert wait_until(path.exists), f"{path} never appeared"
    return int(path.read_text())


def test_jobs_from_several_threads_at_once_each_get_their_own_answer(tmp_path):
    paths = []
    for number in range(6):
        path = tmp_path / f"surat{number}.pdf"
        path.write_bytes(text_pdf([*LETTER, f"Acara : Rapat ke-{number}"]))
        paths.append(path)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda path: read_letter(path, time_limit=60), paths))
    assert [result.error for result in results] == [None] * 6
    assert [result.fields["event_title"] for result in results] == [
        f"Rapat ke-{number}" for number in range(6)
    ]


def test_each_job_runs_in_a_fresh_child_of_one_warm_server():
    first = run_limited("tests.documents.child_targets:my_pid", time_limit=30)
    second = run_limited("tests.documents.child_targets:my_pid", time_limit=30)
    server = forkserver.SERVER.pid()
    assert first.ok and second.ok
    assert first.value != second.value
    assert server is not None and server not in (first.value, second.value, os.getpid())


def test_a_child_that_crashes_reports_a_clear_error_and_the_next_job_runs(tmp_path):
    path = tmp_path / "surat.pdf"
    path.write_bytes(text_pdf(LETTER))
    crashed = read_letter(path, time_limit=30, target="tests.documents.child_targets:crash")
    assert crashed.error == (f"Pembacaan gagal: proses pembaca berhenti (kode {-signal.SIGSEGV}).")
    assert read_letter(path, time_limit=30).error is None


def test_a_killed_server_is_replaced_by_the_next_job(tmp_path):
    assert run_limited("tests.documents.child_targets:my_pid", time_limit=30).ok
    old = forkserver.SERVER.pid()
    assert old is not None
    os.kill(old, signal.SIGKILL)
    assert wait_until(lambda: forkserver.SERVER.pid() is None)
    outcome = run_limited("tests.documents.child_targets:my_pid", time_limit=30)
    assert outcome.ok
    assert forkserver.SERVER.pid() not in (None, old)


def test_a_job_in_flight_when_its_server_dies_ends_with_it_and_reports_it(tmp_path):
    marker = tmp_path / "pid"
    assert run_limited("tests.documents.child_targets:my_pid", time_limit=30).ok
    server = forkserver.SERVER.pid()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(
            run_limited,
            "tests.documents.child_targets:write_pid_then_spin",
            str(marker),
            time_limit=60,
        )
        child = wait_for_file(marker)
        os.kill(server, signal.SIGKILL)
        outcome = future.result(timeout=30)
    assert outcome.problem == "died"
    assert wait_until(lambda: gone(child))


def test_a_job_over_its_time_limit_is_killed_with_its_process_group(tmp_path):
    marker = tmp_path / "pid"
    outcome = run_limited(
        "tests.documents.child_targets:write_pid_then_spin", str(marker), time_limit=1
    )
    assert outcome.problem == "timeout"
    assert wait_until(lambda: gone(int(marker.read_text())))


CALLER = """
import sys, threading
sys.path.insert(0, {root!r})
from documents.extraction import forkserver
from documents.extraction.runner import run_limited

def job():
    run_limited("tests.documents.child_targets:write_pid_then_spin", {marker!r}, time_limit=600)

threading.Thread(target=job, daemon=True).start()
import os, time
while not os.path.exists({marker!r}):
    time.sleep(0.01)
print(forkserver.SERVER.pid(), flush=True)
{ending}
"""


@pytest.mark.parametrize(
    "ending",
    ["sys.exit(0)", "os.kill(os.getpid(), 9)"],
    ids=["exits", "is-killed"],
)
def test_no_process_outlives_the_process_that_started_it(tmp_path, ending):
    marker = tmp_path / "pid"
    script = textwrap.dedent(CALLER).format(root=str(ROOT), marker=str(marker), ending=ending)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    server = int(done.stdout.split()[0])
    child = int(marker.read_text())
    assert wait_until(lambda: gone(server)), "the fork server lived on"
    assert wait_until(lambda: gone(child)), "the job's child lived on"
