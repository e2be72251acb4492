"""ORG-3: the grading parameters with their sources (``grading.parameters``) and a first
indicator system of 1,000 points, in the four groups of the national indicators for social
service organisations (基础条件, 内部治理, 业务活动和诚信建设, 社会评价); city officials change it
for a future cycle."""

from django.db import migrations

from shegong.core.parameters import seed
from shegong.grading.parameters import DEFAULTS

SYSTEM = "社会工作服务机构评估指标（2026版）"
GROUPS = [
    (
        "A",
        "基础条件",
        [
            ("A1", "法人资格与登记事项", 40),
            ("A2", "章程与制度", 30),
            ("A3", "办公场所与服务设施", 30),
        ],
    ),
    (
        "B",
        "内部治理",
        [
            ("B1", "组织机构（理事会、监事会）运作", 100),
            ("B2", "人力资源与社会工作者持证上岗", 100),
            ("B3", "财务管理与资产管理", 100),
            ("B4", "档案管理与信息公开", 50),
        ],
    ),
    (
        "C",
        "业务活动和诚信建设",
        [
            ("C1", "服务项目与专业方法", 200),
            ("C2", "服务成效", 150),
            ("C3", "诚信建设与自律", 100),
        ],
    ),
    (
        "D",
        "社会评价",
        [
            ("D1", "服务对象满意度", 60),
            ("D2", "主管部门与社会评价", 40),
        ],
    ),
]


def seed_all(apps, schema_editor):
    seed(apps, DEFAULTS)
    System = apps.get_model("grading", "IndicatorSystem")
    Group = apps.get_model("grading", "IndicatorGroup")
    Indicator = apps.get_model("grading", "Indicator")
    if System.objects.filter(name=SYSTEM).exists():
        return
    system = System.objects.create(name=SYSTEM, total=1000)
    for g_order, (code, name, indicators) in enumerate(GROUPS, start=1):
        group = Group.objects.create(system=system, code=code, name=name, order=g_order)
        for i_order, (i_code, i_name, points) in enumerate(indicators, start=1):
            Indicator.objects.create(
                group=group, code=i_code, name=i_name, max_points=points, order=i_order
            )


class Migration(migrations.Migration):
    dependencies = [("grading", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_all, migrations.RunPython.noop)]
