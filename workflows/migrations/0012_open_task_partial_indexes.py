"""Partial indexes on viewflow's task table: the open tasks only.

A worklist reads the open tasks (assigned: the inbox; new: the queue), a few thousand
after a year, while the table holds every task ever done (820,000 at 100,000 letters).
The indexes of ``0005_worklist_indexes`` still led the inbox's and the queue's first page
backwards through every task by creation time, skipping done ones (about 10,000 of
them for 25 rows); these hold only the open tasks, in the order the lists show them, so
their size and the cost of reading them follow the open tasks, not the archive. Both
databases support partial indexes (``CREATE INDEX ... WHERE``); the table is viewflow's,
hence plain SQL as in ``0005``.
"""

from django.db import migrations

# name: (columns, which tasks)
INDEXES = {
    # The inbox: a user's assigned tasks, newest first.
    "lontar_task_assigned_owner": ("(owner_id, created)", "status = 'ASSIGNED'"),
    # The inbox of a leader's staff: the leader's assigned tasks, by their permission.
    "lontar_task_assigned_permission": ("(owner_permission, created)", "status = 'ASSIGNED'"),
    # The queue: tasks nobody has taken, newest first.
    "lontar_task_new": ("(created)", "status = 'NEW'"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0011_records_classification_retention_disposal"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON viewflow_task {columns} WHERE {where}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, (columns, where) in INDEXES.items()
    ]
