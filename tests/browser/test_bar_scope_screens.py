"""ORG-5, FIN-3 (issue 15, ADR 0060): a district officer who names another district as the
buyer of a bar from tenders sees the refusal on the buyer field, in Chinese and in English, at
1280 px and 390 px, nothing written, the form kept as filled. Screenshots:
``$SHEGONG_SCREENSHOT_DIR``, ``b<nn>-bar-refused-<language>-<width>.png``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.areas.models import Area
from shegong.procurement.models import TenderBar

from .pages import csp_violations, sign_in
from .test_inspections_screens import inspections_world  # noqa: F401 - fixture
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

MESSAGES = {
    "zh-hans": "您只能禁止机构参加本辖区的采购，不能禁止其参加福田区的采购。",
    "en": "You may bar an organisation only from the tenders of your own area, not from "
    "福田区's tenders.",
}


def test_a_bar_from_another_district_s_tenders_is_refused_on_the_buyer_field(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    inspections_world,  # noqa: F811
):
    from playwright.sync_api import sync_playwright

    from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS
    from .test_screens import LANGUAGES, SHOTS, VIEWPORTS

    w = inspections_world
    decision = w["decision"]  # a Luohu organisation's decision, Luohu's officer
    futian = Area.objects.get(name="福田区")
    bars_before = TenderBar.objects.count()
    path = reverse("inspections:sanction_add") + f"?decision={decision.pk}"
    starts = decision.decided_on.isoformat()
    ends = decision.decided_on.replace(year=decision.decided_on.year + 1).isoformat()
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    step = iter(range(1, 100))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, locale in LANGUAGES.items():
                for viewport in VIEWPORTS:
                    width = viewport["width"]
                    context = browser.new_context(viewport=viewport, locale=locale)
                    context.set_default_timeout(TIMEOUT_MS)
                    context.add_cookies(
                        [{"name": "django_language", "value": language, "url": live_server.url}]
                    )
                    page = context.new_page()
                    csp = csp_violations(page)
                    sign_in(page, live_server.url, "luohu_supervisor")
                    page.goto(live_server.url + path)
                    page.select_option("#id_kind", "tender_bar")
                    page.fill("#id_starts", starts)
                    page.fill("#id_ends", ends)
                    page.select_option("#id_buyer", str(futian.pk))
                    with page.expect_navigation():
                        page.locator("main form button[type=submit]").first.click()
                    shot = SHOTS / f"b{next(step):02d}-bar-refused-{language}-{width}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    text = page.locator("main").inner_text()
                    if MESSAGES[language] not in text:
                        problems.append(f"no message: {shot.name}")
                    if page.evaluate("() => document.documentElement.scrollWidth") > width:
                        problems.append(f"too wide: {shot.name}")
                    if csp:
                        problems.append(f"CSP: {shot.name}")
                    context.close()
        finally:
            browser.close()
    assert problems == []
    assert TenderBar.objects.count() == bars_before
