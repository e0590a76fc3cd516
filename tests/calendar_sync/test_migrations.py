"""Migrations that rewrite data, run against rows made under the previous schema."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_agenda_items_each_get_their_own_uid():
    executor = MigrationExecutor(connection)
    before = [("calendar_sync", "0001_initial")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Official = old_apps.get_model("organization", "Official")
    AgendaItem = old_apps.get_model("calendar_sync", "AgendaItem")
    official = Official.objects.create(name="A", position="head", title="Wali Kota")
    for hour in (1, 2, 3):
        AgendaItem.objects.create(
            official=official, title=f"Acara {hour}", start=datetime(2026, 12, 2, hour, tzinfo=UTC)
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from calendar_sync.models import AgendaItem as CurrentAgendaItem

    uids = list(CurrentAgendaItem.objects.values_list("uid", flat=True))
    assert len(uids) == 3
    assert len(set(uids)) == 3
    assert all(uid.endswith("@lontar") for uid in uids)
