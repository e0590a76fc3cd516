"""Fixtures shared by the whole test suite.

The database is chosen by tests/pg.py (LONTAR_TEST_DB=sqlite|postgres|env); tests marked
``postgres_only`` are skipped on SQLite. User and role helpers live in tests/factories.py.
"""

import os

import pytest
from django.test import override_settings

from tests.smtp import SMTPSink

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse
# ORM calls from browser tests ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _isolated_test_settings(tmp_path_factory):
    """Per-session settings: uploads go to a temporary directory, never to var/media or S3,
    mail stays in memory (``mailoutbox``), and password hashing is fast."""
    media_root = tmp_path_factory.mktemp("media")
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with override_settings(
        MEDIA_ROOT=str(media_root),
        STORAGES=storages,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def _interface_language():
    """Each test starts in the site's language (Indonesian): a request or test that chose
    English leaves it active in the thread, and a test calling a service directly would
    then read English texts."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _forget_current_region():
    """Region.current() is cached per process; each test's rows are rolled back or flushed
    at its end (which clears nothing), so no test may see the region of another."""
    from organization.models import Region

    Region.clear_current()
    yield
    Region.clear_current()


@pytest.fixture(autouse=True)
def _forget_site_menus():
    """The applications' menu is kept per user id and permissions for a minute; ids come
    back in later tests (rolled back), so no test may see another's menu."""
    from organization.templatetags.site_menu import site_menus_forget

    site_menus_forget()


@pytest.fixture
def world(db):
    """The test region (Kota Palu on WITA; travel buffer 30 min; an open end counts as 120
    min) with its leaders, staff and one user per role: tests/factories.make_world.
    A module that needs another region (another zone, a frozen clock, a transactional
    database) defines its own ``world``."""
    from tests.factories import make_world

    return make_world()


@pytest.fixture
def media_root(settings):
    """The directory uploaded files are written to in this session."""
    return settings.MEDIA_ROOT


@pytest.fixture
def immediate_tasks(settings) -> None:
    """Queued tasks run at once, in the test (django-tasks' ImmediateBackend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def smtp_sink(settings):
    sink = SMTPSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        sink.stop()
