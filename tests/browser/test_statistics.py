"""GOV-1 in a real browser: the leadership's overview draws its charts from the project's own
static files (Chart.js, vendored; ADR 0038), with no request beyond the server and no
Content-Security-Policy violation, in Chinese and in English, at 1280 px and at 390 px.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp``), ``statistics-<lang>-<width>.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from shegong.core.testing import factories
from shegong.workforce.tests.test_compliance import world as compliance_world

from .pages import sign_in
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SHEGONG_SCREENSHOT_DIR", "/tmp"))

#: Per canvas: whether Chart.js made a chart of it, and how many pixels it painted.
DRAWN = """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return {chart: c.shegongChart !== undefined, painted: painted};
})"""


# The compliance dashboard's world, under the name its fixtures ask for.
world = compliance_world


@pytest.fixture
def statistics_world(world):  # the compliance dashboard's world (two districts)
    return {
        **world,
        "admin": factories.user("cityadmin", role="city_admin", scope=world["tree"]["city"]),
    }


def test_the_overview_renders_its_charts_offline(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,  # seeded again if an earlier test's flush removed it
    statistics_world,
):
    from playwright.sync_api import expect, sync_playwright

    server = urlparse(live_server.url).netloc
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for locale, lang, heading in (
                ("zh-CN", "zh-hans", "统计概览"),
                ("en-GB", "en", "Statistics overview"),
            ):
                context = browser.new_context(
                    locale=locale, viewport={"width": 1280, "height": 900}
                )
                context.set_default_timeout(TIMEOUT_MS)
                elsewhere, errors = [], []
                context.route(
                    "**/*",
                    lambda route, sink=elsewhere: (
                        route.continue_()
                        if urlparse(route.request.url).netloc == server
                        else (sink.append(route.request.url), route.abort())
                    ),
                )
                page = context.new_page()
                page.on(
                    "console",
                    lambda msg, sink=errors: sink.append(msg.text) if msg.type == "error" else None,
                )
                sign_in(page, live_server.url, "cityadmin")
                page.goto(f"{live_server.url}/statistics/")
                expect(page.locator("html")).to_have_attribute("lang", lang)
                expect(page.locator("h1")).to_contain_text(heading)
                page.wait_for_function("document.body.dataset.chartsDrawn === 'true'")
                for width in (1280, 390):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.wait_for_timeout(300)  # Chart.js redraws on resize
                    drawn = page.evaluate(DRAWN)
                    assert len(drawn) == 5, drawn
                    assert all(c["chart"] and c["painted"] > 200 for c in drawn), (
                        lang,
                        width,
                        drawn,
                    )
                    page.screenshot(
                        path=str(SHOTS / f"statistics-{lang}-{width}.png"), full_page=True
                    )
                table = page.locator("table[data-figure=credentialed]")
                expect(table).to_contain_text("罗湖区")
                if lang == "en":
                    # The statistical report: both files are made and listed with a download.
                    page.goto(f"{live_server.url}/statistics/reports/")
                    page.locator("#id_period").select_option("year")
                    with page.expect_navigation():
                        page.get_by_role("button", name="Make the report").click()
                    rows = page.locator("#statistics-reports tbody tr")
                    expect(rows).to_have_count(2)
                    expect(rows.get_by_role("link", name="Download")).to_have_count(2)
                    page.screenshot(
                        path=str(SHOTS / "statistics-reports-en-390.png"), full_page=True
                    )
                assert elsewhere == []
                assert errors == [], errors
                context.close()
        finally:
            browser.close()
