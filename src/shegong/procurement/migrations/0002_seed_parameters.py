"""FIN-3: the procurement parameters with their sources (``procurement.parameters``)."""

from django.db import migrations

from shegong.core.parameters import seed
from shegong.procurement.parameters import DEFAULTS


def seed_parameters(apps, schema_editor):
    seed(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_parameters, migrations.RunPython.noop)]
