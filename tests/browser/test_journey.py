"""A city administrator's journey in a real browser (Playwright driving the system Chromium).

Sign in, see Chinese by default, switch to English, filter the areas list (htmx), export the
filtered list to XLSX and download it from the job page, open the API docs. The browser reports
no Content-Security-Policy violation on the way (issue 10: no inline script or handler).

Skipped when /usr/bin/chromium is missing, unless ``SHEGONG_REQUIRE_BROWSER=1`` (as in CI).
All database work happens outside the Playwright block: the sync API runs an event loop in
this thread, and Django refuses ORM calls while one is running.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.core.models import Job, JobStatus
from shegong.core.testing import factories
from shegong.core.testing.tools import missing_tool

CHROMIUM = Path(os.environ.get("SHEGONG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(os.environ.get("SHEGONG_SCREENSHOT", "/tmp/shegong-journey.png"))
TIMEOUT_MS = 15_000

pytestmark = pytest.mark.browser


@pytest.fixture
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("SHEGONG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SHEGONG_REQUIRE_BROWSER=1 but {reason}")
    missing_tool(reason)  # fails under SHEGONG_REQUIRE_TOOLS=1 (CI), else skips


def test_city_admin_filters_and_exports_areas(
    chromium_path, live_server, flushable_audit, tree, tmp_path
):
    from playwright.sync_api import expect, sync_playwright

    factories.user("cityadmin", role="city_admin", scope=tree["city"])
    areas_url = live_server.url + reverse("areas:area_list")
    downloaded = tmp_path / "areas.xlsx"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            # A browser asking for a language Shegong does not offer gets the default: Chinese.
            context = browser.new_context(
                accept_downloads=True, locale="fr-FR", viewport={"width": 1280, "height": 800}
            )
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            # Chromium logs every blocked inline script, style or handler as a console error.
            csp_violations = []
            page.on(
                "console",
                lambda msg: (
                    csp_violations.append(msg.text)
                    if msg.type == "error" and "Content Security Policy" in msg.text
                    else None
                ),
            )

            # Sign in: the interface speaks Chinese until told otherwise.
            page.goto(f"{live_server.url}/accounts/login/")
            expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
            expect(page.locator("label[for=id_username]")).to_contain_text("用户名")
            page.fill("#id_username", "cityadmin")
            page.fill("#id_password", factories.PASSWORD)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            expect(page.get_by_role("button", name="cityadmin")).to_be_visible()

            # Switch to English with the navbar select (it submits itself on change).
            with page.expect_navigation():
                page.locator("#language-form select").select_option("en")
            expect(page.locator("html")).to_have_attribute("lang", "en")

            # The areas list: six areas, then filtered by htmx to one.
            page.goto(areas_url)
            expect(page.locator("html")).to_have_attribute("lang", "en")
            expect(page.locator("#record-count")).to_have_text("6 records")
            page.fill("#filter-form [name=q]", "福田")
            page.locator("#filter-form button[type=submit]").click()
            expect(page.locator("#record-count")).to_have_text("1 record")
            expect(page.locator("#record-table")).to_contain_text("福田区")
            expect(page.locator("#record-table")).not_to_contain_text("罗湖区")
            expect(page).to_have_url(re.compile(r"/areas/areas/\?.*\bq=%E7%A6%8F%E7%94%B0"))
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            # Export what is on screen; the job page offers the file.
            with page.expect_navigation():
                page.get_by_role("button", name="Export XLSX").click()
            assert "/platform/" in page.url and "/jobs/" in page.url, page.url
            link = page.locator("#job-download")
            expect(link).to_be_visible()
            expect(link).to_contain_text(".xlsx")
            with page.expect_download() as download_info:
                link.click()
            download_info.value.save_as(downloaded)

            # The API docs render under the policy: Swagger UI's start-up script is a file. It
            # fetches the schema, which the server writes on the first request (some 15 s under
            # CI's coverage on a busy 2-core machine), so the title may take that long.
            page.goto(f"{live_server.url}/api/docs/")
            expect(page.locator(".swagger-ui .info .title")).to_contain_text(
                "Shegong API", timeout=60_000
            )
            assert csp_violations == []
            # ReDoc parses the whole schema before drawing (10-15 s on a busy 2-core machine);
            # its sidebar's logo is our own icon, not an image from the CDN of its bundle.
            page.goto(f"{live_server.url}/api/redoc/")
            expect(page.locator("h1").first).to_contain_text("Shegong API", timeout=60_000)
            expect(page.locator('img[alt="redocly logo"]')).to_have_attribute(
                "src", re.compile(r"^/static/core/favicon(\.[0-9a-f]+)?\.svg$")
            )
            assert csp_violations == []
        finally:
            browser.close()

    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.errors
    assert "q=%E7%A6%8F%E7%94%B0" in job.params["filters"], job.params
    rows = list(load_workbook(downloaded, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 2, rows  # the header and Futian, as filtered on screen
    assert "福田区" in rows[1], rows
