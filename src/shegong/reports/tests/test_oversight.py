"""The oversight dashboard (issue 15, point 7; FIN-5, ORG-3, ORG-5): the figures of two
districts and the city (expected values written out, see ``oversight_data``), the links to the
records behind them, who sees what, and the XLSX exports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.core.models import Job
from shegong.inspections.models import Sanction
from shegong.reports import oversight

from .oversight_data import TODAY, cworld, dworld, field, oworld, world

pytestmark = pytest.mark.django_db
__all__ = ["cworld", "dworld", "oworld", "world"]


def figures(table) -> dict:
    return {label: [cell.value for cell in cells] for label, cells in table.rows}


def scope(w, user, area, year=2026, today=TODAY):
    return oversight.Scope(w[user], w["tree"][area], year, today=today)


def names():
    """The tests run in English: the fields' English names."""
    return field("01").name_en, field("02").name_en


def totals(table) -> list:
    return [cell.value for cell in table.total]


# --- Organisations by grade (ORG-3) ------------------------------------------------------------
# Columns: 1A, 2A, 3A, 4A, 5A, no grade.


def test_organisations_by_grade_of_each_district(dworld):
    f01, f02 = names()
    futian = oversight.by_grade(scope(dworld, "officer", "futian"))
    # The second centre's 1A is published on 1 August: no grade on 15 July.
    assert figures(futian) == {f01: [0, 0, 1, 0, 0, 0], f02: [0, 0, 0, 0, 0, 1]}
    assert totals(futian) == [0, 0, 1, 0, 0, 1]
    luohu = oversight.by_grade(scope(dworld, "luohu_officer", "luohu"))
    assert figures(luohu) == {f01: [0, 0, 0, 0, 1, 0], f02: [0, 0, 0, 0, 1, 0]}
    # Luohu's centre is in two fields: counted in each, once in the total.
    assert totals(luohu) == [0, 0, 0, 0, 1, 0]


def test_organisations_by_grade_of_the_city_and_on_the_first_day_of_a_grade(dworld):
    f01, f02 = names()
    city = oversight.by_grade(scope(dworld, "city_officer", "city"))
    assert figures(city) == {f01: [0, 0, 1, 0, 1, 0], f02: [0, 0, 0, 0, 1, 1]}
    assert totals(city) == [0, 0, 1, 0, 1, 1]
    august = oversight.by_grade(scope(dworld, "officer", "futian", today=date(2026, 8, 1)))
    assert figures(august)[f02] == [1, 0, 0, 0, 0, 0]
    july = oversight.by_grade(scope(dworld, "officer", "futian", today=date(2026, 7, 31)))
    assert figures(july)[f02] == [0, 0, 0, 0, 0, 1]


# --- Visits against the sampling rule and ratings (FIN-5) -----------------------------------------
# Visits columns: running contracts, visits needed, drawn, visited.


def test_visits_against_the_30_percent_rule(dworld):
    futian = oversight.visits(scope(dworld, "officer", "futian"))
    assert figures(futian) == {"福田区": [1, 1, 0, 1]} and futian.total is None
    luohu = oversight.visits(scope(dworld, "luohu_officer", "luohu"))
    assert figures(luohu) == {"罗湖区": [1, 1, 0, 0]}
    assert luohu.rows[0][1][3].alert  # fewer visited than needed
    city = oversight.visits(scope(dworld, "city_officer", "city"))
    assert figures(city) == {"罗湖区": [1, 1, 0, 0], "福田区": [1, 1, 0, 1]}
    assert totals(city) == [2, 2, 0, 1]


def test_ratings_of_the_year(dworld):
    # Columns: excellent, good, competent, basically competent, not competent.
    futian = oversight.ratings(scope(dworld, "officer", "futian"))
    assert figures(futian) == {"福田区": [0, 1, 0, 0, 0]}
    city = oversight.ratings(scope(dworld, "city_officer", "city"))
    assert figures(city) == {"罗湖区": [0, 0, 0, 0, 1], "福田区": [0, 1, 0, 0, 0]}
    assert totals(city) == [0, 1, 0, 0, 1]
    # Luohu's December 2025 "excellent" counts in 2025.
    assert figures(oversight.ratings(scope(dworld, "luohu_officer", "luohu", 2025))) == {
        "罗湖区": [1, 0, 0, 0, 0]
    }


