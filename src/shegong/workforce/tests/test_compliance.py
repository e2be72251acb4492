"""Issue 4, point 6: the compliance dashboard per organisation, district and city. Each figure
is checked against a small world built through the services, at the edges of its rule, through
the page a user opens; each figure's link opens the records behind it; the export is an XLSX
file; scopes and the number of queries are bounded."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from shegong.core.models import Job
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.workforce import compliance, services
from shegong.workforce.models import InsuranceContribution, PayRecord

from . import data
from .paydata import grade, guidance

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 10)
URL = "/workforce/compliance/"


def _credentialed(area, org, level="intermediate", valid_until=date(2027, 12, 31)):
    """A person certified on 2024-01-01 and registered from 2025-01-01 (fixed dates, so that
    the figures on ``ON`` do not depend on the day the tests run)."""
    who = data.person(area, org)
    cert = data.certificate(who, level, issued=date(2024, 1, 1))
    data.registration(who, cert, valid_from=date(2025, 1, 1), valid_until=valid_until)
    return who


def _pay(employment, month, g, base="3000.00"):
    return create_record(
        None,
        PayRecord,
        {
            "employment": employment,
            "month": month,
            "grade": g,
            "step": 1,
            "base": Decimal(base),
            "post": Decimal("1500.00"),
            "performance": Decimal("500.00"),
        },
    )


def _insurance(employment, month, due, paid_on, paid):
    return create_record(
        None,
        InsuranceContribution,
        {
            "employment": employment,
            "month": month,
            "base": Decimal("5000.00"),
            "employer_share": Decimal("700.00"),
            "employee_share": Decimal("300.00"),
            "due_date": due,
            "paid_on": paid_on,
            "amount_paid": Decimal(paid),
        },
    )


@pytest.fixture
def world(tree):
    """Futian's organisation A has four designated posts: one held by a credentialed worker,
    one by a worker whose registration ends on ``ON`` (still credentialed that day), one by a
    worker whose registration ended the day before (flagged), one by existing staff with a
    certificate one level too low under a conversion plan due the day before (overdue), and
    one vacant; pay below the floor once in the period and once before it; insurance paid
    late, and paid short. Luohu's organisation B is in order."""
    futian, luohu = tree["futian"], tree["luohu"]
    org_a = factories.organisation(futian, "甲社工服务中心")
    org_b = factories.organisation(luohu, "乙社工服务中心")
    designated = data.post_type(level="intermediate")
    start = date(2025, 1, 1)

    def hire(org, who, kind="new_hire", **plan):
        return services.hire(None, who, data.post(org, designated), start, kind, **plan)

    ok = hire(org_a, _credentialed(futian, org_a))
    ends_today = hire(org_a, _credentialed(futian, org_a, "senior", valid_until=ON))
    ended = hire(org_a, _credentialed(futian, org_a, valid_until=ON - timedelta(days=1)))
    staff = _credentialed(futian, org_a, level="assistant")
    converted = hire(
        org_a,
        staff,
        "conversion",
        training_batch="2026-1",
        exam_year=2026,
        deadline=ON - timedelta(days=1),
    )
    data.post(org_a, designated)  # vacant
    clean = hire(org_b, _credentialed(luohu, org_b))

    g = grade(1)
    guidance(g, year=2026)  # floor 5,000.00 a month
    _pay(ok, date(2026, 3, 1), g, base="2999.99")  # one cent below, in the period
    _pay(ok, date(2026, 4, 1), g)  # exactly at the floor
    _pay(ok, date(2025, 5, 1), g, base="1000.00")  # below, but before the period
    _pay(clean, date(2026, 3, 1), g)
    _insurance(ok, date(2026, 3, 1), date(2026, 3, 15), date(2026, 3, 16), "1000.00")  # late
    _insurance(ok, date(2026, 4, 1), date(2026, 4, 15), date(2026, 4, 15), "999.99")  # short
    _insurance(clean, date(2026, 3, 1), date(2026, 3, 15), date(2026, 3, 15), "1000.00")
    return {
        "tree": tree,
        "a": org_a,
        "b": org_b,
        "ok": ok,
        "ends_today": ends_today,
        "ended": ended,
        "converted": converted,
        "clean": clean,
        "city": factories.user(role="city_officer", scope=tree["city"]),
    }


