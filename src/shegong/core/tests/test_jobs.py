"""Background jobs and exports: progress, result file, errors kept, owner only."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.core.jobs import job, start_job
from shegong.core.models import AuditRecord, Job, JobStatus
from shegong.core.testing import factories


@job("test_counting")
def counting_job(runner, n: int = 3):
    for i in range(1, n + 1):
        runner.progress(i, n)
    return "count.txt", ",".join(str(i) for i in range(1, n + 1)).encode()


@job("test_failing")
def failing_job(runner, message: str = "boom"):
    runner.progress(1, 10, force=True)
    raise RuntimeError(message)


@job("test_no_result")
def no_result_job(runner):
    runner.progress(2, 2)


def download(client, row: Job) -> bytes:
    response = client.get(reverse("core:job_download", args=[row.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def export(client, model: str, fmt: str, filters: str = "") -> Job:
    before = set(Job.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("core:export_start"), {"model": model, "format": fmt, "filters": filters}
    )
    row = Job.objects.exclude(pk__in=before).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[row.pk])
    assert row.status == JobStatus.DONE, row.errors
    return row


# --- The job wrapper ------------------------------------------------------------------------------


def test_job_progress_reaches_total_and_keeps_its_result(city_admin):
    row = start_job("test_counting", city_admin, {"n": 7}, "数数")
    assert row.status == JobStatus.DONE
    assert row.done == row.total == 7
    assert row.percent == 100
    assert row.finished_at is not None and row.started_at is not None
    assert row.result_name == "count.txt"
    assert row.result_file.read() == b"1,2,3,4,5,6,7"


def test_failing_job_ends_failed_with_its_error(city_admin):
    row = start_job("test_failing", city_admin, {"message": "数据源不可用"}, "会失败的任务")
    row.refresh_from_db()
    assert row.status == JobStatus.FAILED
    assert row.errors == ["数据源不可用"]
    assert row.finished_at is not None
    assert not row.result_file
    assert row.finished


def test_failed_job_page_shows_the_error_and_no_download(admin_client, city_admin):
    row = start_job("test_failing", city_admin, {"message": "数据源不可用"}, "会失败的任务")
    response = admin_client.get(reverse("core:job_detail", args=[row.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "数据源不可用" in body
    assert "bg-danger" in body
    assert 'id="job-download"' not in body
    assert admin_client.get(reverse("core:job_download", args=[row.pk])).status_code == 404


def test_job_without_result_has_no_download(admin_client, city_admin):
    row = start_job("test_no_result", city_admin, {}, "无结果")
    assert row.status == JobStatus.DONE
    assert row.done == row.total == 2
    assert admin_client.get(reverse("core:job_download", args=[row.pk])).status_code == 404


def test_unknown_job_kind_is_refused(city_admin):
    with pytest.raises(KeyError):
        start_job("no_such_kind", city_admin, {}, "x")
    assert not Job.objects.exists()


def test_a_job_runs_once(city_admin):
    from shegong.core.jobs import run_job

    row = start_job("test_counting", city_admin, {"n": 2}, "一次")
    finished = row.finished_at
    run_job(row.pk)  # a redelivered task
    row.refresh_from_db()
    assert row.finished_at == finished


def test_job_page_shows_a_progress_bar_and_a_download_link(admin_client, city_admin):
    row = start_job("test_counting", city_admin, {"n": 4}, "数数")
    response = admin_client.get(reverse("core:job_detail", args=[row.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="progressbar"' in body
    assert 'aria-valuenow="100"' in body
    assert "(4 / 4)" in body
    assert reverse("core:job_download", args=[row.pk]) in body
    assert "hx-trigger" not in body  # a finished job stops polling


def test_running_job_page_polls(admin_client, city_admin):
    row = Job.objects.create(
        kind="test_counting", title="进行中", created_by=city_admin, total=10, done=3
    )
    row.status = JobStatus.RUNNING
    row.save()
    response = admin_client.get(reverse("core:job_detail", args=[row.pk]))
    body = response.content.decode()
    assert 'aria-valuenow="30"' in body
    assert "hx-trigger" in body
    assert 'id="job-download"' not in body
    partial = admin_client.get(reverse("core:job_detail", args=[row.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert 'id="job-progress"' in partial.content.decode()


def test_job_list_shows_only_my_jobs(admin_client, city_admin, tree):
    other = factories.user("other", role="city_admin", scope=tree["city"])
    start_job("test_counting", city_admin, {"n": 1}, "我的任务")
    start_job("test_counting", other, {"n": 1}, "别人的任务")
    body = admin_client.get(reverse("core:job_list")).content.decode()
    assert "我的任务" in body
    assert "别人的任务" not in body


def test_someone_elses_job_is_404(client, city_admin, tree):
    row = start_job("test_counting", city_admin, {"n": 1}, "我的任务")
    other = factories.user("other", role="city_admin", scope=tree["city"])
    client.force_login(other)
    assert client.get(reverse("core:job_detail", args=[row.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[row.pk])).status_code == 404


def test_anonymous_cannot_see_or_start_jobs(client, city_admin):
    row = start_job("test_counting", city_admin, {"n": 1}, "我的任务")
    assert client.get(reverse("core:job_detail", args=[row.pk])).status_code == 302
    assert client.get(reverse("core:job_download", args=[row.pk])).status_code == 302
    response = client.post(reverse("core:export_start"), {"model": "areas.area"})
    assert response.status_code == 302
    assert Job.objects.count() == 1


# --- Exports --------------------------------------------------------------------------------------


@pytest.fixture
def people(tree):
    factories.user(
        "zhang", home=tree["futian"], last_name="张", first_name="三", phone="13812345678"
    )
    factories.user(
        "zhao", home=tree["futian"], last_name="赵", first_name="四", phone="13912340000"
    )
    factories.user("li", home=tree["luohu"], last_name="李", first_name="五", phone="13700007777")


def test_csv_export_of_users_is_filtered_and_masked(admin_client, people):
    row = export(admin_client, "accounts.user", "csv", "q=zh")
    assert row.result_name.endswith(".csv")
    content = download(admin_client, row)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, data = lines[0], lines[1:]
    assert len(header) == 6
    assert sorted(r[0] for r in data) == ["zhang", "zhao"]
    by_name = {r[0]: r for r in data}
    phone_col = next(i for i, r in enumerate(by_name["zhang"]) if "5678" in r)
    assert by_name["zhang"][phone_col] == "138****5678"
    assert by_name["zhang"][1] == "张三"
    assert b"13812345678" not in content
    assert b"13912340000" not in content
    assert row.done == row.total == 2


def test_csv_header_is_in_the_users_language(admin_client, people):
    row = export(admin_client, "accounts.user", "csv", "q=zhang")
    header = download(admin_client, row).decode("utf-8-sig").splitlines()[0]
    assert "用户名" in header  # Django's own catalogue names "username"

    en_client_row = admin_client.post(
        reverse("core:export_start"),
        {"model": "accounts.user", "format": "csv", "filters": "q=zhang"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert en_client_row.status_code == 302
    en_row = Job.objects.order_by("-pk").first()
    assert en_row.language == "en"
    en_header = download(admin_client, en_row).decode("utf-8-sig").splitlines()[0]
    assert "Username" in en_header or "username" in en_header


def test_xlsx_export_of_areas_is_a_valid_workbook(admin_client, tree):
    row = export(admin_client, "areas.area", "xlsx", "level=street")
    assert row.result_name.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download(admin_client, row)), read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(header) == 6
    assert sorted(r[0] for r in data) == ["440303001", "440304001"]
    assert {r[1] for r in data} == {"园岭街道", "东门街道"}
    assert row.done == row.total == 2


def test_xlsx_export_of_users_masks_phones(admin_client, people):
    row = export(admin_client, "accounts.user", "xlsx", "")
    workbook = load_workbook(io.BytesIO(download(admin_client, row)), read_only=True)
    values = [v for r in workbook.worksheets[0].iter_rows(values_only=True) for v in r]
    assert "138****5678" in values
    assert "13812345678" not in values
    assert "137****7777" in values


def test_export_covers_only_rows_the_user_may_export(client, tree):
    officer = factories.user("futianofficer", role="district_officer", scope=tree["futian"])
    factories.organisation(tree["futian"], "福田机构")
    factories.organisation(tree["luohu"], "罗湖机构")
    client.force_login(officer)
    row = export(client, "organisations.organisation", "csv")
    content = download(client, row).decode("utf-8-sig")
    assert "福田机构" in content
    assert "罗湖机构" not in content


def test_export_needs_the_export_permission(client, tree):
    worker = factories.user("worker", role="social_worker", home=tree["futian"])
    client.force_login(worker)
    response = client.post(
        reverse("core:export_start"), {"model": "organisations.organisation", "format": "csv"}
    )
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_export_is_recorded_in_the_audit_trail(admin_client, city_admin, people):
    row = export(admin_client, "accounts.user", "csv", "q=zh")
    record = AuditRecord.objects.get(action="export")
    assert record.actor_id == city_admin.pk
    assert record.model == "accounts.user"
    assert record.after == {
        "rows": 2,
        "filters": {"q": "q=zh", "format": "csv"},
        "private_fields": ["phone"],
    }
    assert record.correlation_id == row.correlation_id
    # The export's audit page renders (a record with no single object behind it).
    page = admin_client.get(reverse("core:auditrecord_detail", args=[record.pk]))
    assert page.status_code == 200


def test_export_of_an_empty_selection(admin_client, tree):
    row = export(admin_client, "areas.area", "csv", "q=不存在的名字")
    lines = download(admin_client, row).decode("utf-8-sig").splitlines()
    assert len(lines) == 1  # the header only
    assert row.total == 0 and row.percent == 100
