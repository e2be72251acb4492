"""Issue 14 (dashboards and speed): the period after which an evaluation is flagged as overdue
(``procurement.parameters.EVALUATION_DAYS``), and the partial index of the public procurements
that the OCDS pages walk (``ocds.packaging.PUBLISHED``)."""

from django.db import migrations, models

from shegong.core.parameters import seed
from shegong.procurement.parameters import OVERDUE_DEFAULTS


def seed_parameters(apps, schema_editor):
    seed(apps, OVERDUE_DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0006_evaluation"), ("core", "0003_policy_parameter")]

    operations = [
        migrations.RunPython(seed_parameters, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="procurement",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "published",
                            "bids_closed",
                            "evaluated",
                            "awarded",
                            "contracted",
                            "failed",
                        ),
                    ),
                    models.Q(("published_on__isnull", False), ("status", "cancelled")),
                    _connector="OR",
                ),
                fields=["id"],
                name="procurement_public",
            ),
        ),
    ]
