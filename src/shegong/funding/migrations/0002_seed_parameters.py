"""FIN-1, FIN-2: the reference prices of posts and the city's subsidy share, as dated
parameters with their sources (``funding.parameters``; local choices where no source gives a
number)."""

from django.db import migrations

from shegong.core.parameters import seed
from shegong.funding.parameters import DEFAULTS


def seed_funding(apps, schema_editor):
    seed(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_funding, migrations.RunPython.noop)]