def _board(user, **kw):
    return compliance.dashboard(
        user, on=ON, month_from=date(2026, 1, 1), month_to=date(2026, 6, 1), **kw
    )


def _row(board, key):
    return next(r for r in board.rows if r.key == key)


def test_city_figures_by_district_at_the_edges_of_each_rule(world):
    board = _board(world["city"])
    futian = _row(board, world["tree"]["futian"].pk)
    v = futian.values
    assert v["designated_posts"] == 5
    assert v["designated_vacant"] == 1
    assert v["designated_filled"] == 4
    # credentialed: ok and the registration ending today; not the one ended yesterday, not the
    # assistant certificate in an intermediate post
    assert v["credentialed"] == 2
    assert futian.rate == Decimal("50.0")
    assert v["flagged"] == 1  # the ended registration; the converted worker has a plan
    assert (v["plans_open"], v["plans_overdue"]) == (1, 1)
    assert (v["pay_records"], v["pay_below"]) == (2, 1)
    assert (v["insurance_records"], v["insurance_late"], v["insurance_short"]) == (2, 1, 1)
    assert futian.arrears == Decimal("0.01")
    luohu = _row(board, world["tree"]["luohu"].pk)
    assert luohu.rate == Decimal("100.0")
    assert luohu.problems == 0
    assert board.total.values["designated_filled"] == 5
    assert board.total.rate == Decimal("60.0")


def test_a_plan_due_today_is_not_overdue(world):
    board = _board(world["city"], organisation=world["a"])
    assert board.rows[0].values["plans_overdue"] == 1
    board = compliance.dashboard(world["city"], on=ON - timedelta(days=1), organisation=world["a"])
    assert board.rows[0].values["plans_overdue"] == 0


def test_a_cancelled_registration_counts_at_once(world):
    from shegong.registry.services import registrations

    registration = world["ok"].person.registrations.get()
    registrations.cancel(None, registration, reason="moved away")
    board = _board(world["city"], organisation=world["a"])
    assert board.rows[0].values["credentialed"] == 1


def test_district_officer_and_organisation_administrator_see_only_their_own(world, client):
    tree = world["tree"]
    officer = factories.user(role="district_officer", scope=tree["luohu"])
    board = _board(officer)
    assert compliance.default_grouping(officer) == compliance.Grouping.ORGANISATION
    assert [r.key for r in _board(officer, grouping="organisation").rows] == [world["b"].pk]
    assert board.total.values["designated_filled"] == 1
    admin = factories.user(role="org_admin", scope=world["a"])
    client.force_login(admin)
    page = client.get(URL, {"on": ON.isoformat()}).content.decode()
    assert "甲社工服务中心" in page and "乙社工服务中心" not in page


@pytest.mark.parametrize("role", ["social_worker", "field_officer", None])
def test_roles_without_pay_access_get_no_dashboard(world, client, role):
    scope = world["tree"]["futian"] if role == "field_officer" else None
    client.force_login(factories.user(role=role, scope=scope))
    assert client.get(URL).status_code == 403
    assert client.post(URL + "export/").status_code == 403
    assert URL not in client.get("/").content.decode()


def _cell(page, figure, key=None):
    row = page if key is None else page[page.index(f'data-key="{key}"') :]
    match = re.search(rf'data-figure="{figure}">(.*?)</td>', row, re.S)
    return match.group(1)


def test_the_page_links_each_figure_to_the_records_behind_it(world, client):
    client.force_login(world["city"])
    query = {"on": ON.isoformat(), "month_from": "2026-01-01", "month_to": "2026-06-01"}
    page = client.get(URL, {**query, "grouping": "organisation"}).content.decode()
    key = world["a"].pk
    assert "50.0" in _cell(page, "rate", key)

    def follow(figure):
        href = re.search(r'href="([^"]+)"', _cell(page, figure, key)).group(1)
        listing = client.get(href.replace("&amp;", "&")).content.decode()
        return listing[listing.index('id="record-table"') :]

    uncredentialed = follow("rate")
    names = {e.person.name for e in (world["ended"], world["converted"])}
    assert all(name in uncredentialed for name in names)
    # on the dashboard's day, not today: the registration ending that day still counts
    assert world["ends_today"].person.name not in uncredentialed
    assert world["ok"].person.name not in uncredentialed
    flagged = follow("flagged")
    assert world["ended"].person.name in flagged
    assert world["converted"].person.name not in flagged
    assert world["converted"].person.name in follow("plans_overdue")
    pay_page = follow("pay_below")
    assert 'id="record-count">1 record<' in pay_page  # not the one before the period
    assert world["ok"].person.name in follow("insurance_short")


