"""ORG-5: the supervision pages at 1280 px and 390 px in Chinese and English, with a
screenshot each and an axe-core audit (``a11y.py``): a district officer's inspections, an
inspection with its findings, a case, a decision with an overdue rectification order, the
order, the decide and add-a-sanction forms, the disciplinary measures; the sanctioned
organisation's administrator's decision and sanctions; an association's measure form; a
visitor's public notice of sanctions in force. Fails on a serious violation, a CSP violation,
a page wider than the screen, or English words left in the Chinese pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``i<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block."""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse

from shegong.core.testing import factories
from shegong.inspections import demo
from shegong.inspections.models import Case, Decision, Discipline, Inspection, Sanction
from shegong.inspections.tests.data import association

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

#: Words of the English UI that must not show in the Chinese pages (raw values, labels).
ENGLISH = re.compile(
    r"\b(rectification|tender_bar|warning|planned|complaint|investigating|decided|pending|"
    r"Inspection|Sanction|Decision|Appeal|Overdue|None|True|False)\b"
)


@pytest.fixture
def inspections_world(tree):
    first = factories.organisation(tree["luohu"], "罗湖社工服务中心")
    second = factories.organisation(tree["futian"], "福田社工服务中心")
    assoc = association(tree["futian"])
    demo.generate("district", random.Random(1), lambda message: None)
    factories.user("luohu_supervisor", role="district_officer", scope=tree["luohu"])
    factories.user("luohu_org", role="org_admin", scope=first)
    factories.user("futian_org", role="org_admin", scope=second)
    factories.user("assoc_admin", role="org_admin", scope=assoc)
    order = Sanction.objects.get(kind="rectification")
    return {
        "inspection": Inspection.objects.get(organisation=first),
        "case": Case.objects.get(organisation=first),
        "decision": order.decision,
        "order": order,
        "bar_decision": Decision.objects.get(organisation=second),
        "measure": Discipline.objects.get(),
    }


def test_the_inspections_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    inspections_world,
):
    w = inspections_world
    officer_pages = {
        "inspections": reverse("inspections:inspection_list"),
        "inspection": reverse("inspections:inspection_detail", args=[w["inspection"].pk]),
        "case": reverse("inspections:case_detail", args=[w["case"].pk]),
        "decision": reverse("inspections:decision_detail", args=[w["decision"].pk]),
        "order": reverse("inspections:sanction_detail", args=[w["order"].pk]),
        "rectify": reverse("inspections:sanction_rectify", args=[w["order"].pk]),
        "add-sanction": reverse("inspections:sanction_add") + f"?decision={w['decision'].pk}",
        "sanctions": reverse("inspections:sanction_list"),
        "new-inspection": reverse("inspections:inspection_add"),
    }
    org_pages = {
        "org-decision": reverse("inspections:decision_detail", args=[w["bar_decision"].pk]),
        "org-sanctions": reverse("inspections:sanction_list"),
        "org-appeal": reverse("inspections:appeal_add") + f"?decision={w['bar_decision'].pk}",
    }
    association_pages = {
        "measures": reverse("inspections:discipline_list"),
        "measure": reverse("inspections:discipline_detail", args=[w["measure"].pk]),
        "new-measure": reverse("inspections:discipline_add"),
    }
    visitor_pages = {"public-sanctions": reverse("portal:sanctions")}
    failures = tour(
        chromium_path,
        live_server.url,
        "i",
        (
            ("luohu_supervisor", officer_pages),
            ("futian_org", org_pages),
            ("assoc_admin", association_pages),
            (None, visitor_pages),
        ),
        ENGLISH,
    )
    assert failures == {}
