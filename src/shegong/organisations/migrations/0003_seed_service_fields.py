"""POST-2: seed the eleven service fields of clause 7, pilots marked (clause 7: education,
justice, civil affairs and the disability federation first)."""

from django.db import migrations

FIELDS = [
    ("01", "社区建设", "Community building", True, "民政"),
    ("02", "社会福利与救助", "Social welfare and assistance", True, "民政"),
    ("03", "青少年教育", "Youth education", True, "教育"),
    ("04", "医疗卫生", "Medical and health care", False, "卫生"),
    ("05", "社会矫正", "Community corrections", True, "司法"),
    ("06", "监所管理", "Prison management", True, "司法"),
    ("07", "禁毒", "Drug control", False, "禁毒"),
    ("08", "残障康复", "Disability rehabilitation", True, "残联"),
    ("09", "人口计生", "Population and family planning", False, "人口计生"),
    ("10", "外来务工人员服务", "Migrant worker services", False, "人力资源"),
    ("11", "婚姻家庭服务", "Marriage and family", False, "民政"),
]


def seed(apps, schema_editor):
    ServiceField = apps.get_model("organisations", "ServiceField")
    for order, (code, name, name_en, pilot, department) in enumerate(FIELDS, 1):
        ServiceField.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "is_pilot": pilot,
                      "line_department": department, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_service_field")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
