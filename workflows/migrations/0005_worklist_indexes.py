"""Indexes on viewflow's task table for the worklists.

The inbox filters a user's tasks by ``owner_id`` and ``status``; a protocol officer owns
tens of thousands of finished tasks after a year, of which a few hundred are open. The
queue filters by ``status`` and ``flow_task_type``. With only viewflow's single-column
indexes SQLite reads every task of the owner (inbox) or every process (queue): at 100,000
letters the inbox's four task queries took 70 ms each and the queue's 200 ms each; with
these two indexes 4 ms and 13 ms (PostgreSQL combined the single-column indexes already,
8 ms and 26 ms, and gains little). The table is viewflow's, so the indexes are created
here with plain SQL; both databases understand IF [NOT] EXISTS.
"""

from django.db import migrations

INDEXES = {
    "lontar_task_owner_status": "(owner_id, status)",
    "lontar_task_status_type": "(status, flow_task_type)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0004_letter_event_state_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON viewflow_task {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
