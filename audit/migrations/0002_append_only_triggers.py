"""The database refuses UPDATE and DELETE on the audit log (SQLite and PostgreSQL
triggers); the head row the writers lock is created."""

from django.db import migrations

from audit.chain import GENESIS_HASH
from audit.triggers import migration_backwards, migration_forwards

TABLE = "audit_auditentry"


def head_create(apps, schema_editor):
    apps.get_model("audit", "AuditHead").objects.get_or_create(
        pk=1, defaults={"last_id": 0, "last_hash": GENESIS_HASH}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]

    operations = [
        migrations.RunPython(migration_forwards(TABLE), migration_backwards(TABLE)),
        migrations.RunPython(head_create, migrations.RunPython.noop),
    ]
