"""The test infrastructure itself: the database asked for is the one in use."""

import os

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_engine_matches_lontar_test_db():
    mode = os.environ.get("LONTAR_TEST_DB", "sqlite").strip().lower() or "sqlite"
    if mode == "env":
        pytest.skip("LONTAR_TEST_DB=env uses DATABASE_URL as given")
    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[mode]
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        if expected == "postgresql":
            cursor.execute("SELECT version()")
            assert cursor.fetchone()[0].startswith("PostgreSQL")
            # Django's test database, not the development one.
            assert connection.settings_dict["NAME"].startswith("test_")
        else:
            cursor.execute("SELECT sqlite_version()")
            assert cursor.fetchone()[0]


def test_system_checks_pass():
    call_command("check")


def test_table_names_fit_postgresql():
    # PostgreSQL cuts identifiers at 63 bytes; SQLite does not, so a long model name
    # would only break in production.
    too_long = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if len(model._meta.db_table.encode()) > 63
    ]
    assert too_long == []


def test_uploads_go_to_the_session_media_root(media_root, tmp_path_factory):
    name = default_storage.save("smoke/hello.txt", ContentFile(b"halo"))
    try:
        assert default_storage.path(name).startswith(str(media_root))
        assert str(media_root).startswith(str(tmp_path_factory.getbasetemp()))
    finally:
        default_storage.delete(name)


@pytest.mark.postgres_only
def test_postgres_only_tests_run_on_postgresql():
    assert connection.vendor == "postgresql"
