"""FIN-5: the oversight parameters and the sixteen default service quality standards, with
their sources (``oversight.parameters``)."""

from django.db import migrations

from shegong.core.parameters import seed
from shegong.oversight.parameters import (
    DEFAULTS,
    STANDARDS,
    STANDARDS_EDITION,
    STANDARDS_FROM,
    STANDARDS_SOURCE,
)


def seed_all(apps, schema_editor):
    seed(apps, DEFAULTS)
    standard = apps.get_model("oversight", "QualityStandard")
    for order, (code, name, name_en) in enumerate(STANDARDS, start=1):
        standard.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "sort_order": order * 10,
                "edition": STANDARDS_EDITION,
                "valid_from": STANDARDS_FROM,
                "source": STANDARDS_SOURCE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_all, migrations.RunPython.noop)]
