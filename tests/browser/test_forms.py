"""Forms and long work in a real browser (issue 12, point 4), in Chinese and English, at 1280 and
390 px.

An invalid form comes back with the error summary at its top, focused, whose links put the
focus on their fields; an export answers at once with the job's page, whose progress bar moves
while the job runs in a thread of the web process (no broker; ADR 0043) and which offers the
file when it is done. Screenshots go to ``SHEGONG_SCREENSHOT_DIR`` (default
``/tmp/shegong-forms``); the browser reports no Content-Security-Policy violation.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.core import jobs
from shegong.core.models import Job, JobStatus
from shegong.core.testing import factories

from .pages import csp_violations, sign_in
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - fixture

SHOTS = Path(os.environ.get("SHEGONG_SCREENSHOT_DIR", "/tmp/shegong-forms"))
pytestmark = pytest.mark.browser

WORDS = {
    "zh-hans": {
        "heading": "请更正以下 4 处问题",
        "name": "名称：该字段是必填项。",
        "code": "统一社会信用代码：统一社会信用代码应为 18 位，当前为 3 位。",
        "export": "导出 XLSX",
        "running": "运行中",
        "done": "已完成",
    },
    "en": {
        "heading": "There are 4 problems with this form",
        "name": "Name: This field is required.",
        "code": "Unified social credit code: A unified social credit code has 18 characters; "
        "this one has 3.",
        "export": "Export XLSX",
        "running": "Running",
        "done": "Done",
    },
}
#: Seconds the export waits before it starts, so that the page is seen while the job runs.
SLOW_START = 2.5


@pytest.fixture
def slow_export(monkeypatch):
    real = jobs._HANDLERS["export"]

    def export(runner, **params):
        runner.progress(0, 1, force=True)
        time.sleep(SLOW_START)
        return real(runner, **params)

    monkeypatch.setitem(jobs._HANDLERS, "export", export)


@pytest.mark.usefixtures("slow_export")
def test_error_summary_and_export_progress(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    tree,
    settings,
    tmp_path,
):
    from playwright.sync_api import expect, sync_playwright

    settings.JOBS_RUN_IN_REQUEST = False  # as a server without a broker runs them
    factories.user("cityadmin", role="city_admin", scope=tree["city"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    add_url = live_server.url + reverse("organisations:organisation_add")
    areas_url = live_server.url + reverse("areas:area_list")
    downloads = []

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, words in WORDS.items():
                for width in (1280, 390):
                    context = browser.new_context(
                        accept_downloads=True, viewport={"width": width, "height": 900}
                    )
                    context.set_default_timeout(TIMEOUT_MS)
                    context.add_cookies(
                        [{"name": "django_language", "value": language, "url": live_server.url}]
                    )
                    page = context.new_page()
                    violations = csp_violations(page)
                    sign_in(page, live_server.url, "cityadmin")

                    # An invalid form: the summary comes first, focused, and links to fields.
                    page.goto(add_url)
                    page.fill("#id_credit_code", "123")
                    with page.expect_navigation():
                        page.locator("main form button[type=submit]").click()
                    summary = page.locator("#error-summary")
                    expect(summary).to_be_focused()
                    expect(summary.locator("h2")).to_have_text(words["heading"])
                    expect(summary.locator("li").first).to_have_text(words["name"])
                    page.screenshot(
                        path=str(SHOTS / f"summary-{language}-{width}.png"), full_page=False
                    )
                    summary.get_by_role("link", name=words["code"]).click()
                    expect(page.locator("#id_credit_code")).to_be_focused()
                    expect(page.locator("label[for=id_credit_code]")).to_be_in_viewport()
                    expect(page.locator("#id_credit_code")).to_have_attribute(
                        "aria-invalid", "true"
                    )
                    summary.get_by_role("link", name=words["name"]).click()
                    expect(page.locator("#id_name")).to_be_focused()

                    # An export answers at once with its progress page, which follows the job.
                    page.goto(areas_url)
                    started = time.monotonic()
                    with page.expect_navigation():
                        page.get_by_role("button", name=words["export"]).click()
                    answered = time.monotonic() - started
                    assert "/jobs/" in page.url, page.url
                    assert answered < SLOW_START, f"the export took {answered:.1f} s to answer"
                    expect(page.locator("#job-status")).to_have_text(words["running"])
                    expect(page.locator("#job-running-note")).to_be_visible()
                    page.screenshot(
                        path=str(SHOTS / f"progress-{language}-{width}.png"), full_page=False
                    )
                    link = page.locator("#job-download")
                    expect(link).to_be_visible(timeout=30_000)  # polled by htmx, no reload
                    expect(page.locator("#job-status")).to_have_text(words["done"])
                    expect(page.locator("[role=progressbar]")).to_have_attribute(
                        "aria-valuenow", "100"
                    )
                    page.screenshot(
                        path=str(SHOTS / f"done-{language}-{width}.png"), full_page=False
                    )
                    with page.expect_download() as download_info:
                        link.click()
                    target = tmp_path / f"areas-{language}-{width}.xlsx"
                    download_info.value.save_as(target)
                    downloads.append(target)
                    assert violations == [], violations
                    context.close()
        finally:
            browser.close()

    assert jobs.wait_for_threads(timeout=30)
    assert list(Job.objects.values_list("status", flat=True)) == [JobStatus.DONE] * 4
    for target in downloads:
        rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
        assert len(rows) == 6, rows  # the header and the five areas of the city


LOCKOUT = {
    "zh-hans": {
        "warning": "还可尝试 2 次。如果再失败，登录将被锁定 15 分钟。",
        "locked": "此用户名在本设备上的登录已锁定 15 分钟",
    },
    "en": {
        "warning": "2 attempts left. If they fail too, sign-in is locked for 15 minutes.",
        "locked": "Sign-in with this user name from this device is locked for 15 minutes",
    },
}


def test_the_sign_in_says_how_long_the_lockout_lasts_before_it_happens(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    tree,
):
    from playwright.sync_api import expect, sync_playwright

    factories.user("zhang", role="social_worker", home=tree["futian"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, words in LOCKOUT.items():
                for width in (1280, 390):
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    context.set_default_timeout(TIMEOUT_MS)
                    context.add_cookies(
                        [{"name": "django_language", "value": language, "url": live_server.url}]
                    )
                    page = context.new_page()
                    page.goto(f"{live_server.url}/accounts/login/")
                    # Each round its own name (axes counts per name and address); a name
                    # without an account is warned and locked as an existing one.
                    username = (
                        "zhang"
                        if (language, width) == ("zh-hans", 1280)
                        else (f"nobody-{language}-{width}")
                    )
                    for attempt in range(1, 6):
                        page.fill("#id_username", username)
                        page.fill("#id_password", "wrong-password-1")
                        with page.expect_navigation():
                            page.locator("main form button[type=submit]").click()
                        if attempt == 3:
                            expect(page.locator("#error-summary")).to_be_focused()
                            expect(page.locator("#error-summary-warning")).to_have_text(
                                words["warning"]
                            )
                            page.screenshot(
                                path=str(SHOTS / f"signin-warning-{language}-{width}.png")
                            )
                    expect(page.locator("#locked-out")).to_contain_text(words["locked"])
                    page.screenshot(path=str(SHOTS / f"signin-locked-{language}-{width}.png"))
                    context.close()
        finally:
            browser.close()
