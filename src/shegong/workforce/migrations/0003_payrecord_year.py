"""PayRecord.year (the year of ``month``) and the joins to the pay tables on (year, grade,
step), for the compliance dashboard."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import ExtractYear


def fill_year(apps, schema_editor):
    PayRecord = apps.get_model("workforce", "PayRecord")
    PayRecord.objects.update(year=ExtractYear("month"))


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0002_pay"),
    ]

    operations = [
        migrations.AddField(
            model_name="payrecord",
            name="year",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="year"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.AddField(
            model_name="payrecord",
            name="guidance",
            field=models.ForeignObject(
                from_fields=("year", "grade", "step"),
                null=True,
                blank=True,
                editable=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="workforce.payguidance",
                to_fields=("year", "grade", "step"),
            ),
        ),
        migrations.AddField(
            model_name="payrecord",
            name="technician",
            field=models.ForeignObject(
                from_fields=("year", "grade", "step"),
                null=True,
                blank=True,
                editable=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="workforce.technicianpay",
                to_fields=("year", "grade", "step"),
            ),
        ),
    ]
