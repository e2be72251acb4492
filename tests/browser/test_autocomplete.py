"""The search-as-you-type choice fields in a real browser (issue 13, ADR 0044): on the
employments list, type two characters of a person's name in the person filter, choose the
match with the keyboard, and the list (htmx) shows that person's employment only. In Chinese
and English, at 1280 px and 390 px, with screenshots (``SHEGONG_SCREENSHOT_DIR``, default
``/tmp/perf-autocomplete``) and no Content-Security-Policy violation. ORM work happens before
the Playwright block (see ``test_journey.py``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from shegong.core.testing import factories
from shegong.workforce import services
from shegong.workforce.tests import data

from .pages import csp_violations, sign_in
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - fixture

SHOTS = Path(os.environ.get("SHEGONG_SCREENSHOT_DIR", "/tmp/perf-autocomplete"))

pytestmark = pytest.mark.browser

WORDS = {"zh-hans": {"label": "人员"}, "en": {"label": "Person"}}


def test_the_person_filter_searches_as_the_user_types(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    tree,
):
    from playwright.sync_api import expect, sync_playwright

    factories.user("cityadmin", role="city_admin", scope=tree["city"])
    org = factories.organisation(tree["futian"], name="福田阳光社工服务中心")
    post_type = data.post_type(level="assistant")
    chosen = data.person(tree["futian"], org, name="王晓明")
    other = data.person(tree["futian"], org, name="李建国")
    for who in (chosen, other):
        data.registration(who, data.certificate(who, "assistant"))
        services.hire(None, who, data.post(org, post_type), data.today(), "new_hire")
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, words in WORDS.items():
                for width in (1280, 390):
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    context.set_default_timeout(TIMEOUT_MS)
                    context.add_cookies(
                        [{"name": "django_language", "value": language, "url": live_server.url}]
                    )
                    page = context.new_page()
                    violations = csp_violations(page)
                    sign_in(page, live_server.url, "cityadmin")
                    page.goto(f"{live_server.url}/workforce/employments/")
                    table = page.locator("#record-table")
                    expect(table).to_contain_text("李建国")

                    if width == 390:
                        # On a phone the filters are folded under their button: open them.
                        page.locator("details.filter-panel > summary").click()
                    # The field is labelled, and reached by its label (Tom Select's input).
                    field = page.get_by_role("combobox", name=words["label"], exact=True)
                    expect(field).to_be_visible()
                    field.click()
                    field.press_sequentially("晓明", delay=50)
                    option = page.locator(".ts-dropdown .option", has_text="王晓明")
                    expect(option).to_be_visible()
                    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
                    page.screenshot(
                        path=str(SHOTS / f"typed-{language}-{width}.png"), full_page=True
                    )
                    field.press("Enter")  # the keyboard chooses; the list follows (htmx)
                    expect(table).not_to_contain_text("李建国")
                    expect(table).to_contain_text("王晓明")
                    expect(page).to_have_url(re.compile(rf"[?&]person={chosen.pk}(&|$)"))
                    page.screenshot(
                        path=str(SHOTS / f"chosen-{language}-{width}.png"), full_page=True
                    )

                    # Shown again (a reload of the filtered address): the name, not the id.
                    page.reload()
                    expect(page.locator("#filter-form .ts-control .item")).to_have_text("王晓明")
                    expect(table).not_to_contain_text("李建国")
                    assert violations == [], violations
                    context.close()
        finally:
            browser.close()
