"""Issue 14 (dashboards): the period after which an evaluation is flagged as overdue
(``procurement.parameters.EVALUATION_DAYS``)."""

from django.db import migrations

from shegong.core.parameters import seed
from shegong.procurement.parameters import OVERDUE_DEFAULTS


def seed_parameters(apps, schema_editor):
    seed(apps, OVERDUE_DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0004_bids"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_parameters, migrations.RunPython.noop)]
