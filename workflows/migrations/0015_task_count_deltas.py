"""The open tasks' numbers, kept by the database (``workflows.models.task_counts``): the
table, the triggers on viewflow's task table, and the open tasks there are now."""

import django.db.models.deletion
import viewflow.workflow.fields
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    from workflows.task_counts import install

    install(schema_editor)


def backwards(apps, schema_editor):
    from workflows.task_counts import uninstall

    uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0014_letterevent_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskCountDelta",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("flow_task", viewflow.workflow.fields.TaskReferenceField(max_length=255)),
                ("flow_task_type", models.CharField(max_length=50)),
                ("status", models.CharField(max_length=50)),
                ("owner_permission", models.CharField(max_length=255, null=True)),
                ("n", models.IntegerField()),
                (
                    "owner",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(forwards, backwards),
    ]
