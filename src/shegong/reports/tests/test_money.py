"""The purchased-services dashboard (issue 14; FIN-2, FIN-4, GOV-1): the figures of two
districts and the city with two funding sources and two service fields (expected values
written out, see ``money_data``), the overdue steps, who sees what, and the XLSX exports."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.core.models import Job
from shegong.procurement import overdue
from shegong.procurement.models import Procurement
from shegong.procurement.tests.data import world
from shegong.reports import money

from .money_data import TODAY, field, mworld

pytestmark = pytest.mark.django_db
__all__ = ["mworld", "world"]

D = Decimal


def figures(table) -> dict:
    return {label: [cell.value for cell in cells] for label, cells in table.rows}


def shown(table) -> dict:
    return {label: [cell.shown for cell in cells] for label, cells in table.rows}


def scope(w, user, area, year=2026):
    return money.Scope(w[user], w["tree"][area], year, today=TODAY)


def names(w):
    """The tests run in English: the fields' English names."""
    return field("01").name_en, field("02").name_en


# --- Money by funding source -------------------------------------------------------------------


def test_money_by_source_of_a_district(mworld):
    table = money.by_source(scope(mworld, "officer", "futian"))
    assert figures(table) == {
        "District budget": [D("350000.00"), D("100000.00"), D("100000.00"), D("150000.00")],
        "Welfare lottery fund": [D("100000.00"), D("30000.00"), D("30000.00"), D("40000.00")],
    }
    assert [c.shown for c in table.total] == [
        "450,000.00",
        "130,000.00",
        "130,000.00",
        "190,000.00",
    ]


def test_money_by_source_of_the_city_counts_every_district_and_the_citys_lines(mworld):
    table = money.by_source(scope(mworld, "city_officer", "city"))
    assert shown(table) == {
        "District budget": ["650,000.00", "180,000.00", "140,000.00", "330,000.00"],
        "Welfare lottery fund": ["100,000.00", "30,000.00", "30,000.00", "40,000.00"],
        "City budget": ["1,000,000.00", "0.00", "0.00", "1,000,000.00"],
    }
    assert [c.value for c in table.total] == [
        D("1750000.00"),
        D("210000.00"),
        D("170000.00"),
        D("1370000.00"),
    ]


def test_the_city_officer_choosing_luohu_sees_luohu_only(mworld):
    table = money.by_source(scope(mworld, "city_officer", "luohu"))
    assert figures(table) == {
        "District budget": [D("300000.00"), D("80000.00"), D("40000.00"), D("180000.00")]
    }


def test_another_year_has_nothing(mworld):
    assert money.by_source(scope(mworld, "officer", "futian", 2025)).rows == []


# --- Money by service field --------------------------------------------------------------------


def test_money_by_service_field_of_a_district(mworld):
    f01, f02 = names(mworld)
    table = money.by_field(scope(mworld, "officer", "futian"))
    assert figures(table) == {
        f01: [D("800000.00"), D("0.00"), D("0.00")],
        f02: [D("300000.00"), D("130000.00"), D("130000.00")],
    }


def test_money_by_service_field_of_the_city(mworld):
    f01, f02 = names(mworld)
    table = money.by_field(scope(mworld, "city_officer", "city"))
    assert shown(table) == {
        f01: ["1,750,000.00", "80,000.00", "40,000.00"],
        f02: ["350,000.00", "130,000.00", "130,000.00"],
    }
    assert [c.shown for c in table.total] == ["2,100,000.00", "210,000.00", "170,000.00"]


def test_a_figure_links_to_the_records_behind_it(mworld, client):
    w = mworld
    futian = w["tree"]["futian"]
    f02 = field("02")
    table = money.by_field(scope(w, "officer", "futian"))
    paid_url = dict(table.rows)[f02.name_en][2].url
    assert paid_url == (
        f"{reverse('procurement:payment_list')}?year=2026&field={f02.pk}&buyer={futian.pk}"
    )
    client.force_login(w["officer"])
    page = client.get(paid_url).content.decode()
    assert "FT-2026-001 #1" in page and "FT-2026-001 #2" in page and "LH-2026-001" not in page
    source = money.by_source(scope(w, "officer", "futian"))
    allocated = dict(source.rows)["Welfare lottery fund"][0].url
    assert "kind=allocation" in allocated and "source=welfare_lottery" in allocated
    page = client.get(allocated).content.decode()
    assert "100,000.00" in page or "100000.00" in page


