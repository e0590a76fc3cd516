"""A throwaway PostgreSQL server for the tests (tests/pg.py) and the benchmarks (bench/).

``PostgresServer(data)`` owns one cluster in the directory ``data``: it finds the server
binaries, runs ``initdb`` there if the directory holds no cluster yet (trust
authentication, user ``postgres``, UTF-8; as the ``postgres`` system user when running as
root, because ``initdb`` and the server refuse root), starts the server on 127.0.0.1 and a
free port with durability switched off, creates databases, and stops it.
``PostgresServer.temporary()`` is the same in a fresh temporary directory that ``remove()``
deletes; temporary clusters left behind by a killed process are deleted by the next one.

    with PostgresServer.temporary() as server:      # started; stopped and removed after
        server.create_database("lontar")
        url = server.url("lontar")

This module imports nothing from Django or pytest: the benchmarks use it without either.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

TEMPORARY_PREFIX = "lontar-pg-"
# Nothing in a throwaway cluster is worth keeping: no fsync, and faster seeding.
NO_DURABILITY = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
START_ATTEMPTS = 3  # another process may take the free port we picked before the server does


class PostgresNotFound(RuntimeError):
    pass


def find_bindir() -> Path:
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
    raise PostgresNotFound(
        "the PostgreSQL server binaries (initdb, pg_ctl) are missing: install them with "
        "`apt-get update && apt-get install -y postgresql` (make test does this) or point "
        "LONTAR_PG_BINDIR at their directory."
    )


def free_port() -> int:
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


def _wait_for_exit(pid: int, timeout: float) -> bool:
    """Wait until process ``pid`` (not necessarily our child) has ended; True if it has."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], timeout)  # readable once it has exited
        return bool(readable)
    finally:
        os.close(fd)


def _server_user() -> tuple[dict, tuple[int, int] | None]:
    """How to run initdb and the server: ``subprocess.run`` arguments and the (uid, gid)
    that must own their directories; as root, the ``postgres`` system user."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return {}, None
    import pwd

    try:
        pw = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresNotFound(
            "initdb refuses to run as root and there is no `postgres` system user; "
            "install the postgresql package or run as an ordinary user."
        ) from exc
    return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}, (pw.pw_uid, pw.pw_gid)


def reap_stale_temporaries() -> None:
    """Delete temporary clusters whose owning process has died (kill -9, OOM)."""
    for parent in {tempfile.gettempdir(), "/tmp"}:
        for root in Path(parent).glob(TEMPORARY_PREFIX + "*"):
            try:
                owner = int((root / "owner.pid").read_text())
            except (OSError, ValueError):
                continue
            if owner != os.getpid() and not _pid_alive(owner):
                stale = PostgresServer(root / "data")
                stale.temporary_root = root
                stale.remove()


class PostgresServer:
    """One PostgreSQL cluster in ``data``, served on 127.0.0.1 by this process.

    ``settings`` are extra server settings (``-c name=value``) on top of NO_DURABILITY.
    """

    def __init__(self, data: Path, *, settings: Mapping[str, str] | None = None) -> None:
        self.bindir = find_bindir()
        self.data = Path(data)
        self.settings = {**NO_DURABILITY, **(settings or {})}
        self.log = self.data / "server.log"
        self.port: int | None = None
        self.temporary_root: Path | None = None  # set by temporary(): removed by remove()
        self.run_as, self._owner = _server_user()

    @classmethod
    def temporary(cls, *, settings: Mapping[str, str] | None = None) -> PostgresServer:
        """A server for a fresh temporary directory (first deleting those left behind)."""
        find_bindir()  # no directory to clean up if there is no server to run
        reap_stale_temporaries()
        _, owner = _server_user()
        # The server user must be able to reach the directory; /tmp always allows that.
        parent = "/tmp" if owner and os.path.isdir("/tmp") else None
        root = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=parent))
        (root / "owner.pid").write_text(str(os.getpid()))
        if owner:
            os.chown(root, *owner)
        server = cls(root / "data", settings=settings)
        server.temporary_root = root
        return server

    # -- running the tools ---------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        # PG* variables from the caller's shell must not redirect our tools.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        return env

    def _tool(self, name: str, *args: str | Path, timeout: float = 120):
        """Run a server-side tool (initdb, pg_ctl) as the cluster's owner."""
        return subprocess.run(
            [str(self.bindir / name), *map(str, args)],
            cwd=self.data,
            env=self._env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
            **self.run_as,
        )

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def initdb(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        if self._owner:
            os.chown(self.data, *self._owner)
        base = ["-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
        result = self._tool("initdb", *base, "--locale=C.UTF-8")
        if result.returncode != 0:  # systems without the C.UTF-8 locale
            for child in self.data.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            result = self._tool("initdb", *base, "--locale=C")
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")

    def start(self) -> None:
        """Start the server (after initdb if ``data`` holds no cluster yet).

        ``pg_ctl start -w`` returns once the postmaster reports in postmaster.pid that it
        accepts connections, so the port is open when this returns."""
        try:
            if not self.initialised:
                self.initdb()
            options = f"-k {self.data} -c listen_addresses=127.0.0.1 " + " ".join(
                f"-c {name}={value}" for name, value in self.settings.items()
            )
            last_error = ""
            for _attempt in range(START_ATTEMPTS):
                self.port = free_port()
                result = self._tool(
                    "pg_ctl",
                    "start",
                    "-D",
                    self.data,
                    "-l",
                    self.log,
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"-p {self.port} {options}",
                )
                if result.returncode == 0:
                    return
                last_error = result.stdout + result.stderr + self._log_tail()
            raise RuntimeError(f"could not start PostgreSQL:\n{last_error}")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server if it runs (fast shutdown; immediate for a temporary cluster,
        whose data is deleted anyway), killing the postmaster if pg_ctl cannot."""
        if not (self.data / "postmaster.pid").exists():
            return
        mode = "immediate" if self.temporary_root else "fast"
        try:
            result = self._tool("pg_ctl", "stop", "-D", self.data, "-m", mode, "-w", "-t", "30")
            stopped = result.returncode == 0
        except (subprocess.SubprocessError, OSError):
            stopped = False
        if not stopped:
            self._kill_postmaster()

    def remove(self) -> None:
        """Stop the server and delete the temporary directory (only a temporary cluster)."""
        self.stop()
        if self.temporary_root is not None:
            shutil.rmtree(self.temporary_root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        try:
            self.start()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.remove()

    def _kill_postmaster(self) -> None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGQUIT)  # PostgreSQL's "immediate shutdown"
            if not _wait_for_exit(pid, 5):
                os.kill(pid, signal.SIGKILL)

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""

    # -- using it ------------------------------------------------------------------------

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        """Create database ``name`` unless it exists (a kept cluster may have it)."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def version(self) -> str:
        result = subprocess.run(
            [self.bindir / "postgres", "--version"], capture_output=True, text=True
        )
        return result.stdout.strip()
