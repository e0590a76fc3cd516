import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ClassificationCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=30, unique=True, verbose_name="kode klasifikasi")),
                ("title", models.CharField(max_length=200, verbose_name="uraian")),
                ("active_years", models.PositiveSmallIntegerField(default=2, verbose_name="retensi aktif (tahun)")),
                ("inactive_years", models.PositiveSmallIntegerField(default=3, verbose_name="retensi inaktif (tahun)")),
                (
                    "final_disposition",
                    models.CharField(
                        choices=[("destroy", "Musnah"), ("permanent", "Permanen"), ("reappraise", "Dinilai kembali")],
                        default="destroy",
                        max_length=12,
                        verbose_name="keterangan akhir",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="aktif")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="catatan")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="records.classificationcode",
                        verbose_name="induk (seri)",
                    ),
                ),
            ],
            options={
                "verbose_name": "kode klasifikasi arsip",
                "verbose_name_plural": "kode klasifikasi arsip",
                "ordering": ["code"],
                "permissions": [
                    ("manage_records", "Can manage the classification scheme, holds and disposal"),
                    ("export_records", "Can export records (dossiers, exports for other systems)"),
                ],
            },
        ),
    ]
