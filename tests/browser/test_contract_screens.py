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

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

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
    failures = tour(
        chromium_path,
        url,
        "c",
        (("luohu_buyer", buyer_pages), ("luohu_supplier", supplier_pages)),
        ENGLISH,
    )
    assert failures == {}
