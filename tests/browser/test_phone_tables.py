"""Tables on a phone (issue 12, point 5; ADR 0041), in a real browser at 390 x 844 and at
1280 px, in Chinese and in English.

Before, a list at 390 px squeezed every column to the width of its longest unbreakable run,
and Chinese breaks between any two characters: the audit trail's headers and the people's
names stood one character a line. Now a list of records (``table-stack``) turns each row into a
card whose cells are labelled by their column's header, and nothing widens the page; a list's
filters fold into a button above the records.

For the audit trail, the people and registrations lists, the public register's results, a
verification page and a social worker's workbench, the test measures every visible header and
cell holding two characters or more: it is at least two characters wide, and a short text (up
to eight characters) takes at most two lines. At 390 px the page is no wider than the screen
(a figure table may scroll inside its own box; that does not widen the document).

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-phone``),
``<page>-<lang>-<width>.png``. ORM work happens before the Playwright block (see
``test_journey.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from shegong.registry.services import registrations as svc
from shegong.registry.tests.test_registrations import build_world, code

from .pages import sign_in
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - fixture

SHOTS = Path(os.environ.get("SHEGONG_SCREENSHOT_DIR", "/tmp/shegong-phone"))

pytestmark = pytest.mark.browser

#: Every visible th/td with two characters or more that is squeezed: narrower than two
#: characters of its font, or a short text (eight characters at most) on more than two lines.
#: A header hidden for screen readers only (1 px wide, clipped) is not on screen.
SQUEEZED = """() => {
  const found = [];
  for (const cell of document.querySelectorAll('main th, main td')) {
    const text = cell.innerText.trim();
    const chars = Array.from(text).length;
    const box = cell.getBoundingClientRect();
    if (chars < 2 || box.width <= 1 || box.height <= 1) continue;
    const style = getComputedStyle(cell);
    const font = parseFloat(style.fontSize);
    const line = parseFloat(style.lineHeight) || 1.5 * font;
    const width = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = Math.round(range.getBoundingClientRect().height / line);
    if (width < 1.9 * font || (chars <= 8 && lines > 2)) {
      found.push({text: text.slice(0, 30), width: Math.round(width), lines: lines});
    }
  }
  return found;
}"""

#: The label a stacked cell shows before its value (its ::before content), or "none".
LABEL = "cell => getComputedStyle(cell, '::before').content"

WORDS = {
    "zh-hans": {"name": "姓名", "time": "时间", "status": "我的状态", "registered": "已登记"},
    "en": {"name": "Name", "time": "Time", "status": "My status", "registered": "Registered"},
}


def test_tables_are_readable_on_a_phone(
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
    number = registration.register_number
    pages = {
        "cityadmin": {
            "audit": reverse("core:auditrecord_list"),
            "people": reverse("people:person_list"),
            "registrations": reverse("registry:registration_list"),
        },
        None: {
            "register": reverse("portal:register") + "?q=%E9%99%88%E4%B8%80",  # 陈一
            "verify": reverse("portal:verify", args=[number]),
        },
        "worker": {
            "workbench": reverse("portal:home"),
            "own-person": world["worker"].get_absolute_url(),
        },
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, words in WORDS.items():
                for width, height in ((390, 844), (1280, 900)):
                    for username, urls in pages.items():
                        context = browser.new_context(viewport={"width": width, "height": height})
                        context.set_default_timeout(TIMEOUT_MS)
                        context.add_cookies(
                            [{"name": "django_language", "value": language, "url": live_server.url}]
                        )
                        page = context.new_page()
                        if username:
                            sign_in(page, live_server.url, username)
                        for name, url in urls.items():
                            page.goto(live_server.url + url)
                            expect(page.locator("html")).to_have_attribute("lang", language)
                            page.screenshot(
                                path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True
                            )
                            squeezed = page.evaluate(SQUEEZED)
                            if squeezed:
                                problems[f"{name} {language} {width}"] = squeezed
                            if width == 390:
                                overflow = page.evaluate("document.documentElement.scrollWidth")
                                assert overflow <= 390, (name, language, overflow)
                            if name == "register":
                                cell = page.locator("#register-results td").first
                                expect(cell).to_have_text("陈一")
                                # A card on the phone: the name's line says what it is.
                                label = cell.evaluate(LABEL)
                                want = f'"{words["name"]}"' if width == 390 else "none"
                                assert label == want, (language, width, label)
                                expect(page.locator("#register-results")).to_contain_text(
                                    words["registered"]
                                )
                            if name == "audit":
                                first = page.locator("#record-table tbody td").first
                                label = first.evaluate(LABEL)
                                want = f'"{words["time"]}"' if width == 390 else "none"
                                assert label == want, (language, width, label)
                            if name == "people":
                                # The filters: on the phone a button above the records
                                # (so the records come first), on a desktop a panel beside.
                                form = page.locator("#filter-form")
                                if width == 390:
                                    expect(form).to_be_hidden()
                                    page.locator("#filter-panel > summary").click()
                                expect(form).to_be_visible()
                            if name == "verify":
                                expect(page.locator("#verify-facts")).to_contain_text(number)
                            if name == "workbench":
                                expect(page.locator("#own-status")).to_contain_text(words["status"])
                                expect(page.locator("#own-status")).to_contain_text(number)
                        context.close()
        finally:
            browser.close()

    assert problems == {}, problems
