"""A letter's history is append-only in the database itself, like the audit log that each
of its lines is also written to (workflows.services._common.record)."""

from django.db import migrations

from audit.triggers import migration_backwards, migration_forwards

TABLE = "workflows_letterevent"


class Migration(migrations.Migration):
    dependencies = [("workflows", "0013_report_indexes")]

    operations = [
        migrations.RunPython(migration_forwards(TABLE), migration_backwards(TABLE)),
    ]
