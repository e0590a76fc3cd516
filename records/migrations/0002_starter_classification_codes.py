"""The starter scheme (records/starter.py), for fresh installs and ``make run``; codes a
region already has are left as they are."""

from django.db import migrations

from records.starter import STARTER_CODES


def seed(apps, schema_editor):
    Code = apps.get_model("records", "ClassificationCode")
    by_code = {}
    for code, title, parent, active, inactive, final in STARTER_CODES:
        row, _created = Code.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "parent": by_code.get(parent),
                "active_years": active,
                "inactive_years": inactive,
                "final_disposition": final,
            },
        )
        by_code[code] = row


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
