from django.db import migrations
from django.utils.translation import gettext_noop

from shegong.core.parameters import seed

APPEAL_WINDOW = {
    "key": "registry.appeal_window_days",
    "scope": "city",
    "value": 30,
    "source": gettext_noop("Local choice: an appeal against a conduct decision within 30 days"),
}


def seed_appeal_window(apps, schema_editor):
    seed(apps, [APPEAL_WINDOW])


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_seed_parameters")]

    operations = [migrations.RunPython(seed_appeal_window, migrations.RunPython.noop)]
