"""Long work without a broker (issue 12, point 4; ADR 0043): the request that starts a job
answers at once with the job's page, whose progress bar moves while a thread of the web
process runs the job, and which offers the result when it is done.

These tests switch ``JOBS_RUN_IN_REQUEST`` off (the other tests run jobs inside the request)
and use a real transaction (``transactional_db``): the job thread has its own connection and
sees only committed rows.
"""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.core.jobs import job, start_job, wait_for_threads
from shegong.core.models import Job
from shegong.core.testing import factories

GATE = threading.Event()
AT_GATE = threading.Event()
pytestmark = pytest.mark.usefixtures("in_thread")


@job("test_gated")
def gated_job(runner):
    """A quarter done, then waits for the test to open the gate."""
    runner.progress(1, 4, force=True)
    AT_GATE.set()
    if not GATE.wait(20):
        raise RuntimeError("the gate was never opened")
    runner.progress(4, 4, force=True)
    return "gated.txt", "完成".encode()


@pytest.fixture
def in_thread(flushable_audit, settings):
    settings.JOBS_RUN_IN_REQUEST = False
    GATE.clear()
    AT_GATE.clear()
    yield
    GATE.set()  # never leave a thread waiting


@pytest.fixture
def city_admin(tree):
    return factories.user("cityadmin", role="city_admin", scope=tree["city"])


@pytest.fixture
def admin_client(client, city_admin):
    client.force_login(city_admin)
    return client


def poll(client, row: Job, seconds: float = 20.0) -> str:
    """Poll the job page as its htmx does until the job is finished; its last partial."""
    url = reverse("core:job_detail", args=[row.pk])
    deadline = time.monotonic() + seconds
    while True:
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        body = response.content.decode()
        if "hx-trigger" not in body or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_the_job_page_answers_while_the_job_runs_and_offers_the_result_when_done(
    admin_client, city_admin
):
    row = start_job("test_gated", city_admin, {}, "分批处理")
    # start_job returned before the job finished: the thread waits at the gate.
    url = reverse("core:job_detail", args=[row.pk])
    assert AT_GATE.wait(20)  # a quarter done, and waiting
    page = admin_client.get(url).content.decode()
    assert "运行中" in page
    assert "(1 / 4)" in page
    assert 'aria-valuenow="25"' in page
    assert 'hx-trigger="every 1s"' in page  # the page keeps polling
    assert "此页面会自动更新" in page
    assert 'id="job-download"' not in page

    GATE.set()
    assert wait_for_threads(timeout=30)
    last = poll(admin_client, row)
    assert "已完成" in last
    assert 'aria-valuenow="100"' in last
    assert 'id="job-download"' in last
    assert "hx-trigger" not in last  # done: polling stops
    response = admin_client.get(reverse("core:job_download", args=[row.pk]))
    assert b"".join(response.streaming_content) == "完成".encode()


def test_an_export_answers_with_a_redirect_to_its_progress_page(
    admin_client, city_admin, monkeypatch
):
    from shegong.core import jobs

    real = jobs._HANDLERS["export"]

    def gated_export(runner, **params):
        if not GATE.wait(20):
            raise RuntimeError("the gate was never opened")
        return real(runner, **params)

    monkeypatch.setitem(jobs._HANDLERS, "export", gated_export)
    response = admin_client.post(
        reverse("core:export_start"), {"model": "areas.area", "format": "xlsx", "filters": ""}
    )
    row = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[row.pk])
    GATE.set()  # the request has answered: the export may run
    # The test database (SQLite in memory, shared cache) locks whole tables without waiting:
    # read the page once the thread is done (the test above reads it while a job runs).
    assert wait_for_threads(timeout=30)
    page = admin_client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="100"' in page
    assert "已完成" in page
    download = admin_client.get(reverse("core:job_download", args=[row.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.xlsx"')
    content = b"".join(download.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6  # the header and the five areas of the city (not the province)
    assert any("福田区" in row for row in rows)


def test_a_job_of_a_request_that_failed_never_runs(city_admin):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        start_job("test_gated", city_admin, {}, "回滚")
        raise RuntimeError("the request failed after starting the job")
    time.sleep(0.2)
    assert not Job.objects.exists()


@job("test_quick")
def quick_job(runner):
    runner.progress(1, 1, force=True)
    return "quick.txt", "好".encode()


def test_a_busy_database_at_the_start_is_tried_again_not_left_waiting(city_admin, monkeypatch):
    """SQLite answers "database is locked" while another connection writes: the browser test
    saw a job stay "waiting" for ever when its thread's first read met that lock."""
    from django.db import OperationalError

    from shegong.core import jobs

    real = jobs.run_job
    calls = []

    def busy_twice(job_id):
        calls.append(job_id)
        if len(calls) <= 2:
            raise OperationalError("database table is locked")
        real(job_id)

    monkeypatch.setattr(jobs, "run_job", busy_twice)
    row = start_job("test_quick", city_admin, {}, "quick")  # autocommit: the thread starts now
    assert wait_for_threads(timeout=20)
    row.refresh_from_db()
    assert len(calls) == 3
    assert row.status == "done"
    assert row.result_name == "quick.txt"


def test_a_job_its_thread_cannot_run_is_failed_with_the_reason(city_admin, monkeypatch):
    from shegong.core import jobs

    def broken(job_id):
        raise ValueError("the job's parameters cannot be read")

    monkeypatch.setattr(jobs, "run_job", broken)
    row = start_job("test_quick", city_admin, {}, "quick")
    assert wait_for_threads(timeout=20)
    row.refresh_from_db()
    assert row.status == "failed"
    assert row.errors == ["无法运行该任务：the job's parameters cannot be read"]
