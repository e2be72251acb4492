"""FIN-5: the deadline of the annual work report (a dated parameter with its source) and the
annual work report forms of 2024 to 2026 (data, ``audits.definition``)."""

from django.db import migrations

from shegong.audits.definition import seed_forms
from shegong.audits.parameters import DEFAULTS
from shegong.core.parameters import seed


def seed_audits(apps, schema_editor):
    seed(apps, DEFAULTS)
    seed_forms(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_audits, migrations.RunPython.noop)]
