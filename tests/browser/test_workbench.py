"""The workbench in a real browser (issue 12, point 1): the city administrator's home page shows
the application waiting for a decision; a social worker's shows their registration, expiry and
certificate download. In Chinese and English, at 1280 px and 390 px, with screenshots
(``SHEGONG_SCREENSHOT_DIR``, default ``/tmp/shegong-workbench``) and no CSP violation.
ORM work happens before the Playwright block (see ``test_journey.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from shegong.registry.services import registrations as svc
from shegong.registry.tests.test_registrations import build_world, code

from .pages import csp_violations, sign_in
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - fixture

SHOTS = Path(os.environ.get("SHEGONG_SCREENSHOT_DIR", "/tmp/shegong-workbench"))

pytestmark = pytest.mark.browser

WORDS = {
    "zh-hans": {"queue": "待审批的登记申请", "status": "我的状态", "pdf": "下载（PDF）"},
    "en": {
        "queue": "Registration applications to decide",
        "status": "My status",
        "pdf": "Download (PDF)",
    },
}


def test_the_workbench_of_the_city_admin_and_of_a_social_worker(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,  # seeded again if an earlier test's flush removed it
    tree,
):
    from playwright.sync_api import expect, sync_playwright

    world = build_world(tree)
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    registration = svc.approve(world["admin"], application)
    svc.apply(None, world["colleague"], code_of_conduct=code(), accepted=True)
    pdf = reverse("registry:certificate_pdf", args=[world["cert"].pk])
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, words in WORDS.items():
                for width in (1280, 390):
                    for username in ("cityadmin", "worker"):
                        context = browser.new_context(viewport={"width": width, "height": 900})
                        context.set_default_timeout(TIMEOUT_MS)
                        context.add_cookies(
                            [{"name": "django_language", "value": language, "url": live_server.url}]
                        )
                        page = context.new_page()
                        violations = csp_violations(page)
                        sign_in(page, live_server.url, username)
                        page.goto(f"{live_server.url}/")
                        expect(page.locator("html")).to_have_attribute("lang", language)
                        if username == "cityadmin":
                            queue = page.locator('[data-queue="registry.applications"]')
                            expect(queue).to_contain_text(words["queue"])
                            expect(queue.locator(".queue-count")).to_have_text("1")
                            expect(queue).to_contain_text("周二")
                        else:
                            status = page.locator("#own-status")
                            expect(status).to_contain_text(words["status"])
                            expect(status).to_contain_text(registration.register_number)
                            link = page.locator(f'#own-certificates a[href="{pdf}"]')
                            expect(link).to_have_text(words["pdf"])
                            expect(page.locator(".cpd-progress").first).to_be_visible()
                        page.screenshot(
                            path=str(SHOTS / f"{username}-{language}-{width}.png"), full_page=True
                        )
                        assert violations == [], violations
                        context.close()
        finally:
            browser.close()