# --- Posts ---------------------------------------------------------------------------------------


def test_posts_bought_against_posts_held_by_credentialed_staff(mworld):
    f01 = field("01").name_en
    futian = money.posts(scope(mworld, "officer", "futian"))
    # Two posts of contract A: one holder credentialed, one whose registration ended 30 June.
    assert figures(futian) == {f01: [2, 2, 1, D("50.0")]}
    city = money.posts(scope(mworld, "city_officer", "city"))
    assert figures(city) == {f01: [3, 2, 1, D("33.3")]}
    # On 30 June (the last day of the second holder's registration) both were credentialed.
    june = money.Scope(mworld["officer"], mworld["tree"]["futian"], 2026, today=date(2026, 6, 30))
    assert figures(money.posts(june)) == {f01: [2, 2, 2, D("100.0")]}


# --- Procurements by status and overdue steps --------------------------------------------------


def test_procurements_by_status(mworld):
    futian = money.by_status(scope(mworld, "officer", "futian"))
    assert shown(futian) == {
        "Published": ["1", "800,000.00"],
        "Awarded": ["1", "40,000.00"],
        "Contract signed": ["1", "260,000.00"],
    }
    city = money.by_status(scope(mworld, "city_officer", "city"))
    assert shown(city) == {
        "Published": ["2", "850,000.00"],
        "Awarded": ["1", "40,000.00"],
        "Contract signed": ["2", "410,000.00"],
    }


def test_overdue_steps_of_each_district_and_the_city(mworld):
    expected_futian = {
        "Bid deadline passed, bids not opened": [1],
        "Bids opened, not evaluated in time": [0],
        "Awarded, contract not signed in time": [1],
        "Single-source notice ended, not awarded": [0],
        "Challenge not answered in time": [0],
        "Instalment due and unpaid": [1],
    }
    assert figures(money.overdue_steps(scope(mworld, "officer", "futian"))) == expected_futian
    luohu = figures(money.overdue_steps(scope(mworld, "luohu_officer", "luohu")))
    assert luohu["Single-source notice ended, not awarded"] == [1]
    assert sum(v[0] for v in luohu.values()) == 1
    city = money.overdue_steps(scope(mworld, "city_officer", "city"))
    assert [c.value for c in city.total] == [4]


def test_each_overdue_step_at_its_edge(mworld):
    qs = Procurement.objects.all()
    # Bid deadline 1 June: not overdue on 1 June (bids open that day), overdue on 2 June.
    assert overdue.find("not_opened", qs, date(2026, 6, 1)).count() == 0
    assert overdue.find("not_opened", qs, date(2026, 6, 2)).count() == 1
    # Awarded 20 April: the contract may be signed until 20 May (30 days), overdue on 21 May.
    assert overdue.find("no_contract", qs, date(2026, 5, 20)).count() == 0
    assert overdue.find("no_contract", qs, date(2026, 5, 21)).count() == 1
    # Notice of 1 June 2026 (Monday): 5 working days end on Monday 8 June; overdue on 9 June.
    assert overdue.find("single_source_not_awarded", qs, date(2026, 6, 8)).count() == 0
    assert overdue.find("single_source_not_awarded", qs, date(2026, 6, 9)).count() == 1
    instalments = mworld["contract_a"].instalments.all()
    assert overdue.find("instalment_unpaid", instalments, date(2026, 6, 30)).count() == 0
    assert overdue.find("instalment_unpaid", instalments, date(2026, 7, 1)).count() == 1


def test_the_overdue_list_filter_is_the_dashboards_query(mworld, client):
    client.force_login(mworld["officer"])
    futian = mworld["tree"]["futian"]
    page = client.get(
        reverse("procurement:instalment_list"), {"overdue": "instalment_unpaid", "buyer": futian.pk}
    )
    assert page.status_code == 200
    rows = page.content.decode().split("<tbody")[1].split("</tbody>")[0]
    assert rows.count("<tr") == 1 and "¥50,000.00" in rows


