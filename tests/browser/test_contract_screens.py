"""Issue 14 (contracts and payments, FIN-6, FIN-2): the contract pages at 1280 px and 390 px in
Chinese and English, with a screenshot each and an axe-core audit (``a11y.py``): the buyer
district officer's contract list, the demo contract (parties, funding lines, posts, clauses,
schedule, payments), the forms to add an instalment, record a condition, pay, amend and
terminate, and a funded post's page; the supplier's administrator's list and contract page.
Fails on a serious violation, a CSP violation, a page wider than the screen, or English words
left in the Chinese pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``c<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block."""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.core.testing import factories
from shegong.funding.tests.data import line
from shegong.procurement import demo
from shegong.procurement.models import Contract
from shegong.workforce.tests.data import post, post_type

from .a11y import audit, describe, serious
from .pages import csp_violations, sign_in
from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path  # noqa: F401 - fixture
from .test_screens import LANGUAGES, SHOTS, VIEWPORTS

pytestmark = pytest.mark.browser

#: Words of the English UI that must not show in the Chinese pages (raw values, labels).
ENGLISH = re.compile(
    r"\b(in_force|terminated|mid_term_evaluation|contract_signed|final_evaluation|buyer|"
    r"supplier|Contract|Instalment|Payment|Amendment|Clause|yuan|None)\b"
)


@pytest.fixture
def contract_world(tree):
    supplier = factories.organisation(tree["luohu"], "罗湖社工服务中心")
    ptype = post_type()
    posts = [post(supplier, ptype) for _ in range(2)]
    line(tree["luohu"], "2000000.00", year=timezone.localdate().year, name="罗湖区购买社工服务经费")
    demo.generate("district", random.Random(1), lambda message: None)
    factories.user("luohu_buyer", role="district_officer", scope=tree["luohu"])
    factories.user("luohu_supplier", role="org_admin", scope=supplier)
    contract = Contract.objects.get()
    return {
        "contract": contract,
        "second": contract.instalments.get(number=2),
        "post": posts[0],
    }


def test_the_contract_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    contract_world,
):
    from playwright.sync_api import expect, sync_playwright

    w = contract_world
    c, second = w["contract"], w["second"]
    url = live_server.url
    buyer_pages = {
        "list": reverse("procurement:contract_list"),
        "contract": reverse("procurement:contract_detail", args=[c.pk]),
        "instalment": reverse("procurement:instalment_add") + f"?contract={c.pk}",
        "condition": reverse("procurement:instalment_condition", args=[second.pk]),
        "pay": reverse("procurement:instalment_pay", args=[second.pk]),
        "amend": reverse("procurement:contract_amend", args=[c.pk]),
        "terminate": reverse("procurement:contract_terminate", args=[c.pk]),
        "post": reverse("workforce:post_detail", args=[w["post"].pk]),
        "payments": reverse("procurement:payment_list"),
    }
    supplier_pages = {
        "supplier-list": reverse("procurement:contract_list"),
        "supplier-contract": reverse("procurement:contract_detail", args=[c.pk]),
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, locale in LANGUAGES.items():
                for viewport in VIEWPORTS:
                    width = viewport["width"]
                    context = browser.new_context(
                        viewport=viewport, locale=locale, reduced_motion="reduce"
                    )
                    context.set_default_timeout(TIMEOUT_MS)
                    cookie = {"name": "django_language", "value": language, "url": url}
                    step = iter(range(1, 100))
                    for username, pages in (
                        ("luohu_buyer", buyer_pages),
                        ("luohu_supplier", supplier_pages),
                    ):
                        context.clear_cookies()
                        context.add_cookies([cookie])
                        page = context.new_page()
                        csp = csp_violations(page)
                        sign_in(page, url, username)
                        for name, path in pages.items():
                            response = page.goto(url + path)
                            shot = SHOTS / f"c{next(step):02d}-{name}-{language}-{width}.png"
                            if response.status != 200:
                                failures.setdefault(f"{response.status}", []).append(shot.name)
                                continue
                            expect(page.locator("html")).to_have_attribute("lang", language)
                            page.screenshot(path=str(shot), full_page=True)
                            wide = page.evaluate("() => document.documentElement.scrollWidth")
                            if wide > width:
                                failures.setdefault(f"{wide} px wide", []).append(shot.name)
                            if language == "zh-hans":
                                text = page.locator("main").inner_text()
                                for word in set(ENGLISH.findall(text)):
                                    failures.setdefault(f"English: {word}", []).append(shot.name)
                            for item in describe(serious(audit(page))):
                                failures.setdefault(item, []).append(shot.name)
                        if csp:
                            failures.setdefault("CSP", []).extend(csp)
                        page.close()
                    context.close()
        finally:
            browser.close()
    assert failures == {}
