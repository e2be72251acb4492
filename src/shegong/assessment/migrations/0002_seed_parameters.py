from django.db import migrations

from shegong.assessment.parameters import DEFAULTS, SEED_FROM
from shegong.core.parameters import seed


def seed_assessment(apps, schema_editor):
    seed(apps, [{**row, "valid_from": SEED_FROM} for row in DEFAULTS])


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_assessment, migrations.RunPython.noop)]