def test_district_rows_open_their_organisations(world, client):
    client.force_login(world["city"])
    page = client.get(URL, {"on": ON.isoformat()}).content.decode()
    assert f'href="?district={world["tree"]["futian"].pk}&amp;grouping=organisation"' in page
    page = client.get(
        URL, {"on": ON.isoformat(), "district": world["tree"]["futian"].pk}
    ).content.decode()
    assert "甲社工服务中心" in page and "乙社工服务中心" not in page


def test_a_month_range_the_wrong_way_round_is_refused_with_a_message(world, client):
    client.force_login(world["city"])
    response = client.get(URL, {"month_from": "2026-05-01", "month_to": "2026-01-01"})
    assert response.status_code == 200
    assert "The end month is before the start month." in response.content.decode()


def test_the_export_is_an_xlsx_file_with_every_figure(world, client):
    client.force_login(world["city"])
    response = client.post(
        URL + "export/",
        {
            "grouping": "organisation",
            "on": ON.isoformat(),
            "month_from": "2026-01-01",
            "month_to": "2026-06-01",
        },
    )
    job = Job.objects.get()
    assert response["Location"] == f"/platform/jobs/{job.pk}/"
    assert job.status == "done", job.errors
    download = client.get(f"/platform/jobs/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.values)
    header = rows[2]
    assert header[0] == "Organisation"
    assert "Credentialed-staffing rate (%)" in header
    a = next(r for r in rows if r[0] == "甲社工服务中心")
    assert a[header.index("Credentialed-staffing rate (%)")] == 50.0
    assert a[header.index("Insurance arrears (yuan)")] == 0.01
    assert rows[-1][0] == "Total"


def test_the_number_of_queries_does_not_grow_with_the_organisations(world, client):
    client.force_login(world["city"])
    with CaptureQueriesContext(connection) as before:
        client.get(URL, {"on": ON.isoformat(), "grouping": "organisation"})
    designated = data.post_type(level="intermediate")
    for i in range(4):
        org = factories.organisation(world["tree"]["luohu"], f"新机构{i}")
        services.hire(
            None,
            _credentialed(world["tree"]["luohu"], org),
            data.post(org, designated),
            date(2025, 1, 1),
            "new_hire",
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get(URL, {"on": ON.isoformat(), "grouping": "organisation"})
    assert "新机构3" in page.content.decode()
    assert len(after) == len(before)


API = "/api/v1/workforce/compliance/"


def test_the_api_gives_the_same_figures(world, client):
    client.force_login(world["city"])
    response = client.get(
        API,
        {
            "on": ON.isoformat(),
            "month_from": "2026-01-01",
            "month_to": "2026-06-01",
            "grouping": "organisation",
        },
    )
    assert response.status_code == 200
    body = response.json()
    a = next(r for r in body["rows"] if r["key"] == world["a"].pk)
    assert (a["rate"], a["flagged"], a["plans_overdue"], a["pay_below"]) == ("50.0", 1, 1, 1)
    assert (a["insurance_late"], a["insurance_short"], a["arrears"]) == (1, 1, "0.01")
    assert body["total"]["designated_filled"] == 5


def test_the_api_refuses_bad_input_with_a_message_per_field(world, client):
    officer = factories.user(role="district_officer", scope=world["tree"]["luohu"])
    client.force_login(officer)
    response = client.get(API, {"organisation": world["a"].pk})
    assert response.status_code == 400
    assert response.json()["organisation"] == ["Not found, or not yours to see."]
    response = client.get(API, {"month_from": "2026-05-01", "month_to": "2026-01-01"})
    assert response.status_code == 400
    assert response.json()["month_to"] == ["The end month is before the start month."]
    client.force_login(factories.user(role="social_worker"))
    assert client.get(API).status_code == 403
    client.logout()
    assert client.get(API).status_code in (401, 403)


def test_the_staffing_gap_by_organisation_in_the_api(world, client):
    from shegong.workforce.choices import StandardBasis

    designated = world["ok"].post.post_type
    data.standard(designated, StandardBasis.SERVED_PEOPLE, 100)
    data.unit(world["tree"]["futian"], organisation=world["a"], served_people=1000)
    client.force_login(world["city"])
    rows = client.get("/api/v1/workforce/staffing-gap/", {"by": "organisation"}).json()
    a = next(r for r in rows if r["key"] == world["a"].pk)
    assert (a["required"], a["posts"], a["gap"]) == (10, 5, 5)
    assert client.get("/api/v1/workforce/staffing-gap/", {"by": "nonsense"}).status_code == 400


def test_the_gap_applies_only_where_a_standard_calls_for_posts(world):
    from shegong.workforce.choices import StandardBasis

    designated = world["ok"].post.post_type
    data.standard(designated, StandardBasis.SERVED_PEOPLE, 100)
    data.unit(world["tree"]["futian"], served_people=700)  # a unit of no organisation
    board = _board(world["city"], grouping="organisation")
    a = _row(board, world["a"].pk)
    assert a.gap is None  # posts, but no unit of A calls for any: not "too many"
    loose = _row(board, None)
    assert loose.label == "Service units of no organisation"
    assert (loose.values["required"], loose.gap) == (7, 7)
    assert board.total.gap == board.total.values["required"] - board.total.values["posts"]


def test_a_district_filter_keeps_the_row_of_units_of_no_organisation(world, client):
    """Issue 12, defect 4: filtered by district, the dashboard dropped the row of the service
    units that belong to no organisation, so a district officer read required 0, posts 40,
    gap −40 where the staffing-gap page and the city's row said 105 / 40 / 65. The row stays,
    with that district's units only."""
    from shegong.workforce.choices import StandardBasis

    tree = world["tree"]
    futian, luohu = tree["futian"], tree["luohu"]
    designated = world["ok"].post.post_type
    data.standard(designated, StandardBasis.SERVED_PEOPLE, 100)
    data.unit(futian, organisation=world["a"], served_people=1000)  # A calls for 10
    data.unit(futian, served_people=3000)  # no organisation, Futian: 30
    data.unit(luohu, served_people=2000)  # no organisation, Luohu: 20

    # The city's rows (by district) and the staffing-gap page: Futian 40 / 5 / 35, Luohu 20 / 1 / 19
    city = _board(world["city"])
    assert _figures(_row(city, futian.pk)) == (40, 5, 35)
    assert _figures(_row(city, luohu.pk)) == (20, 1, 19)
    client.force_login(world["city"])
    gap_rows = client.get("/api/v1/workforce/staffing-gap/", {"by": "district"}).json()
    futian_gap = next(r for r in gap_rows if r["key"] == futian.pk)
    assert (futian_gap["required"], futian_gap["posts"], futian_gap["gap"]) == (40, 5, 35)

    # Filtered by district (rows by organisation): the same totals, and the units' own row
    board = _board(world["city"], grouping="organisation", district=futian)
    assert _figures(board.total) == (40, 5, 35)
    assert _figures(_row(board, world["a"].pk)) == (10, 5, 5)
    loose = _row(board, None)
    assert loose.label == "Service units of no organisation"
    assert _figures(loose) == (30, 0, 30)
    board = _board(world["city"], grouping="organisation", district=luohu)
    assert _figures(board.total) == (20, 1, 19)
    assert _figures(_row(board, None)) == (20, 0, 20)

    # The district officer, who sees the dashboard by organisation and filters their district
    officer = factories.user(role="district_officer", scope=futian)
    assert _figures(_board(officer, grouping="organisation", district=futian).total) == (
        40,
        5,
        35,
    )
    assert _figures(_board(officer, grouping="organisation").total) == (40, 5, 35)
    client.force_login(officer)
    page = client.get(URL, {"district": futian.pk, "on": ON.isoformat()}).content.decode()
    assert "Service units of no organisation" in page


def _figures(row) -> tuple:
    return (row.values["required"], row.values["posts"], row.gap)
