"""EDU-2: the city's rule (at least 15 days a year, policy clause 5) and the national rule
(assistant 72 hours, intermediate and senior 90 hours per 3-year registration period, national
measures of 2009), and the module's parameters.

Weights: every kind of course counts fully under both rules; supervision counts under the
national rule only (local choice, changeable by the city as data). No caps by default."""

from django.db import migrations

from shegong.core.parameters import seed
from shegong.education.parameters import DEFAULTS

COURSE_KINDS = ["course", "seminar", "practice", "academic", "exchange", "online"]

RULES = [
    {
        "code": "city",
        "name": "深圳市继续教育（每年不少于15天）",
        "name_en": "City rule: at least 15 days a year",
        "scope": "city",
        "basis": "year",
        "unit": "days",
        "required_assistant": 15,
        "required_intermediate": 15,
        "required_senior": 15,
        "weights": {kind: 1 for kind in COURSE_KINDS},
        "caps": {},
        "from_year": 2008,
        "sort_order": 1,
        "source": "Policy clause 5: every certificate holder at least 15 days a year",
    },
    {
        "code": "national",
        "name": "全国继续教育（每个登记有效期72/90学时）",
        "name_en": "National rule: 72 / 90 hours per registration period",
        "scope": "national",
        "basis": "period",
        "unit": "hours",
        "required_assistant": 72,
        "required_intermediate": 90,
        "required_senior": 90,
        "weights": {**{kind: 1 for kind in COURSE_KINDS}, "supervision": 1},
        "caps": {},
        "from_year": 2009,
        "sort_order": 2,
        "source": "National continuing-education measures (2009)",
    },
]


def seed_education(apps, schema_editor):
    seed(apps, DEFAULTS)
    CpdRule = apps.get_model("education", "CpdRule")
    for row in RULES:
        row = dict(row)
        CpdRule.objects.get_or_create(
            code=row.pop("code"), from_year=row.pop("from_year"), defaults=row
        )


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_education, migrations.RunPython.noop)]
