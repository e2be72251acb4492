"""Issue 12, "done when": the journeys' pages, tried as a new user would, at 1280 px and 390 px
in Chinese and English, each with a screenshot and an axe-core audit (point 6: WCAG 2.1 AA;
``a11y.py``, ADR 0042). The test fails on any critical or serious violation, listing rule,
impact, element and help text.

One browser; one context per language and width, in which a visitor opens the sign-in page,
searches the public register and verifies a certificate, then the city administrator signs in
(workbench with the application waiting, issues a certificate with the form, the registrations
list and a registration, the compliance dashboard, the statistics with their charts drawn, a
page that does not exist), then a social worker (workbench with their registration, CPD
progress and certificates; a page they may not open).

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block (see
``test_journey.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from shegong.core.testing import factories
from shegong.funding import services as funding
from shegong.funding.tests import data as funding_data
from shegong.registry.services import registrations as svc
from shegong.registry.tests.test_certificates import make_result
from shegong.registry.tests.test_registrations import build_world, code, make_person

from .a11y import audit, describe, serious
from .pages import csp_violations
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SHEGONG_SCREENSHOT_DIR", "/tmp/shegong-screens/"))
#: Each language with the browser locale of its readers (a date field shows its value the
#: reader's way: 2026/12/07 in Chinese; the value sent is ISO either way).
LANGUAGES = {"zh-hans": "zh-CN", "en": "en-GB"}
VIEWPORTS = ({"width": 1280, "height": 800}, {"width": 390, "height": 844})

#: What a reader sees on each page, per language (written out, not taken from the catalogue).
WORDS = {
    "zh-hans": {
        "sign_in": "登录",
        "skip": "跳到正文",
        "queue": "待审批的登记申请",
        "issue": "颁发证书",
        "issued": "已颁发",
        "status": "我的状态",
        "pdf": "下载（PDF）",
        "denied": "无权操作",
        "missing": "页面不存在",
    },
    "en": {
        "sign_in": "Sign in",
        "skip": "Skip to content",
        "queue": "Registration applications to decide",
        "issue": "Issue a certificate",
        "issued": "issued",
        "status": "My status",
        "pdf": "Download (PDF)",
        "denied": "Not allowed",
        "missing": "Page not found",
    },
}


@pytest.fixture
def screens_world(tree, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"  # the certificate signing key of this test
    world = build_world(tree)
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    world["registration"] = svc.approve(world["admin"], application)
    svc.apply(None, world["colleague"], code_of_conduct=code(), accepted=True)
    # One passed exam result without a certificate per context: each issues one in the form.
    world["candidates"] = [
        make_person(name, tree["futian"], world["org"]).name
        for name in ("钱五", "孙六", "李七", "王八")
    ]
    from shegong.people.models import Person

    for name in world["candidates"]:
        make_result(Person.objects.get(name=name))
    # Money (FIN-2): a city line, a district line with a contract's commitment and a payment,
    # the city's special subsidy to the district.
    city_line = funding_data.line(tree["city"], "5000000.00", name="市级购买社工服务专项资金")
    line = funding_data.line(tree["futian"], "2000000.00", name="福田区购买社工服务经费")
    contract = funding.commit(
        line, "1200000.00", actor=None, reason="社工岗位购买合同", reference="HT-2026-001"
    )
    funding.pay(contract, "300000.00", actor=None, reason="第一季度服务费")
    funding.transfer_city_subsidy(
        city_line, tree["futian"], "2000000.00", actor=None, reason="专项补助"
    )
    world["budget_line"], world["city_line"] = line, city_line
    return world


def test_the_journeys_pages_at_two_widths_in_two_languages_pass_axe(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,  # seeded again if an earlier test's flush removed it
    screens_world,
):
    from playwright.sync_api import expect, sync_playwright

    w = screens_world
    url = live_server.url
    registration = w["registration"]
    certificate = w["cert"]
    pages = {
        "login": reverse("accounts:login"),
        "register": reverse("portal:register") + f"?q={registration.register_number}",
        "verify": reverse("portal:verify", args=[certificate.number]),
        "issue": reverse("registry:certificate_issue"),
        "registrations": reverse("registry:registration_list"),
        "registration": reverse("registry:registration_detail", args=[registration.pk]),
        "compliance": reverse("workforce:compliance_dashboard"),
        "statistics": reverse("reports:overview"),
        "budget-lines": reverse("funding:budgetline_list"),
        "budget-line": reverse("funding:budgetline_detail", args=[w["budget_line"].pk]),
        "transfer": reverse("funding:budgetline_transfer", args=[w["city_line"].pk]),
    }
    pdf = reverse("registry:certificate_pdf", args=[certificate.pk])
    SHOTS.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[str]] = {}  # a violation -> the screenshots showing it
    candidates = iter(w["candidates"])

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, locale in LANGUAGES.items():
                words = WORDS[language]
                for viewport in VIEWPORTS:
                    width = viewport["width"]
                    context = browser.new_context(
                        viewport=viewport, locale=locale, reduced_motion="reduce"
                    )
                    context.set_default_timeout(TIMEOUT_MS)
                    cookie = {"name": "django_language", "value": language, "url": url}
                    context.add_cookies([cookie])
                    page = context.new_page()
                    csp = csp_violations(page)
                    step = iter(range(1, 100))

                    def check(name, page=page, language=language, width=width, step=step):
                        """Screenshot and audit the page as it stands."""
                        expect(page.locator("html")).to_have_attribute("lang", language)
                        shot = SHOTS / f"{next(step):02d}-{name}-{language}-{width}.png"
                        page.screenshot(path=str(shot), full_page=True)
                        # Nothing runs past the screen's right edge (WCAG 1.4.10, reflow): a
                        # wide table scrolls in its own box, a long menu wraps.
                        wide = page.evaluate("() => document.documentElement.scrollWidth")
                        if wide > width:
                            failures.setdefault(f"page {wide} px wide", []).append(shot.name)
                        # A page's title says what it is before the site's name (WCAG 2.4.2).
                        if not page.title().split(" · ")[0].strip():
                            failures.setdefault(f"no title: {page.title()!r}", []).append(shot.name)
                        for line in describe(serious(audit(page))):
                            failures.setdefault(line, []).append(shot.name)

                    def sign_in(username, page=page, context=context, cookie=cookie):
                        context.clear_cookies()
                        context.add_cookies([cookie])
                        page.goto(url + pages["login"])
                        page.fill("#id_username", username)
                        page.fill("#id_password", factories.PASSWORD)
                        with page.expect_navigation():
                            page.locator("main form button[type=submit]").click()

                    # A visitor: the sign-in page, the public register, a verification.
                    page.goto(url + pages["login"])
                    expect(page.locator("main")).to_contain_text(words["sign_in"])
                    check("sign-in")
                    page.goto(url + pages["register"])
                    expect(page.locator("main")).to_contain_text(registration.register_number)
                    check("public-register")
                    page.goto(url + pages["verify"])
                    expect(page.locator("main")).to_contain_text(certificate.number)
                    check("verify")
                    # The first Tab reaches the skip link, shown while it has the focus; it
                    # takes the focus to the page's content (WCAG 2.4.1).
                    page.keyboard.press("Tab")
                    skip = page.locator(":focus")
                    expect(skip).to_have_text(words["skip"])
                    expect(skip).to_have_attribute("href", "#content")
                    expect(skip).to_be_visible()
                    page.screenshot(path=str(SHOTS / f"00-skip-link-{language}-{width}.png"))
                    page.keyboard.press("Enter")
                    expect(page.locator("main")).to_be_focused()

                    # The city administrator.
                    sign_in("cityadmin")
                    page.goto(url + "/")
                    queue = page.locator('[data-queue="registry.applications"]')
                    expect(queue).to_contain_text(words["queue"])
                    expect(queue.locator(".queue-count")).to_have_text("1")
                    check("workbench-cityadmin")
                    page.goto(url + pages["issue"])
                    expect(page.locator("h1")).to_contain_text(words["issue"])
                    check("certificate-form")
                    person = next(candidates)
                    # The passed result is searched as one types (issue 13: no whole-table
                    # select): the person's name, then the one result offered.
                    search = page.locator("#id_exam_result-ts-control")
                    search.click()
                    search.press_sequentially(person, delay=50)
                    option = page.locator(".ts-dropdown .option", has_text=person)
                    expect(option).to_have_count(1)
                    option.click()
                    page.fill("#id_reason", "首批发证")
                    with page.expect_navigation():
                        page.locator("main form button[type=submit]").click()
                    expect(page.locator(".alert-success")).to_contain_text(words["issued"])
                    expect(page.locator("main")).to_contain_text(person)
                    check("certificate")
                    page.goto(url + pages["registrations"])
                    expect(page.locator("#record-table")).to_contain_text(
                        registration.register_number
                    )
                    check("registrations")
                    page.goto(url + pages["registration"])
                    expect(page.locator("main")).to_contain_text(registration.register_number)
                    check("registration")
                    page.goto(url + pages["compliance"])
                    check("compliance")
                    page.goto(url + pages["statistics"])
                    expect(page.locator("canvas[data-chart]").first).to_be_visible()
                    page.wait_for_function(
                        "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
                        ".every(c => c.shegongChart !== undefined)"
                    )
                    check("statistics")
                    page.goto(url + pages["budget-lines"])
                    expect(page.locator("#record-table")).to_contain_text("福田区购买社工服务经费")
                    expect(page.locator("#money-summary")).to_contain_text("1,800,000.00")
                    check("budget-lines")
                    page.goto(url + pages["budget-line"])
                    expect(page.locator("#ledger")).to_contain_text("HT-2026-001")
                    check("budget-line")
                    page.goto(url + pages["transfer"])
                    expect(page.locator("main form")).to_be_visible()
                    check("subsidy-transfer")
                    response = page.goto(url + "/no-such-page/")
                    assert response.status == 404
                    expect(page.locator("main")).to_contain_text(words["missing"])
                    check("404")

                    # A social worker.
                    sign_in("worker")
                    page.goto(url + "/")
                    status = page.locator("#own-status")
                    expect(status).to_contain_text(words["status"])
                    expect(status).to_contain_text(registration.register_number)
                    expect(page.locator(f'#own-certificates a[href="{pdf}"]')).to_have_text(
                        words["pdf"]
                    )
                    expect(page.locator(".cpd-progress").first).to_be_visible()
                    check("workbench-worker")
                    response = page.goto(url + pages["issue"])
                    assert response.status == 403
                    expect(page.locator("main")).to_contain_text(words["denied"])
                    check("403")

                    assert csp == [], csp
                    context.close()
        finally:
            browser.close()

    assert failures == {}, "\n".join(
        f"{line}\n    on {', '.join(shots)}" for line, shots in failures.items()
    )
