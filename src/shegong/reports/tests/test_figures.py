"""GOV-1: the leadership's figures, each at the edges of its rule, over two districts with an
organisation each; a district officer sees only their district; the overview page shows the
numbers and its XLSX downloads hold the same ones; the report job makes an XLSX and a PDF.

The world is the compliance dashboard's (``workforce/tests/test_compliance.py``): Futian's
organisation A with four designated posts held (two by credentialed staff), Luohu's B with
one, held by credentialed staff; every holder registered from 2025-01-01."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shegong.core.models import Job, JobStatus
from shegong.core.testing import factories
from shegong.education.tests import data as edu
from shegong.reports import figures
from shegong.reports.figures import FIGURES, Scope
from shegong.workforce.tests import data
from shegong.workforce.tests.test_compliance import ON

pytestmark = pytest.mark.django_db

D = Decimal


def _table(key, user, area, on=ON):
    return FIGURES[key].compute(Scope.of(user, area, on))


def _officer(tree, district):
    return factories.user(role="district_officer", scope=tree[district])


def _registered(area, level, valid_from):
    who = data.person(area)
    cert = data.certificate(who, level, issued=date(2020, 1, 1))
    data.registration(
        who, cert, valid_from=valid_from, valid_until=valid_from + timedelta(days=1000)
    )


def test_registrations_by_level_and_year(world):
    tree = world["tree"]
    futian = tree["futian"]
    _registered(futian, "assistant", date(2022, 1, 1))  # first day of the first year shown
    _registered(futian, "assistant", date(2021, 12, 31))  # the day before: not shown
    _registered(futian, "senior", ON)  # on the day: counted
    _registered(futian, "senior", ON + timedelta(days=1))  # after the day: not counted
    table = _table("registrations", world["city"], tree["city"])
    assert table.columns == [
        "Assistant Social Worker",
        "Social Worker",
        "Senior Social Worker",
        "Total",
    ]
    assert table.rows == [
        ("2022", [1, 0, 0, 1]),
        ("2023", [0, 0, 0, 0]),
        ("2024", [0, 0, 0, 0]),
        ("2025", [1, 3, 1, 5]),
        ("2026", [0, 0, 1, 1]),
    ]
    assert table.total == [2, 3, 2, 7]
    luohu = _table("registrations", _officer(tree, "luohu"), tree["luohu"])
    assert luohu.rows[3] == ("2025", [0, 1, 0, 1])
    assert luohu.total == [0, 1, 0, 1]


def test_credentialed_staffing_and_pay_by_district_for_the_city(world):
    tree = world["tree"]
    table = _table("credentialed", world["city"], tree["city"])
    assert table.label == "District"
    assert table.rows == [("福田区", [4, 2, D("50.0")]), ("罗湖区", [1, 1, D("100.0")])]
    assert table.total == [5, 3, D("60.0")]
    pay = _table("pay", world["city"], tree["city"])
    # the months 2025-07 to 2026-06: Futian's pay of 2025-05 is before them
    assert pay.rows == [("福田区", [2, 1, 2, 1, 1]), ("罗湖区", [1, 0, 1, 0, 0])]
    assert pay.total == [3, 1, 3, 1, 1]


def test_a_district_officer_sees_their_district_by_organisation(world):
    tree = world["tree"]
    officer = _officer(tree, "luohu")
    assert [a.name for a in figures.areas_for(officer)] == ["罗湖区"]
    table = _table("credentialed", officer, tree["luohu"])
    assert table.label == "Organisation"
    assert table.rows == [("乙社工服务中心", [1, 1, D("100.0")])]
    # the city, asked for by name, still counts only what the officer may see
    city = _table("credentialed", officer, tree["city"])
    assert city.total == [1, 1, D("100.0")]


def test_cpd_compliance_per_rule(world):
    tree = world["tree"]
    rule = edu.rule(
        name="每年继续教育",
        required_assistant=D("15"),
        required_intermediate=D("15"),
        required_senior=D("15"),
    )
    edu.record(world["ok"].person, date(2026, 2, 1), days=15)  # exactly enough
    edu.record(world["ends_today"].person, date(2026, 2, 1), days="14.5")  # half a day short
    edu.record(world["clean"].person, date(2025, 12, 31), days=15)  # last year's: short
    rows = dict(_table("cpd", world["city"], tree["city"]).rows)
    # the five certified people of the world; one meets the rule
    assert rows[str(rule)] == [5, 1, 4, D("20.0")]
    futian = dict(_table("cpd", _officer(tree, "futian"), tree["futian"]).rows)
    assert futian[str(rule)] == [4, 1, 3, D("25.0")]
    luohu = dict(_table("cpd", _officer(tree, "luohu"), tree["luohu"]).rows)
    assert luohu[str(rule)] == [1, 0, 1, D("0.0")]


def test_the_overview_and_its_xlsx_downloads_show_the_same_numbers(world, client):
    tree = world["tree"]
    client.force_login(world["city"])
    page = client.get("/statistics/")
    assert page.status_code == 200
    html = page.content.decode()
    for figure in FIGURES.values():
        assert f'id="chart-data-{figure.key}" type="application/json"' in html
        assert f"/statistics/figures/{figure.key}/xlsx/?area={tree['city'].pk}" in html
    assert "vendor/chartjs-4.6.2/chart.umd.js" in html
    # the figures are counted on today: the world's rows, with today's rate
    response = client.get(f"/statistics/figures/credentialed/xlsx/?area={tree['luohu'].pk}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Credentialed-staffing rate"
    assert rows[1][:2] == ("Area", "罗湖区")
    assert rows[4][:4] == (
        "Organisation",
        "Designated posts held",
        "Held by credentialed staff",
        "Rate (%)",
    )
    assert rows[5][:4] == ("乙社工服务中心", 1, 1, 100)
    assert rows[6][:4] == ("Total", 1, 1, 100)


def test_a_district_officer_cannot_choose_another_district(world, client):
    tree = world["tree"]
    client.force_login(_officer(tree, "luohu"))
    page = client.get("/statistics/", {"area": tree["futian"].pk}).content.decode()
    assert "罗湖区" in page and "甲社工服务中心" not in page
    assert client.get("/statistics/figures/nothing/xlsx/").status_code == 404


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_an_area_that_is_no_choice_says_so_and_shows_the_own_area(world, client, value):
    client.force_login(_officer(world["tree"], "luohu"))
    page = client.get("/statistics/", {"area": value})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Select a valid choice." in html
    assert "Statistics overview: 罗湖区" in html


@pytest.mark.parametrize("role", ["social_worker", "org_admin", "field_officer"])
def test_others_get_no_statistics(world, client, role):
    scope = {
        "social_worker": None,
        "org_admin": world["a"],
        "field_officer": world["tree"]["futian"],
    }
    client.force_login(factories.user(role=role, scope=scope[role]))
    assert client.get("/statistics/").status_code == 403
    assert client.get("/statistics/figures/pay/xlsx/").status_code == 403
    assert client.get("/statistics/reports/").status_code == 403
    assert "/statistics/" not in client.get("/").content.decode()


def test_the_menu_offers_the_overview_to_an_auditor(world, client):
    client.force_login(factories.user(role="auditor", scope=world["tree"]["futian"]))
    assert 'href="/statistics/"' in client.get("/").content.decode()
    assert client.get("/statistics/").status_code == 200


def test_the_annual_report_job_makes_an_xlsx_and_a_pdf(world, client):
    tree = world["tree"]
    client.force_login(world["city"])
    response = client.post(
        "/statistics/reports/", {"period": "year", "year": 2026, "area": tree["city"].pk}
    )
    assert response.status_code == 302
    jobs = {j.params["format"]: j for j in Job.objects.filter(kind="statistics_report")}
    assert {f: j.status for f, j in jobs.items()} == {"xlsx": JobStatus.DONE, "pdf": JobStatus.DONE}
    book = load_workbook(io.BytesIO(jobs["xlsx"].result_file.read()))
    assert book.sheetnames == [
        "Registrations by level and year",
        "Credentialed-staffing rate",
        "Continuing-education compliance",
        "Assessment bands",
        "Pay and insurance compliance",
    ]
    pay = list(book["Pay and insurance compliance"].iter_rows(values_only=True))
    # the months of 2026 only
    assert pay[1][5] == "2026-01 – 2026-12"
    assert pay[5] == ("福田区", 2, 1, 2, 1, 1)
    pdf = jobs["pdf"].result_file.read()
    assert pdf.startswith(b"%PDF")
    page = client.get("/statistics/reports/").content.decode()
    assert "Annual statistical report of 深圳市, 2026 (PDF)" in page
    assert f"/platform/jobs/{jobs['pdf'].pk}/download/" in page


def test_a_monthly_report_needs_its_month_and_a_begun_period(world, client):
    client.force_login(world["city"])
    city = world["tree"]["city"].pk
    response = client.post("/statistics/reports/", {"period": "month", "year": 2026, "area": city})
    assert response.status_code == 400
    assert "Choose the month of a monthly report." in response.content.decode()
    response = client.post("/statistics/reports/", {"period": "year", "year": 2100, "area": city})
    assert "A report covers a period that has begun." in response.content.decode()
    luohu_officer = _officer(world["tree"], "luohu")
    client.force_login(luohu_officer)
    response = client.post("/statistics/reports/", {"period": "year", "year": 2026, "area": city})
    assert response.status_code == 400  # not an area of theirs
    assert not Job.objects.exists()


@pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="needs pdftotext and pdftoppm (poppler)",
)
def test_the_pdf_report_has_chinese_titles_and_is_not_blank(world, tmp_path):
    from django.utils import translation

    from shegong.core.jobs import start_job

    with translation.override("zh-hans"):
        job = start_job(
            "statistics_report",
            world["city"],
            {"area": world["tree"]["city"].pk, "year": 2026, "month": 3, "format": "pdf"},
            "report",
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.errors
    path = tmp_path / "report.pdf"
    path.write_bytes(job.result_file.read())
    pdftotext, pdftoppm = shutil.which("pdftotext"), shutil.which("pdftoppm")
    # a fixed tool of this machine, our own file
    text = subprocess.run(  # noqa: S603
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for title in (
        "登记人数（按等级和年度）",
        "持证上岗率",
        "继续教育达标情况",
        "考核等次分布",
        "薪酬与社会保险合规",
    ):
        assert title in text
    assert "深圳市" in text and "2026-03" in text
    subprocess.run(  # noqa: S603
        [pdftoppm, "-r", "40", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    from PIL import Image

    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 500  # text and a chart, not a blank page


def _publish(officer, cycle):
    from shegong.assessment import services as assessment

    cycle = assessment.close_scoring(None, cycle) if cycle.status == "scoring_open" else cycle
    assessment.compute_results(officer, cycle)
    return assessment.publish(officer, cycle)


def test_assessment_bands_of_the_latest_published_year(tree):
    """Futian: combined scores at each band's lower edge and just below it (the bands: 90
    excellent, 75 competent, 60 basically competent); Luohu: one competent. A cycle not yet
    published counts nothing."""
    from shegong.assessment import services as assessment
    from shegong.assessment.tests import data as adata

    w = adata.build(tree)
    futian_cycle, _rows = adata.run_to_results(w, [90, 75, "74.99", 60, "59.99"])
    _publish(w["officer"], futian_cycle)
    employment = adata.employ(w["other"], w["luohu"], w["post_type"])
    luohu_cycle = adata.cycle(w["luohu"])
    assessment.open_scoring(None, luohu_cycle)
    adata.score(luohu_cycle.assessments.get(person=employment.person), 80)
    luohu_cycle = assessment.close_scoring(None, luohu_cycle)
    on = adata.today()
    bands = FIGURES["assessment"]
    luohu_before = bands.compute(Scope.of(w["city_officer"], tree["luohu"], on))
    assert luohu_before.total == [0, None]
    _publish(w["luohu_officer"], luohu_cycle)
    city = bands.compute(Scope.of(w["city_officer"], tree["city"], on))
    assert city.label == f"Rating, {on.year}"
    assert city.rows == [
        ("Excellent", [1, D("16.7")]),
        ("Competent", [2, D("33.3")]),
        ("Basically competent", [2, D("33.3")]),
        ("Not competent", [1, D("16.7")]),
    ]
    assert city.total == [6, D("100.0")]
    futian = bands.compute(Scope.of(w["officer"], tree["futian"], on))
    assert [values[0] for _label, values in futian.rows] == [1, 1, 2, 1]
    # a district officer asking for the city sees their own district's results only
    mine = bands.compute(Scope.of(w["luohu_officer"], tree["city"], on))
    assert mine.total == [1, D("100.0")]


def test_a_figure_a_later_module_registers_is_on_the_page_in_the_download_and_report(world, client):
    def services_bought(scope):
        return figures.Table("Year", ["Contracts"], [("2026", [7])], [7])

    figure = figures.register(
        figures.Figure("services", "Services bought", services_bought, "bar", "Contracts.")
    )
    try:
        client.force_login(world["city"])
        html = client.get("/statistics/").content.decode()
        assert 'id="figure-services"' in html and "Services bought" in html
        download = client.get("/statistics/figures/services/xlsx/")
        rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
        assert rows[5][:2] == ("2026", 7)
        client.post(
            "/statistics/reports/",
            {"period": "year", "year": 2026, "area": world["tree"]["city"].pk},
        )
        job = Job.objects.get(kind="statistics_report", params__format="xlsx")
        assert "Services bought" in load_workbook(io.BytesIO(job.result_file.read())).sheetnames
    finally:
        del FIGURES[figure.key]


def test_a_report_job_for_an_area_not_the_users_fails_with_a_message(world):
    from shegong.core.jobs import start_job

    officer = _officer(world["tree"], "luohu")
    job = start_job(
        "statistics_report",
        officer,
        {"area": world["tree"]["futian"].pk, "year": 2026, "format": "xlsx"},
        "report",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors == ["You may not see the statistics of this area."]
    assert not job.result_file


def test_the_reports_page_follows_its_jobs_until_they_are_finished(world, client):
    """Without a broker the jobs run in threads (ADR 0043): the list updates itself meanwhile."""
    client.force_login(world["city"])
    pending = Job.objects.create(
        kind="statistics_report", title="Report (PDF)", created_by=world["city"]
    )
    page = client.get("/statistics/reports/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert 'hx-select="#statistics-reports-box"' in page
    Job.objects.filter(pk=pending.pk).update(status=JobStatus.DONE)
    page = client.get("/statistics/reports/").content.decode()
    assert "hx-trigger" not in page