# --- Who sees what -------------------------------------------------------------------------------


def test_a_district_officer_sees_only_their_district(mworld, client):
    w = mworld
    client.force_login(w["officer"])
    page = client.get(reverse("reports:money"), {"year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "福田区" in text and "450,000.00" in text and "罗湖区" not in text
    refused = client.get(reverse("reports:money"), {"year": 2026, "area": w["tree"]["luohu"].pk})
    assert refused.status_code == 400
    assert "罗湖区" not in refused.content.decode().split("</form>", 1)[1]
    assert "Select a valid choice" in refused.content.decode()


def test_the_city_sees_every_district_with_a_district_filter(mworld, client):
    w = mworld
    client.force_login(w["city_officer"])
    whole = client.get(reverse("reports:money"), {"year": 2026}).content.decode()
    assert "1,750,000.00" in whole
    assert f'<option value="{w["tree"]["luohu"].pk}"' in whole
    luohu = client.get(reverse("reports:money"), {"year": 2026, "area": w["tree"]["luohu"].pk})
    assert luohu.status_code == 200 and "180,000.00" in luohu.content.decode()


@pytest.mark.parametrize("user", ["org_admin", None])
def test_an_organisation_admin_or_a_visitor_sees_no_dashboard(mworld, client, user):
    if user:
        client.force_login(mworld[user])
    page = client.get(reverse("reports:money"))
    assert page.status_code == (403 if user else 302)
    export = client.post(reverse("reports:money_export", args=["by_source"]))
    assert export.status_code == (403 if user else 302)
    assert not Job.objects.exists()


def test_the_menu_has_the_dashboard_for_officials_only(mworld, client):
    client.force_login(mworld["officer"])
    assert (
        reverse("reports:money")
        in client.get(reverse("procurement:contract_list")).content.decode()
    )
    client.force_login(mworld["org_admin"])
    assert (
        reverse("reports:money")
        not in client.get(reverse("procurement:contract_list")).content.decode()
    )


# --- XLSX exports ---------------------------------------------------------------------------------


def _rows(sheet) -> list[list]:
    rows = []
    for row in sheet.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    return rows


def _workbook(client, key, **data):
    response = client.post(reverse("reports:money_export", args=[key]), data)
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == "done", job.error
    download = client.get(reverse("core:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content) if download.streaming else download.content
    return load_workbook(io.BytesIO(content)).active


def test_the_xlsx_of_money_by_source_has_the_pages_figures(mworld, client):
    w = mworld
    client.force_login(w["city_officer"])
    sheet = _workbook(client, "by_source", area=w["tree"]["futian"].pk, year=2026)
    rows = _rows(sheet)
    assert rows[0] == ["Money by funding source"]
    assert rows[1][:4] == ["Area", "福田区", "Year", 2026]
    assert rows[4] == ["Funding source", "Allocated", "Committed", "Paid", "Available"]
    assert rows[5:] == [
        ["District budget", 350000, 100000, 100000, 150000],
        ["Welfare lottery fund", 100000, 30000, 30000, 40000],
        ["Total", 450000, 130000, 130000, 190000],
    ]
    assert sheet.cell(6, 2).number_format == "#,##0.00"


@pytest.mark.parametrize(
    "key,header,first",
    [
        ("by_field", "Service field", None),
        ("posts", "Service field", None),
        ("by_status", "Status", ["Published", 1, 800000]),
        ("overdue", "Procedure step", ["Bid deadline passed, bids not opened", 1]),
    ],
)
def test_each_table_is_an_xlsx_download(mworld, client, key, header, first):
    client.force_login(mworld["officer"])
    sheet = _workbook(client, key, year=2026)
    rows = _rows(sheet)
    assert rows[4][0] == header
    if first:
        assert rows[5][: len(first)] == first


def test_a_district_officer_cannot_export_another_district(mworld, client):
    client.force_login(mworld["officer"])
    response = client.post(
        reverse("reports:money_export", args=["by_source"]),
        {"area": mworld["tree"]["luohu"].pk, "year": 2026},
    )
    # The form refuses Luohu, on the page, and no job starts.
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()
