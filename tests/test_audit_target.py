"""`make audit`: pip-audit on the lock, wired in the Makefile and kept out of `make test`
(it needs the network, which the test machines do not have)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_audit_runs_the_audit_script_on_the_lock():
    dry_run = subprocess.run(
        ["make", "-n", "audit"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "scripts/audit.sh" in dry_run
    script = (ROOT / "scripts" / "audit.sh").read_text()
    assert "export --frozen --all-groups" in script and "pip-audit --requirement" in script
    assert "--require-hashes --disable-pip --strict" in script


def test_make_test_does_not_run_the_audit():
    makefile = (ROOT / "Makefile").read_text()
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "audit" not in test_rule
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "audit" not in recipe


def test_an_unknown_vulnerability_service_is_refused_before_anything_runs():
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / "audit.sh")],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "AUDIT_SERVICE": "nowhere"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "AUDIT_SERVICE must be pypi or osv" in result.stderr
