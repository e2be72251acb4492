"""FIN-5: the deadline of the annual work report (a dated parameter with its source) and the
annual work report form as seeded, one version per year (2024 to 2026). Officials change the
form as data (report forms, sections and fields); a year's reports keep the version of their
year. The sections follow what clause 17 asks the reports to show: services, staff and finances
(income by source including the government's purchase of services, expenditure, reserves)."""

from django.db import migrations

from shegong.audits.parameters import DEFAULTS
from shegong.core.parameters import seed


#: (code, title, English title, [(code, label, English label, kind, required, prefill)])
SECTIONS = [
    (
        "services",
        "服务情况",
        "Services",
        [
            ("projects", "服务项目数", "Service projects", "integer", True, ""),
            ("beneficiaries", "服务人次", "People served (visits)", "integer", True, ""),
            ("summary", "主要服务内容", "Main services", "text", True, ""),
        ],
    ),
    (
        "staff",
        "人员情况",
        "Staff",
        [
            ("staff_total", "专职工作人员数", "Full-time staff", "integer", True, ""),
            ("social_workers", "持证社会工作者数", "Certified social workers", "integer", True, ""),
            ("volunteers", "志愿者人数", "Volunteers", "integer", False, ""),
        ],
    ),
    (
        "income",
        "收入情况",
        "Income by source",
        [
            (
                "income_government_purchase",
                "政府购买服务收入",
                "Government purchase of services",
                "money",
                True,
                "government_purchase",
            ),
            ("income_subsidies", "政府补助收入", "Government subsidies", "money", True, ""),
            ("income_donations", "捐赠收入", "Donations", "money", True, ""),
            ("income_services", "提供服务收入", "Fees for services", "money", True, ""),
            ("income_other", "其他收入", "Other income", "money", False, ""),
        ],
    ),
    (
        "finances",
        "支出与结余",
        "Expenditure and reserves",
        [
            ("expenditure_total", "支出合计", "Total expenditure", "money", True, ""),
            ("staff_costs", "其中：人员费用", "Of which staff costs", "money", True, ""),
            (
                "reserves",
                "年末净资产（结余）",
                "Reserves at the end of the year",
                "money",
                True,
                "",
            ),
            ("audited", "财务报表是否经审计", "Financial statements audited", "yes_no", True, ""),
        ],
    ),
]
#: Added from the 2026 form on: the version of a year differs from the one before.
ADDED_2026 = {
    "services": [
        (
            "satisfaction_survey",
            "是否开展服务对象满意度调查",
            "Survey of the satisfaction of people served",
            "yes_no",
            True,
            "",
        )
    ]
}
#: The years seeded.
YEARS = (2024, 2025, 2026)


def seed_forms(apps, schema_editor) -> None:
    """Create the seeded forms that do not exist yet (a data migration)."""
    report_form = apps.get_model("audits", "ReportForm")
    section_model = apps.get_model("audits", "FormSection")
    field_model = apps.get_model("audits", "FormField")
    for year in YEARS:
        if report_form.objects.filter(year=year).exists():
            continue
        form = report_form.objects.create(
            year=year,
            title=f"{year}年度社会组织年度工作报告",
            title_en=f"Annual work report {year}",
        )
        for order, (code, title, title_en, fields) in enumerate(SECTIONS, start=1):
            section = section_model.objects.create(
                form=form, code=code, title=title, title_en=title_en, order=order
            )
            rows = list(fields) + (ADDED_2026.get(code, []) if year >= 2026 else [])
            for n, (fcode, label, label_en, kind, required, prefill) in enumerate(rows, start=1):
                field_model.objects.create(
                    section=section,
                    code=fcode,
                    label=label,
                    label_en=label_en,
                    kind=kind,
                    required=required,
                    prefill=prefill,
                    order=n,
                )


def seed_audits(apps, schema_editor):
    seed(apps, DEFAULTS)
    seed_forms(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_audits, migrations.RunPython.noop)]
