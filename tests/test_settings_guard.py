"""Production settings refuse the published development key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_off_without_a_secret_key_refuses_to_start(tmp_path):
    done = _check({"DJANGO_DEBUG": "0", "LONTAR_VAR_DIR": str(tmp_path)})
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in done.stderr


def test_debug_off_on_the_published_key_refuses_to_start(tmp_path):
    env = {"DJANGO_DEBUG": "0", "LONTAR_VAR_DIR": str(tmp_path)}
    env["DJANGO_SECRET_KEY"] = "lontar-insecure-development-key-change-me"
    assert _check(env).returncode != 0


def test_debug_off_with_a_key_of_its_own_starts(tmp_path):
    env = {"DJANGO_DEBUG": "0", "LONTAR_VAR_DIR": str(tmp_path), "DJANGO_SECRET_KEY": "x" * 50}
    done = _check(env)
    assert done.returncode == 0, done.stderr
