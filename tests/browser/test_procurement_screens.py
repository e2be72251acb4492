"""Issue 14 (the tender stage): the procurement pages at 1280 px and 390 px in Chinese and
English, with a screenshot each and an axe-core audit (``a11y.py``): a district officer's plan,
list, open tender (criteria, the deadline's moves, clarifications), single-source notice, and
the publish and clarification forms; an organisation's administrator's list and the
single-source page with its objection form; a visitor's public tender pages (PUB-1: the front
page's open tenders, the list, the open tender, the single-source notice; a draft's public page
is a 404). Fails on a serious violation, a CSP violation, a page wider than the screen, or
English words left in the Chinese pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``p<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block."""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse

from shegong.core.testing import factories
from shegong.procurement import demo
from shegong.procurement.models import Procurement, PurchasePlan
from shegong.procurement.tests.data import tender

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

#: Words of the English UI that must not show in the Chinese pages (raw values, labels).
ENGLISH = re.compile(
    r"\b(open_tender|single_source|draft|published|Procurement|Clarification|Objection|"
    r"Criterion|deadline|Purchase)\b"
)


@pytest.fixture
def procurement_world(tree):
    factories.organisation(tree["luohu"], "罗湖社工服务中心")
    demo.generate("district", random.Random(1), lambda message: None)
    plan = PurchasePlan.objects.get()
    officer = factories.user("luohu_buyer", role="district_officer", scope=tree["luohu"])
    supplier = factories.organisation(tree["futian"], "福田社工服务中心")
    factories.user("futian_supplier", role="org_admin", scope=supplier)
    draft = tender(plan.items.order_by("pk")[2], title="青少年成长支持项目竞争性磋商")
    return {
        "plan": plan,
        "officer": officer,
        "tender": Procurement.objects.get(method="open_tender"),
        "single": Procurement.objects.get(method="single_source"),
        "draft": draft,
    }


def test_the_procurement_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    procurement_world,
):
    w = procurement_world
    url = live_server.url
    officer_pages = {
        "plan": reverse("procurement:purchaseplan_detail", args=[w["plan"].pk]),
        "list": reverse("procurement:procurement_list"),
        "tender": reverse("procurement:procurement_detail", args=[w["tender"].pk]),
        "single": reverse("procurement:procurement_detail", args=[w["single"].pk]),
        "draft": reverse("procurement:procurement_detail", args=[w["draft"].pk]),
        "publish": reverse("procurement:procurement_publish", args=[w["draft"].pk]),
        "clarify": reverse("procurement:procurement_clarify", args=[w["tender"].pk]),
        "edit": reverse("procurement:procurement_edit", args=[w["draft"].pk]),
    }
    supplier_pages = {
        "supplier-list": reverse("procurement:procurement_list"),
        "supplier-single": reverse("procurement:procurement_detail", args=[w["single"].pk]),
        "object": reverse("procurement:procurement_object", args=[w["single"].pk]),
    }
    visitor_pages = {
        "public-home": reverse("portal:home"),
        "public-list": reverse("portal:tenders"),
        "public-tender": reverse("portal:tender", args=[w["tender"].pk]),
        "public-single": reverse("portal:tender", args=[w["single"].pk]),
    }
    draft = reverse("portal:tender", args=[w["draft"].pk])

    def draft_is_hidden(page, username):
        """A draft is nobody's public page (a visitor's turn)."""
        if username is None and page.goto(url + draft).status != 404:
            return ["draft shown"]
        return []

    failures = tour(
        chromium_path,
        url,
        "p",
        (
            ("luohu_buyer", officer_pages),
            ("futian_supplier", supplier_pages),
            (None, visitor_pages),
        ),
        ENGLISH,
        after=draft_is_hidden,
    )
    assert failures == {}
