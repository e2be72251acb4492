"""Issue 15 (ORG-3, GOV-2): the grading and committee pages at 1280 px and 390 px in Chinese
and English, with a screenshot each and an axe-core audit (``a11y.py``): the city officer's
cycle, indicator system, applications, an application with its evaluators and a recusal, the
assign and publish forms, a grade and a committee; an organisation administrator's apply,
self-assessment, application and appeal pages and their organisation's page with its grade; an
evaluator's score page. Fails on a serious violation, a CSP violation, a page wider than the
screen, or English words left in the Chinese pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``g<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.core.services import update_record
from shegong.core.testing import factories
from shegong.grading import services
from shegong.grading.tests import data
from shegong.grading.tests.data import applied, claim_all, graded

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

#: Words of the English UI that must not show in the Chinese pages (raw values, labels).
ENGLISH = re.compile(
    r"\b(self_assessment|evaluation|published|submitted|active|recused|automatic|declared|"
    r"Grading|Indicator|Evaluator|Committee|Grade|None)\b"
)

world = data.world  # the grading tests' world


@pytest.fixture
def grading_world(world):
    w = world
    grade = graded(w, "a", share=Decimal("0.85"), on=date(2026, 6, 30))
    b = claim_all(w, applied(w, "b"), w["admin_b"])
    services.assign(w["city"], b, committee=w["committee"], on=date(2026, 4, 2))
    today = timezone.localdate()
    update_record(
        None,
        w["cycle"],
        {"opens_on": today - timedelta(days=30), "closes_on": today + timedelta(days=30)},
        permission=None,
    )
    c = factories.organisation(w["tree"]["futian"], "福田春晖社工服务中心")
    c = update_record(None, c, {"registered_on": date(2019, 5, 1)}, permission=None)
    admin_c = factories.user("admin_c", role="org_admin", scope=c)
    c_app = services.apply(admin_c, w["cycle"], c, on=today)
    return {**w, "grade": grade, "b_app": b, "c_app": c_app}


def test_the_grading_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    grading_world,
):
    w = grading_world
    a_app, b_app = w["grade"].application, w["b_app"]
    e1_on_b = b_app.assignments.get(evaluator=w["e1"])
    city_pages = {
        "cycles": reverse("grading:gradingcycle_list"),
        "cycle": reverse("grading:gradingcycle_detail", args=[w["cycle"].pk]),
        "system": reverse("grading:indicatorsystem_detail", args=[w["cycle"].system_id]),
        "applications": reverse("grading:application_list"),
        "application": reverse("grading:application_detail", args=[a_app.pk]),
        "assign": reverse("grading:application_assign", args=[b_app.pk]),
        "publish": reverse("grading:application_publish", args=[b_app.pk]),
        "grade": reverse("grading:organisationgrade_detail", args=[w["grade"].pk]),
        "downgrade": reverse("grading:organisationgrade_downgrade", args=[w["grade"].pk]),
        "committee": reverse("governance:committee_detail", args=[w["committee"].pk]),
        "committees": reverse("governance:committee_list"),
    }
    admin_a_pages = {
        "own-application": reverse("grading:application_detail", args=[a_app.pk]),
        "appeal": reverse("grading:application_appeal", args=[a_app.pk]),
        "organisation": reverse("organisations:organisation_detail", args=[w["a"].pk]),
    }
    admin_c_pages = {
        "apply": reverse("grading:cycle_apply", args=[w["cycle"].pk]),
        "self-assess": reverse("grading:application_self_assess", args=[w["c_app"].pk]),
    }
    evaluator_pages = {
        "to-score": reverse("grading:application_detail", args=[b_app.pk]),
        "score": reverse("grading:assignment_score", args=[e1_on_b.pk]),
    }
    failures = tour(
        chromium_path,
        live_server.url,
        "g",
        (
            ("city_officer", city_pages),
            ("admin_a", admin_a_pages),
            ("admin_c", admin_c_pages),
            ("eval_1", evaluator_pages),
        ),
        ENGLISH,
    )
    assert failures == {}
