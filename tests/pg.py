"""Pytest plugin: choose the test database from ``LONTAR_TEST_DB``.

``LONTAR_TEST_DB`` (default ``sqlite``):

* ``sqlite``   the default SQLite settings, even if ``DATABASE_URL`` is set in the shell;
* ``postgres`` a throw-away PostgreSQL cluster, created for this pytest session in a
  temporary directory (``initdb``; as the ``postgres`` system user when running as root,
  because ``initdb`` refuses root), listening on 127.0.0.1 and a free port, stopped
  (``pg_ctl stop -m immediate``) and deleted when the session ends (all of that is
  tests/pgserver.py, which the benchmarks use too);
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
import importlib
import os
import signal
import sys

import pytest

from tests.pgserver import PostgresNotFound, PostgresServer

MODES = ("sqlite", "postgres", "env")
DB_NAME = "lontar"
# Django's test runs open many connections at once (threads of the live server, the
# concurrency tests).
SERVER_SETTINGS = {"max_connections": "200"}


def requested_mode() -> str:
    return os.environ.get("LONTAR_TEST_DB", "sqlite").strip().lower() or "sqlite"


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

_cluster: PostgresServer | None = None


def _stop_cluster() -> None:
    global _cluster
    if _cluster is not None:
        cluster, _cluster = _cluster, None
        cluster.remove()


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
    try:
        cluster = PostgresServer.temporary(settings=SERVER_SETTINGS)
    except PostgresNotFound as exc:
        raise pytest.UsageError(f"LONTAR_TEST_DB=postgres: {exc}") from exc
    _cluster = cluster
    atexit.register(_stop_cluster)  # in case pytest_unconfigure never runs
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    cluster.start()
    # Django creates test_<NAME> itself; this database is for subprocesses that use
    # DATABASE_URL directly (manage.py commands started by tests).
    cluster.create_database(DB_NAME)
    use_database_url(cluster.url(DB_NAME))


def pytest_unconfigure(config: pytest.Config) -> None:
    _stop_cluster()


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    mode = requested_mode()
    if _cluster is not None:
        return (
            f"database (LONTAR_TEST_DB={mode}): {_cluster.version()}, temporary cluster "
            f"at 127.0.0.1:{_cluster.port}, data in {_cluster.data}"
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
