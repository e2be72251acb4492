"""Issue 11, point 8: the promotion bar ("competent or better") is a dated parameter."""

from django.db import migrations

from shegong.assessment.parameters import DATED_RULES, SEED_FROM
from shegong.core.parameters import seed


def seed_dated_rules(apps, schema_editor):
    seed(apps, [{**row, "valid_from": SEED_FROM} for row in DATED_RULES])


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_seed_parameters")]

    operations = [migrations.RunPython(seed_dated_rules, migrations.RunPython.noop)]
