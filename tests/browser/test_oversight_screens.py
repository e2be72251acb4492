"""Issue 15 (FIN-5): the oversight pages at 1280 px and 390 px in Chinese and English, with a
screenshot each and an axe-core audit (``a11y.py``): the city's visits dashboard, visit draw and
draw form, an evaluation and the rating form; a district officer's self-assessments and visit;
the supplier's self-assessment and its recorded visit (no private notes); an evaluator's
assignment and score form. Fails on a serious violation, a CSP violation, a page wider than the
screen, or English words or raw values left in the Chinese pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``o<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from shegong.core.testing.clock import frozen_clock
from shegong.oversight import services
from shegong.oversight.models import Evaluation, EvaluatorAssignment, SelfAssessment, Visit
from shegong.oversight.tests.data import cworld, oworld, world  # noqa: F401 - fixtures

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

#: Words of the English UI (and raw values) that must not show in the Chinese pages.
ENGLISH = re.compile(
    r"\b(not_met|partly_met|late_return|complaint|announced|unannounced|mid_term|final|"
    r"not_competent|Evaluation|Visit|Draw|Seed|None)\b"
)

ON = date(2026, 12, 10)


@pytest.fixture
def screens_world(oworld):  # noqa: F811
    w = oworld
    with frozen_clock(ON):
        a = services.open_self_assessment(w["futian_admin"], w["contract_futian"], 2026)
        for n, item in enumerate(a.items.order_by("standard__code")):
            result = "met" if n % 5 else ("partly_met" if n else "not_met")
            services.assess(w["futian_admin"], item, result, "服务台账、个案记录及活动签到表")
        w["assessment"] = a
        services.schedule_returns(w["officer"], w["contract_futian"])
        w["draw"] = services.draw_visits(w["city_admin"], w["tree"]["city"], 2026, "s", on=ON)
        w["visit"] = services.plan_visit(
            w["officer"],
            Visit,
            {
                "contract": w["contract_futian"],
                "kind": "unannounced",
                "planned_on": ON,
                "lead_evaluator": w["evaluator"],
                "draw": w["draw"],
            },
            m2m={"evaluators": [w["evaluator2"]]},
        )
        services.record_visit(
            w["evaluator"], w["visit"], ON, "服务记录完整，活动按计划开展。", "督导记录偏少"
        )
        mid = services.plan_evaluation(
            w["officer"],
            Evaluation,
            {"contract": w["contract_futian"], "stage": "mid_term", "held_on": date(2026, 10, 8)},
            m2m={"evaluators": [w["evaluator"], w["evaluator2"]]},
        )
        first, second = mid.assignments.order_by("pk")
        services.score(w["evaluator"], first, "82", "现场查阅台账")
        services.declare_recusal(w["evaluator2"], second, "曾为该机构提供督导服务")
        w["mid"] = services.rate(w["officer"], mid, on=date(2026, 10, 9))
        w["final"] = services.plan_evaluation(
            w["officer"],
            Evaluation,
            {"contract": w["contract_futian"], "stage": "final", "held_on": date(2027, 2, 20)},
            m2m={"evaluators": [w["evaluator"]]},
        )
    w["assignment"] = EvaluatorAssignment.objects.get(evaluation=w["final"])
    return w


def test_the_oversight_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    screens_world,
):
    w = screens_world
    city = {
        "dashboard": reverse("oversight:dashboard") + "?year=2026",
        "draw": reverse("oversight:visitdraw_detail", args=[w["draw"].pk]),
        "draw-form": reverse("oversight:visitdraw_draw"),
        "evaluation": reverse("oversight:evaluation_detail", args=[w["mid"].pk]),
        "rate": reverse("oversight:evaluation_rate", args=[w["final"].pk]),
        "standards": reverse("oversight:qualitystandard_list"),
    }
    officer = {
        "assessments": reverse("oversight:selfassessment_list"),
        "returns": reverse("oversight:statisticsreturn_list"),
        "visit": reverse("oversight:visit_detail", args=[w["visit"].pk]),
        "plan-evaluation": reverse("oversight:evaluation_add"),
        # the city's draw offered in a select (it chose Futian's contract)
        "plan-visit": reverse("oversight:visit_add"),
    }
    supplier = {
        "own-assessment": reverse("oversight:selfassessment_detail", args=[w["assessment"].pk]),
        "assess": reverse(
            "oversight:selfassessmentitem_assess", args=[w["assessment"].items.first().pk]
        ),
        "own-visit": reverse("oversight:visit_detail", args=[w["visit"].pk]),
    }
    evaluator = {
        "assignment": reverse("oversight:evaluatorassignment_detail", args=[w["assignment"].pk]),
        "score": reverse("oversight:evaluatorassignment_score", args=[w["assignment"].pk]),
    }

    def no_private_notes(name, text):
        return ["private notes shown"] if name == "own-visit" and "督导记录偏少" in text else []

    failures = tour(
        chromium_path,
        live_server.url,
        "o",
        (
            ("cityadmin", city),
            ("futian_officer", officer),
            ("futian_org", supplier),
            ("evaluator1", evaluator),
        ),
        ENGLISH,
        check=no_private_notes,
    )
    assert failures == {}
    assert SelfAssessment.objects.count() == 1