# --- Overdue reports, audit actions, rectification orders (FIN-5, ORG-5) --------------------

LATE, ACTIONS, ORDERS = (
    "Annual work reports of 2025 late",
    "Audit actions overdue",
    "Rectification orders overdue",
)


def test_overdue_of_each_district_and_the_city(dworld):
    futian = oversight.overdue(scope(dworld, "officer", "futian"))
    assert figures(futian) == {LATE: [2], ACTIONS: [1], ORDERS: [1]}
    luohu = oversight.overdue(scope(dworld, "luohu_officer", "luohu"))
    # Luohu's order is due today (not yet overdue); its action done before its deadline.
    assert figures(luohu) == {LATE: [1], ACTIONS: [1], ORDERS: [0]}
    city = oversight.overdue(scope(dworld, "city_officer", "city"))
    assert figures(city) == {LATE: [3], ACTIONS: [2], ORDERS: [1]}


def test_overdue_the_day_after_the_deadline(dworld):
    # 16 July: Futian's action due 15 July and Luohu's order due 15 July are overdue.
    city = oversight.overdue(scope(dworld, "city_officer", "city", today=date(2026, 7, 16)))
    assert figures(city) == {LATE: [3], ACTIONS: [3], ORDERS: [2]}


# --- Links to the records ------------------------------------------------------------------------


def _rows_of(page) -> str:
    return page.content.decode().split("<tbody")[1].split("</tbody>")[0]


def test_each_overdue_figure_opens_its_filtered_list(dworld, client):
    w = dworld
    client.force_login(w["city_officer"])
    table = oversight.overdue(scope(w, "city_officer", "futian"))
    futian = w["tree"]["futian"].pk
    orders = dict(table.rows)[ORDERS][0].url
    assert orders == (
        f"{reverse('inspections:sanction_list')}?overdue_on=2026-07-15&district={futian}"
    )
    rows = _rows_of(client.get(orders))
    assert "深福民罚〔2026〕1号" in rows and "深罗民罚〔2026〕1号" not in rows
    city = oversight.overdue(scope(w, "city_officer", "city"))
    rows = _rows_of(client.get(dict(city.rows)[ORDERS][0].url))
    assert rows.count("<tr") == 1  # Luohu's, due today, is not listed
    actions = dict(table.rows)[ACTIONS][0].url
    assert "overdue_on=2026-07-15" in actions and f"buyer_area={futian}" in actions
    assert _rows_of(client.get(actions)).count("<tr") == 1


def test_the_sanction_filter_is_the_dashboards_query(dworld):
    from shegong.inspections.filtersets import SanctionFilterSet

    found = SanctionFilterSet({"overdue_on": "2026-07-16"}, queryset=Sanction.objects.all()).qs
    assert found.count() == 2
    found = SanctionFilterSet({"overdue_on": "2026-07-10"}, queryset=Sanction.objects.all()).qs
    assert found.count() == 0  # Futian's deadline day itself is not overdue


def test_visit_and_rating_figures_link_to_their_lists(dworld, client):
    w = dworld
    client.force_login(w["officer"])
    visits = oversight.visits(scope(w, "officer", "futian"))
    done = visits.rows[0][1][3].url
    assert done == (
        f"{reverse('oversight:visit_list')}?buyer={w['tree']['futian'].pk}&status=done"
        "&visited_in=2026&first_of_year=true"
    )
    assert client.get(done).status_code == 200
    grades = oversight.by_grade(scope(w, "officer", "futian"))
    three_a = grades.rows[0][1][2].url
    assert "held_on=2026-07-15&held_grade=3A" in three_a
    assert "福田社工服务中心" in _rows_of(client.get(three_a))


# --- Who sees what -------------------------------------------------------------------------------


