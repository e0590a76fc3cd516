"""Production settings refuse the published development key."""

import os
import secrets
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


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "lontar.example.go.id",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://lontar.example.go.id",
        "LONTAR_VAR_DIR": str(tmp_path),
        **extra,
    }


def test_the_deploy_check_is_clean_with_only_the_four_production_settings(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LONTAR_"))}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **_production(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_settings_are_secure_by_default(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LONTAR_"))}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = {**base, "DJANGO_SETTINGS_MODULE": "config.settings", **_production(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.split() == [
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "True",
    ], done.stderr
    # A plain-HTTP intranet opts out in one setting.
    env["LONTAR_HTTPS"] = "0"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.split()[0] == "False", done.stderr
