"""FIN-5: the annual work report: the form is data (seeded per year), values checked by their
type (money as Decimal, two decimals), the purchase of services prefilled from the funding
ledger, the deadline (a dated parameter) with filing on the deadline on time and the day after
late, late reports per district, and each organisation seeing only its own."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shegong.audits import queries, rules, services
from shegong.audits.models import AnnualReport, FormField, ReportForm
from shegong.core.testing import factories
from shegong.core.testing.clock import frozen_clock

from . import data

pytestmark = pytest.mark.django_db

FILLED = {
    "projects": "3",
    "beneficiaries": "1200",
    "summary": "社区长者照护与青少年服务",
    "staff_total": "12",
    "social_workers": "9",
    "income_government_purchase": "180000.00",
    "income_subsidies": "0",
    "income_donations": "5000.5",
    "income_services": "0",
    "expenditure_total": "170000.00",
    "staff_costs": "120000.00",
    "reserves": "15000.50",
    "audited": "yes",
    "satisfaction_survey": "no",
}


def start(org, year=2025, actor=None):
    return services.start_report(org, year, actor=actor, reason="")


def test_the_forms_are_seeded_per_year_and_differ(db):
    assert list(ReportForm.objects.values_list("year", flat=True)) == [2026, 2025, 2024]
    codes_2025 = set(
        FormField.objects.filter(section__form__year=2025).values_list("code", flat=True)
    )
    codes_2026 = set(
        FormField.objects.filter(section__form__year=2026).values_list("code", flat=True)
    )
    assert codes_2026 - codes_2025 == {"satisfaction_survey"}
    assert len(codes_2025) == 15


def test_the_deadline_is_the_dated_parameter():
    deadline, rule = rules.report_deadline(2025)
    assert deadline == date(2026, 5, 31)
    assert rule.value == "05-31"
    factories.parameter("audits.report_deadline", "04-30", date(2027, 1, 1))
    assert rules.report_deadline(2025)[0] == date(2026, 5, 31)
    assert rules.report_deadline(2026)[0] == date(2027, 4, 30)


def test_values_are_checked_by_type_and_nothing_is_saved_on_a_wrong_one(world):
    report = start(world["org_futian"])
    with pytest.raises(ValidationError) as exc:
        services.save_values(
            report,
            {
                "projects": "3.5",
                "income_donations": "12.345",
                "reserves": "-1",
                "audited": "maybe",
                "staff_total": "4",
            },
            actor=None,
        )
    assert exc.value.message_dict == {
        "projects": ["Service projects: a whole number, zero or more."],
        "income_donations": [
            "Donations: an amount in yuan, zero or more, with at most two decimals."
        ],
        "reserves": [
            "Reserves at the end of the year: an amount in yuan, zero or more, with at most two "
            "decimals."
        ],
        "audited": ["Financial statements audited: yes or no."],
    }
    report.refresh_from_db()
    assert "staff_total" not in report.values
    saved = services.save_values(
        report, {"income_donations": "5000.5", "audited": "是"}, actor=None
    )
    assert saved.values["income_donations"] == "5000.50"
    assert saved.values["audited"] == "yes"


def test_the_purchase_of_services_is_prefilled_from_the_ledger(cworld):
    w = cworld
    futian = data.contract(w, "futian")
    data.pay(w, futian, "60000.00", date(2026, 4, 15))
    data.pay(w, futian, "40000.25", date(2026, 7, 15))
    report = start(w["org_futian"], 2026)
    assert report.values["income_government_purchase"] == "100000.25"
    assert start(w["org_luohu"], 2026).values["income_government_purchase"] == "0.00"
    assert start(w["org_futian"], 2025).values["income_government_purchase"] == "0.00"


def file_on(report, day):
    services.save_values(report, FILLED, actor=None)
    with frozen_clock(day):
        return services.file_report(report, actor=None)


def test_filed_on_the_deadline_is_on_time(world):
    filed = file_on(start(world["org_futian"]), date(2026, 5, 31))
    assert (filed.filed_on, filed.deadline, filed.is_late) == (
        date(2026, 5, 31),
        date(2026, 5, 31),
        False,
    )


def test_filed_the_day_after_is_late(world):
    filed = file_on(start(world["org_futian"]), date(2026, 6, 1))
    assert filed.is_late is True
    assert filed.deadline_rule.key == "audits.report_deadline"


def test_a_report_is_filed_with_every_required_field_and_once(world):
    report = start(world["org_futian"])
    services.save_values(report, {"projects": "2"}, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.file_report(report, actor=None)
    assert "beneficiaries" in exc.value.message_dict
    assert "volunteers" not in exc.value.message_dict  # optional
    filed = file_on(report, date(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.file_report(filed, actor=None)
    with pytest.raises(ValidationError):
        services.save_values(filed, {"projects": "4"}, actor=None)


def test_late_reports_per_district_and_day(world):
    tree = world["tree"]
    futian_late = data.auditor_firm(tree["futian"])  # another Futian organisation, never files
    file_on(start(world["org_futian"]), date(2026, 5, 31))  # on time
    file_on(start(world["org_luohu"]), date(2026, 6, 1))  # late
    assert list(queries.late_reports(tree["futian"], 2025, date(2026, 5, 31))) == []
    assert list(queries.late_reports(tree["futian"], 2025, date(2026, 6, 1))) == [futian_late]
    assert list(queries.late_reports(tree["luohu"], 2025, date(2026, 6, 1))) == [world["org_luohu"]]
    assert set(queries.late_reports(tree["city"], 2025, date(2026, 6, 2))) == {
        futian_late,
        world["org_luohu"],
    }


def test_an_organisation_sees_its_own_reports_only(client, world):
    own = start(world["org_luohu"])
    other = start(world["org_futian"])
    client.force_login(world["org_admin"])  # Luohu's organisation administrator
    assert client.get(reverse("audits:annualreport_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("audits:annualreport_detail", args=[other.pk])).status_code == 404
    listed = client.get(reverse("audits:annualreport_list")).content.decode()
    assert "罗湖社工服务中心" in listed and "福田社工服务中心" not in listed
    api = client.get("/api/v1/audits/annual-reports/").json()
    assert [row["id"] for row in api["results"]] == [own.pk]


def test_the_organisation_fills_in_and_files_through_the_pages(client, world):
    report = start(world["org_luohu"])
    client.force_login(world["org_admin"])
    url = reverse("audits:annualreport_values", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    bad = client.post(url, {**FILLED, "income_donations": "12.345"})
    assert bad.status_code == 200
    assert "income_donations" in bad.context["form"].errors
    assert client.post(url, FILLED).status_code == 302
    done = client.post(reverse("audits:annualreport_file", args=[report.pk]), {"reason": ""})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.is_late and report.values["income_donations"] == "5000.50"
    page = client.get(reverse("audits:annualreport_detail", args=[report.pk])).content.decode()
    assert "Filed late: the deadline was 2026-05-31." in page
    assert "5,000.50" in page


def test_a_year_without_a_form_is_a_message(world):
    with pytest.raises(ValidationError) as exc:
        start(world["org_futian"], 2019)
    assert exc.value.message_dict == {"year": ["There is no annual work report form for 2019."]}


def test_the_late_reports_page(client, world):
    client.force_login(world["luohu_officer"])
    page = client.get(reverse("audits:late_reports"), {"year": 2025})  # today is after 2026-05-31
    assert page.status_code == 200
    text = page.content.decode()
    assert "罗湖社工服务中心" in text and "福田社工服务中心" not in text
    assert AnnualReport.objects.count() == 0
