"""Pytest plugin: choose the test database from ``LONTAR_TEST_DB``.

``LONTAR_TEST_DB`` (default ``sqlite``):

* ``sqlite``   the default SQLite settings, even if ``DATABASE_URL`` is set in the shell;
* ``postgres`` a throw-away PostgreSQL cluster, created for this pytest session in a
  temporary directory (``initdb``; as the ``postgres`` system user when running as root,
  because ``initdb`` refuses root), listening on 127.0.0.1 and a free port, stopped
  (``pg_ctl stop -m immediate``) and deleted when the session ends;
* ``env``      whatever ``DATABASE_URL`` says (e.g. a PostgreSQL server you run yourself).

Tests marked ``@pytest.mark.postgres_only`` are skipped unless the database is PostgreSQL.

Why the settings are switched after import: pytest-django imports ``config.settings`` and
runs ``django.setup()`` in its ``pytest_load_initial_conftests`` hook, before any conftest
is loaded, and Django's model classes already ask ``connections["default"]`` for the name
length limit while they are built. So there is no conftest-level hook that runs before the
settings exist. Instead, in ``pytest_configure`` (before any test or fixture runs, and
before any connection is opened) we set ``DATABASE_URL``, re-run the settings module so
that it derives ``DATABASES`` from the URL exactly as in production, install the result
and reset Django's connection handler. ``DATABASE_URL`` stays in the environment, so
subprocesses started by tests (``manage.py ...``) use the same server.

Loaded from the repository's top-level ``conftest.py`` (``pytest_plugins``), so it applies
to every test under the repository, whichever path is given to pytest.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import importlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

MODES = ("sqlite", "postgres", "env")
CLUSTER_PREFIX = "lontar-pg-"
DB_NAME = "lontar"


def requested_mode() -> str:
    return os.environ.get("LONTAR_TEST_DB", "sqlite").strip().lower() or "sqlite"


# --------------------------------------------------------------------------------------
# The temporary cluster
# --------------------------------------------------------------------------------------


def _find_bindir() -> Path:
    """Directory with initdb/pg_ctl: $LONTAR_PG_BINDIR, Debian's newest, or $PATH."""
    configured = os.environ.get("LONTAR_PG_BINDIR")
    if configured:
        return Path(configured)

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)

    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True)
    if debian:
        return Path(debian[0]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise pytest.UsageError(
        "LONTAR_TEST_DB=postgres needs the PostgreSQL server binaries (initdb, pg_ctl): "
        "install them with `apt-get install postgresql` (make test does this) or point "
        "LONTAR_PG_BINDIR at their directory."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class TemporaryCluster:
    """One PostgreSQL cluster in a temporary directory, owned by this process."""

    def __init__(self) -> None:
        self.bindir = _find_bindir()
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.run_as: dict = {}
        if self.as_root:
            import pwd

            try:
                pw = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise pytest.UsageError(
                    "initdb refuses to run as root and there is no `postgres` system user; "
                    "install the postgresql package or run the tests as an ordinary user."
                ) from exc
            self.run_as = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
            self._owner = (pw.pw_uid, pw.pw_gid)
        # The server user must be able to reach the directory; /tmp always allows that.
        parent = "/tmp" if self.as_root and os.path.isdir("/tmp") else None
        self.root = Path(tempfile.mkdtemp(prefix=CLUSTER_PREFIX, dir=parent))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port: int | None = None
        (self.root / "owner.pid").write_text(str(os.getpid()))
        if self.as_root:
            os.chown(self.root, *self._owner)

    # -- helpers -------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        # PG* variables from the caller's shell must not redirect our tools.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        return env

    def _server_cmd(self, *args: str | Path, check: bool = True, timeout: float = 120):
        """Run a server-side tool (initdb, pg_ctl) as the cluster's owner."""
        return subprocess.run(
            [str(a) for a in args],
            cwd=self.root,
            env=self._env(),
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
            **self.run_as,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB_NAME}"

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        try:
            self._initdb()
            last_error = ""
            for _attempt in range(3):  # another process may grab the port we picked
                self.port = _free_port()
                result = self._server_cmd(
                    self.bindir / "pg_ctl",
                    "start",
                    "-D",
                    self.data,
                    "-l",
                    self.log,
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=200",
                    check=False,
                )
                if result.returncode == 0:
                    break
                last_error = result.stdout + result.stderr + self._log_tail()
            else:
                raise RuntimeError(f"could not start PostgreSQL:\n{last_error}")
            self._createdb()
        except BaseException:
            self.stop()
            raise

    def _initdb(self) -> None:
        base = [self.bindir / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres"]
        base += ["-E", "UTF8", "--no-sync"]
        result = self._server_cmd(*base, "--locale=C.UTF-8", check=False)
        if result.returncode != 0:  # systems without the C.UTF-8 locale
            shutil.rmtree(self.data, ignore_errors=True)
            result = self._server_cmd(*base, "--locale=C", check=False)
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")

    def _createdb(self) -> None:
        # Django creates test_<NAME> itself; this database is for subprocesses that use
        # DATABASE_URL directly (manage.py commands started by tests).
        subprocess.run(
            [self.bindir / "createdb", "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", "postgres", DB_NAME],
            env=self._env(),
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""

    def version(self) -> str:
        result = subprocess.run(
            [self.bindir / "postgres", "--version"], capture_output=True, text=True
        )
        return result.stdout.strip()

    def stop(self) -> None:
        stop_cluster_dir(self.root, self.bindir, self.run_as, self._env())


def stop_cluster_dir(root: Path, bindir: Path, run_as: dict, env: dict) -> None:
    """Stop the postmaster of a cluster directory (if any) and delete the directory."""
    data = root / "data"
    if (data / "postmaster.pid").exists():
        try:
            subprocess.run(
                [bindir / "pg_ctl", "stop", "-D", data, "-m", "immediate", "-w", "-t", "30"],
                cwd=root,
                env=env,
                capture_output=True,
                check=True,
                timeout=60,
                **run_as,
            )
        except (subprocess.SubprocessError, OSError):
            _kill_postmaster(data)
    shutil.rmtree(root, ignore_errors=True)


def _kill_postmaster(data: Path) -> None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        pid = int((data / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGQUIT)  # PostgreSQL's "immediate shutdown"
        for _ in range(50):
            if not _pid_alive(pid):
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)


def reap_stale_clusters(bindir: Path, run_as: dict, env: dict) -> None:
    """Remove clusters left behind by pytest sessions that were killed (kill -9, OOM)."""
    for parent in {tempfile.gettempdir(), "/tmp"}:
        for root in Path(parent).glob(CLUSTER_PREFIX + "*"):
            try:
                owner = int((root / "owner.pid").read_text())
            except (OSError, ValueError):
                continue
            if owner != os.getpid() and not _pid_alive(owner):
                stop_cluster_dir(root, bindir, run_as, env)


# --------------------------------------------------------------------------------------
# Pointing Django at the chosen database
# --------------------------------------------------------------------------------------


def use_database_url(url: str | None) -> None:
    """Make Django use ``url`` (None: the settings' default) for the rest of the session."""
    from asgiref.local import Local
    from django.conf import settings
    from django.db import connections

    if url is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = url
    for alias in list(connections.settings):
        wrapper = getattr(connections._connections, alias, None)
        if wrapper is not None and wrapper.connection is not None:
            raise pytest.UsageError(
                f"a database connection ({alias}) was opened before tests started; "
                "tests/pg.py cannot switch the test database any more"
            )
    module = importlib.reload(sys.modules[settings.SETTINGS_MODULE])
    settings.DATABASES = module.DATABASES
    # Forget the connection wrappers built from the old settings (Django's model classes
    # create one while they are defined); new ones are built from the new settings.
    connections._settings = None
    connections.__dict__.pop("settings", None)
    connections._connections = Local(connections.thread_critical)


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor


# --------------------------------------------------------------------------------------
# Hooks
# --------------------------------------------------------------------------------------

_cluster: TemporaryCluster | None = None


def _stop_cluster() -> None:
    global _cluster
    if _cluster is not None:
        cluster, _cluster = _cluster, None
        cluster.stop()


def _sigterm_as_interrupt(signum, frame):
    # A SIGTERM (CI time-outs, `kill`) would otherwise end Python without running atexit
    # handlers or pytest_unconfigure, leaving the cluster running.
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    global _cluster
    mode = requested_mode()
    if mode not in MODES:
        raise pytest.UsageError(f"LONTAR_TEST_DB must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "env":
        return
    if mode == "sqlite":
        if "DATABASE_URL" in os.environ:
            use_database_url(None)
        return
    cluster = TemporaryCluster()
    reap_stale_clusters(cluster.bindir, cluster.run_as, cluster._env())
    _cluster = cluster
    atexit.register(_stop_cluster)  # in case pytest_unconfigure never runs
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    cluster.start()
    use_database_url(cluster.url)


def pytest_unconfigure(config: pytest.Config) -> None:
    _stop_cluster()


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    mode = requested_mode()
    if _cluster is not None:
        return (
            f"database (LONTAR_TEST_DB={mode}): {_cluster.version()}, temporary cluster "
            f"at 127.0.0.1:{_cluster.port}, data in {_cluster.root}"
        )
    return f"database (LONTAR_TEST_DB={mode}): {settings.DATABASES['default']['ENGINE']}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if database_vendor() == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (run with LONTAR_TEST_DB=postgres, as make test does)"
    )
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)
