"""Issue 11, point 8: where the CPD year starts is a dated parameter (calendar years)."""

from django.db import migrations

from shegong.core.parameters import seed
from shegong.education.parameters import DATED_RULES


def seed_dated_rules(apps, schema_editor):
    seed(apps, DATED_RULES)


class Migration(migrations.Migration):
    dependencies = [("education", "0004_cpd_evidence_size_limit")]

    operations = [migrations.RunPython(seed_dated_rules, migrations.RunPython.noop)]
