"""Issue 11, point 8: the first exam year and the registration rules' scope become dated
parameters. The scope is seeded from the former setting ``REGISTRY_RULE_SCOPE`` when the
environment still sets it (an install that used the national rules keeps them), else "city"."""

import os

from django.db import migrations

from shegong.core.parameters import seed
from shegong.registry.parameters import DATED_RULES, RULE_SCOPE


def seed_dated_rules(apps, schema_editor):
    rows = []
    for row in DATED_RULES:
        if row["key"] == RULE_SCOPE and os.environ.get("REGISTRY_RULE_SCOPE") == "national":
            row = {**row, "value": "national", "source": "Former setting REGISTRY_RULE_SCOPE"}
        rows.append(row)
    seed(apps, rows)


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_certificate_payload")]

    operations = [migrations.RunPython(seed_dated_rules, migrations.RunPython.noop)]