def test_a_district_officer_sees_only_their_district(dworld, client):
    w = dworld
    client.force_login(w["officer"])
    page = client.get(reverse("reports:oversight"), {"year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "福田区" in text and "罗湖区" not in text
    refused = client.get(
        reverse("reports:oversight"), {"year": 2026, "area": w["tree"]["luohu"].pk}
    )
    assert refused.status_code == 400
    assert "罗湖区" not in refused.content.decode().split("</form>", 1)[1]
    assert "Select a valid choice" in refused.content.decode()
    export = client.post(
        reverse("reports:oversight_export", args=["visits"]),
        {"area": w["tree"]["luohu"].pk, "year": 2026},
    )
    assert export.status_code == 400 and not Job.objects.exists()


def test_the_city_sees_every_district_with_a_district_filter(dworld, client):
    w = dworld
    client.force_login(w["city_officer"])
    whole = client.get(reverse("reports:oversight"), {"year": 2026})
    assert whole.status_code == 200
    text = whole.content.decode()
    assert "福田区" in text and "罗湖区" in text
    assert f'<option value="{w["tree"]["luohu"].pk}"' in text
    luohu = client.get(reverse("reports:oversight"), {"year": 2026, "area": w["tree"]["luohu"].pk})
    assert luohu.status_code == 200


@pytest.mark.parametrize("user", ["org_admin", "futian_admin", None])
def test_an_organisation_admin_or_a_visitor_sees_no_dashboard(dworld, client, user):
    if user:
        client.force_login(dworld[user])
    page = client.get(reverse("reports:oversight"))
    assert page.status_code == (403 if user else 302)
    export = client.post(reverse("reports:oversight_export", args=["visits"]))
    assert export.status_code == (403 if user else 302)
    assert not Job.objects.exists()


def test_the_menu_has_the_dashboard_for_officials_only(dworld, client):
    client.force_login(dworld["officer"])
    home = client.get(reverse("reports:money")).content.decode()
    assert reverse("reports:oversight") in home
    client.force_login(dworld["futian_admin"])
    assert reverse("reports:oversight") not in client.get("/").content.decode()


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
    response = client.post(reverse("reports:oversight_export", args=[key]), data)
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == "done", job.error
    download = client.get(reverse("core:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content) if download.streaming else download.content
    return load_workbook(io.BytesIO(content)).active


def test_the_xlsx_of_the_visits_has_the_pages_figures(dworld, client):
    client.force_login(dworld["city_officer"])
    rows = _rows(_workbook(client, "visits", area=dworld["tree"]["city"].pk, year=2026))
    assert rows[0] == ["Visits against the sampling rule"]
    assert rows[1][:4] == ["Area", "深圳市", "Year", 2026]
    assert rows[4] == ["District", "Running contracts", "Visits needed", "Drawn", "Visited"]
    assert rows[5:] == [["罗湖区", 1, 1, 0, 0], ["福田区", 1, 1, 0, 1], ["Total", 2, 2, 0, 1]]


@pytest.mark.parametrize(
    "key,header,first",
    [
        ("grades", "Service field", None),
        ("ratings", "District", ["福田区", 0, 1, 0, 0, 0]),
        ("overdue", "Record", None),
    ],
)
def test_each_table_is_an_xlsx_download(dworld, client, key, header, first):
    client.force_login(dworld["officer"])
    rows = _rows(_workbook(client, key, year=2026))
    assert rows[4][0] == header
    if first:
        assert rows[5] == first


# --- One service field (every table) -------------------------------------------------------------
# Luohu's contract is moved to field 02 (its plan item's field): Futian's contract is of field
# 01, Luohu's of field 02. Organisations: 福田社工服务中心 01; 福田第二社工中心 02; 罗湖社工服务中心
# 01 and 02.


def _luohu_contract_in_field_02(w):
    from shegong.procurement.models import PlanItem

    item = w["contract_luohu"].procurement.plan_item_id
    PlanItem.objects.filter(pk=item).update(field=field("02"))


def field_scope(w, user, area, code, today=TODAY):
    return oversight.Scope(w[user], w["tree"][area], 2026, today=today, service_field=field(code))


def test_every_table_counts_one_service_field_across_two_districts(dworld):
    w = dworld
    _luohu_contract_in_field_02(w)
    f01, f02 = names()
    one = field_scope(w, "city_officer", "city", "01")
    two = field_scope(w, "city_officer", "city", "02")
    # Grades: only the field's row, no total (the row is the field's count).
    assert figures(oversight.by_grade(one)) == {f01: [0, 0, 1, 0, 1, 0]}
    assert figures(oversight.by_grade(two)) == {f02: [0, 0, 0, 0, 1, 1]}
    assert oversight.by_grade(two).total is None
    # Visits: running, needed, drawn, visited (Futian's contract visited, of field 01).
    assert figures(oversight.visits(one)) == {"罗湖区": [0, 0, 0, 0], "福田区": [1, 1, 0, 1]}
    assert figures(oversight.visits(two)) == {"罗湖区": [1, 1, 0, 0], "福田区": [0, 0, 0, 0]}
    assert totals(oversight.visits(two)) == [1, 1, 0, 0]
    # Ratings: excellent, good, competent, basically competent, not competent.
    assert figures(oversight.ratings(one)) == {"罗湖区": [0, 0, 0, 0, 0], "福田区": [0, 1, 0, 0, 0]}
    assert figures(oversight.ratings(two)) == {"罗湖区": [0, 0, 0, 0, 1], "福田区": [0, 0, 0, 0, 0]}
    # Overdue: late reports of the field's organisations, actions of its contracts' audits,
    # orders on its organisations.
    assert figures(oversight.overdue(one)) == {LATE: [2], ACTIONS: [1], ORDERS: [1]}
    assert figures(oversight.overdue(two)) == {LATE: [2], ACTIONS: [1], ORDERS: [0]}
    futian_two = field_scope(w, "officer", "futian", "02")
    assert figures(oversight.overdue(futian_two)) == {LATE: [1], ACTIONS: [0], ORDERS: [0]}
    assert figures(oversight.visits(futian_two)) == {"福田区": [0, 0, 0, 0]}
    luohu_two = field_scope(w, "luohu_officer", "luohu", "02", today=date(2026, 7, 16))
    # 16 July: Luohu's order (deadline 15 July) is overdue, its organisation is of field 02.
    assert figures(oversight.overdue(luohu_two)) == {LATE: [1], ACTIONS: [1], ORDERS: [1]}


def test_the_page_has_a_field_filter_and_counts_that_field(dworld, client):
    w = dworld
    _luohu_contract_in_field_02(w)
    client.force_login(w["city_officer"])
    page = client.get(reverse("reports:oversight"), {"year": 2026, "field": field("02").pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="field"' in html and f'value="{field("02").pk}" selected' in html
    assert f'<input type="hidden" name="field" value="{field("02").pk}">' in html
    bad = client.get(reverse("reports:oversight"), {"year": 2026, "field": "999999"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()


# --- Every figure opens a list of exactly its records --------------------------------------------

COUNT_RE = r'id="(?:record|late)-count">(?:about )?(\d+)'


def _listed(client, url) -> int:
    import re

    page = client.get(url)
    assert page.status_code == 200, url
    found = re.search(COUNT_RE, page.content.decode())
    assert found, url
    return int(found.group(1))


@pytest.mark.parametrize(
    ("area", "code", "today"),
    [
        ("city", None, TODAY),
        ("futian", None, TODAY),
        ("city", "01", TODAY),
        ("luohu", "02", date(2026, 7, 16)),
    ],
)
def test_each_figure_opens_a_list_that_counts_the_same(dworld, client, area, code, today):
    w = dworld
    _luohu_contract_in_field_02(w)
    client.force_login(w["city_officer"])
    chosen = field(code) if code else None
    shown = oversight.dashboard(
        oversight.Scope(w["city_officer"], w["tree"][area], 2026, today, service_field=chosen)
    )
    followed = 0
    for table in shown:
        for label, cells in table.rows:
            for cell in cells:
                if cell.url:
                    assert _listed(client, cell.url) == cell.value, (table.key, label, cell.url)
                    followed += 1
    # Grades (5 per field row with a field), visits (3 per district), ratings (5 per
    # district), overdue (3).
    expected = {
        ("city", None): 5 * 2 + 3 * 2 + 5 * 2 + 3,
        ("futian", None): 5 * 2 + 3 + 5 + 3,
        ("city", "01"): 5 + 3 * 2 + 5 * 2 + 3,
        ("luohu", "02"): 5 + 3 + 5 + 3,
    }[(area, code)]
    assert followed == expected
