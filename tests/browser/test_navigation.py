"""The menu bar in a real browser (issue 12, point 2: navigation by task).

Signed in as a city administrator, a district officer, an organisation administrator and a
social worker, and as a visitor, in Chinese and in English:

- at 1280 x 800 the bar is one row: the toggler is hidden, every top-level entry sits on the
  same line, none wraps (its height stays under two lines of text), and nothing overflows
  the bar (``scrollWidth <= clientWidth``); the longest drop-downs (for the officials, the
  purchasing and oversight ones, issue 15) open inside the window, no entry wrapping or cut
  and the page not wider than the window;
- at 390 x 844 (a phone) the menu is collapsed behind the toggler; the toggler opens it as a
  list of full-width entries on one line each, and a group opens in place.

Screenshots (``SHEGONG_SCREENSHOT_DIR``, default ``/tmp/shegong-navigation``): the workbench at
both widths, the open drop-down at 1280 and the open menu and group at 390, per role and
language. ORM work happens before the Playwright block (see ``test_journey.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shegong.accounts import services as account_services
from shegong.core.testing import factories

from .pages import sign_in
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - fixture

SHOTS = Path(os.environ.get("SHEGONG_SCREENSHOT_DIR", "/tmp/shegong-navigation"))

pytestmark = pytest.mark.browser

#: The top-level entries each role's bar shows (the workbench, then the groups of work).
BARS = {
    "zh-hans": {
        "cityadmin": [
            "工作台",
            "登记管理",
            "人员与岗位",
            "继续教育",
            "考核评估",
            "社会组织",
            "购买服务",
            "监督管理",
            "统计分析",
            "系统管理",
        ],
        "officer": [
            "工作台",
            "登记管理",
            "人员与岗位",
            "继续教育",
            "考核评估",
            "社会组织",
            "购买服务",
            "监督管理",
            "统计分析",
            "系统管理",
        ],
        "orgadmin": [
            "工作台",
            "登记管理",
            "人员与岗位",
            "继续教育",
            "考核评估",
            "社会组织",
            "购买服务",
            "监督管理",
            "统计分析",
            "系统管理",
        ],
        "worker": ["工作台", "我的登记", "我的继续教育", "我的考核", "我的证书"],
        # An organisation's administrator who is a social worker too: their own records are in
        # their account menu (issue 15).
        "orgadmin_and_social_worker": [
            "工作台",
            "登记管理",
            "人员与岗位",
            "继续教育",
            "考核评估",
            "社会组织",
            "购买服务",
            "监督管理",
            "统计分析",
            "系统管理",
        ],
        None: ["登记公示", "登记查验", "采购公告", "处罚公示", "投诉"],
    },
    "en": {
        "cityadmin": [
            "Workbench",
            "Register",
            "Workforce",
            "Training",
            "Assessment",
            "Organisations",
            "Purchasing",
            "Oversight",
            "Statistics",
            "System",
        ],
        "officer": [
            "Workbench",
            "Register",
            "Workforce",
            "Training",
            "Assessment",
            "Organisations",
            "Purchasing",
            "Oversight",
            "Statistics",
            "System",
        ],
        "orgadmin": [
            "Workbench",
            "Register",
            "Workforce",
            "Training",
            "Assessment",
            "Organisations",
            "Purchasing",
            "Oversight",
            "Statistics",
            "System",
        ],
        "worker": [
            "Workbench",
            "My registration",
            "My continuing education",
            "My assessment",
            "My certificates",
        ],
        "orgadmin_and_social_worker": [
            "Workbench",
            "Register",
            "Workforce",
            "Training",
            "Assessment",
            "Organisations",
            "Purchasing",
            "Oversight",
            "Statistics",
            "System",
        ],
        None: ["Public register", "Verify registrations", "Tenders", "Sanctions", "Complaints"],
    },
}
#: The groups each role opens: its longest drop-downs (issue 15: purchasing and oversight, the
#: widest, in the bar's right half, opening leftwards).
OPENS = {
    "cityadmin": ["workforce", "purchasing", "oversight"],
    "officer": ["education", "purchasing", "oversight"],
    "orgadmin": ["organisations", "oversight"],
    "orgadmin_and_social_worker": ["oversight"],
}

#: Each entry of an open drop-down: its box, and whether its text is cut (wider than its box).
CLIPPED = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.offsetParent)
  .map(e => { const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), left: r.left, right: r.right,
            cut: e.scrollWidth > e.clientWidth + 1}; })"""

#: Geometry of the bar, measured in the page: each top-level entry's box and line height,
#: and the overflow of the bar and of the page.
MEASURE = """() => {
  const bar = document.querySelector('#menu-bar');
  const links = [...document.querySelectorAll('#menu > li > a')].filter(a => a.offsetParent);
  const controls = [...document.querySelectorAll('#menu-bar .navbar-user > *')]
    .filter(e => e.offsetParent);
  const box = e => { const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,
            height: r.height}; };
  return {
    bar: box(bar),
    collapse: {scroll: document.querySelector('#main-nav').scrollWidth,
               client: document.querySelector('#main-nav').clientWidth},
    inner: {scroll: bar.querySelector('.container-fluid').scrollWidth,
            client: bar.querySelector('.container-fluid').clientWidth},
    page: {scroll: document.documentElement.scrollWidth,
           client: document.documentElement.clientWidth},
    links: links.map(a => ({text: a.textContent.trim(),
                            line: parseFloat(getComputedStyle(a).lineHeight), ...box(a)})),
    controls: controls.map(box),
  };
}"""

ITEMS = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.offsetParent)
  .map(e => { const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), top: r.top, left: r.left, right: r.right,
            bottom: r.bottom, width: r.width, height: r.height,
            line: parseFloat(getComputedStyle(e).lineHeight)}; })"""


def selector_of(group: str) -> str:
    return f'[data-menu-group="{group}"] .dropdown-item'


def one_line(item: dict) -> bool:
    return item["height"] < 2 * item["line"]


def test_the_menu_bar_fits_at_1280_and_collapses_on_a_phone(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,  # seeded again if an earlier test's flush removed it
    tree,
):
    from playwright.sync_api import expect, sync_playwright

    organisation = factories.organisation(tree["futian"], name="福田区阳光社工服务中心")
    factories.user("cityadmin", role="city_admin", scope=tree["city"])
    factories.user("officer", role="district_officer", scope=tree["futian"])
    factories.user("orgadmin", role="org_admin", scope=organisation)
    factories.user("worker", role="social_worker")
    both = factories.user("orgadmin_and_social_worker", role="org_admin", scope=organisation)
    account_services.create_membership(None, None, {"user": both, "role": "social_worker"})
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for username in BARS["en"]:
                for width, height in ((1280, 800), (390, 844)):
                    context = browser.new_context(viewport={"width": width, "height": height})
                    context.set_default_timeout(TIMEOUT_MS)
                    page = context.new_page()
                    if username:
                        sign_in(page, live_server.url, username)
                    for language, bars in BARS.items():
                        who = username or "visitor"
                        name = f"{who}-{language}-{width}"
                        context.add_cookies(
                            [{"name": "django_language", "value": language, "url": live_server.url}]
                        )
                        page.goto(f"{live_server.url}/")
                        expect(page.locator("html")).to_have_attribute("lang", language)
                        toggler = page.locator("#menu-bar .navbar-toggler")
                        if width == 1280:
                            expect(toggler).to_be_hidden()
                            m = page.evaluate(MEASURE)
                            texts = [link["text"] for link in m["links"]]
                            if texts != bars[username]:
                                problems.append(f"{name}: the bar reads {texts}")
                            for link in m["links"]:
                                if not one_line(link):
                                    problems.append(f"{name}: {link['text']!r} wraps: {link}")
                            if len({round(link["top"]) for link in m["links"]}) != 1:
                                problems.append(f"{name}: the entries are on several rows")
                            # The user's controls sit on the same row as the entries.
                            for control in m["controls"]:
                                if control["top"] >= m["links"][0]["bottom"]:
                                    problems.append(f"{name}: a control below the entries")
                            if m["bar"]["height"] > 2.5 * m["links"][0]["height"]:
                                problems.append(f"{name}: the bar is {m['bar']['height']} high")
                            for part in ("collapse", "inner", "page"):
                                if m[part]["scroll"] > m[part]["client"]:
                                    problems.append(f"{name}: the {part} overflows: {m[part]}")
                            page.screenshot(path=str(SHOTS / f"{name}.png"))
                            for group in OPENS.get(username, []):
                                toggle = page.locator(f'[data-menu-group="{group}"] > a')
                                toggle.click()
                                menu = page.locator(f'[data-menu-group="{group}"] .dropdown-menu')
                                expect(menu).to_be_visible()
                                box = menu.bounding_box()
                                if (
                                    box["x"] < 0
                                    or box["x"] + box["width"] > width
                                    or box["y"] + box["height"] > height
                                ):
                                    problems.append(f"{name}: the {group} drop-down leaves {box}")
                                selector = f'[data-menu-group="{group}"] .dropdown-item'
                                for item in page.evaluate(ITEMS, selector):
                                    if not one_line(item):
                                        problems.append(f"{name}: {item['text']!r} wraps")
                                for item in page.evaluate(CLIPPED, selector):
                                    if item["cut"] or item["left"] < 0 or item["right"] > width:
                                        problems.append(f"{name}: {item['text']!r} is cut {item}")
                                m = page.evaluate(MEASURE)
                                if m["page"]["scroll"] > m["page"]["client"]:
                                    problems.append(f"{name}: {group} open, the page overflows")
                                page.screenshot(path=str(SHOTS / f"{name}-{group}-open.png"))
                                page.keyboard.press("Escape")
                            if username:
                                # The user's own menu, on the right, opens inside the window.
                                page.locator("#user-menu > button").click()
                                menu = page.locator("#user-menu .dropdown-menu")
                                expect(menu).to_be_visible()
                                expect(menu.locator("button[type=submit]")).to_have_text(
                                    {"zh-hans": "退出登录", "en": "Sign out"}[language]
                                )
                                if username == "orgadmin_and_social_worker":
                                    # their own records, at the top of their account menu
                                    expect(menu.locator(".dropdown-item").first).to_have_text(
                                        {"zh-hans": "我的登记", "en": "My registration"}[language]
                                    )
                                box = menu.bounding_box()
                                if box["x"] < 0 or box["x"] + box["width"] > width:
                                    problems.append(f"{name}: the user's menu leaves the window")
                                page.screenshot(path=str(SHOTS / f"{name}-user-menu.png"))
                                page.keyboard.press("Escape")
                        else:
                            # A phone: the menu waits behind the toggler.
                            expect(toggler).to_be_visible()
                            expect(page.locator("#main-nav")).to_be_hidden()
                            page.screenshot(path=str(SHOTS / f"{name}.png"))
                            toggler.click()
                            expect(page.locator("#main-nav")).to_be_visible()
                            expect(toggler).to_have_attribute("aria-expanded", "true")
                            expect(page.locator("#main-nav.collapsing")).to_have_count(0)
                            m = page.evaluate(MEASURE)
                            texts = [link["text"] for link in m["links"]]
                            if texts != bars[username]:
                                problems.append(f"{name}: the menu reads {texts}")
                            for link in m["links"]:
                                # A readable list: each entry one line, across the width.
                                if not one_line(link) or link["width"] < 0.8 * width - 48:
                                    problems.append(f"{name}: {link['text']!r} is {link}")
                            if m["page"]["scroll"] > m["page"]["client"]:
                                problems.append(f"{name}: the page overflows: {m['page']}")
                            page.screenshot(path=str(SHOTS / f"{name}-menu-open.png"))
                            for group in OPENS.get(username, []):
                                page.locator(f'[data-menu-group="{group}"] > a').click()
                                items = page.evaluate(
                                    ITEMS, f'[data-menu-group="{group}"] .dropdown-item'
                                )
                                if len(items) < 3:
                                    problems.append(f"{name}: the {group} group shows {items}")
                                for item in items:
                                    if not one_line(item) or item["right"] > width:
                                        problems.append(f"{name}: {item['text']!r} is {item}")
                                for item in page.evaluate(CLIPPED, selector_of(group)):
                                    if item["cut"]:
                                        problems.append(f"{name}: {item['text']!r} is cut")
                                page.screenshot(
                                    path=str(SHOTS / f"{name}-{group}-open.png"), full_page=True
                                )
                                # closed again, so the next group's entries are near the top
                                page.locator(f'[data-menu-group="{group}"] > a').click()
                    context.close()
        finally:
            browser.close()
    assert problems == [], "\n".join(problems)
