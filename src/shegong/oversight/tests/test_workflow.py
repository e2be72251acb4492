"""FIN-5: self-assessments, returns, visits, evaluations with recusal, ratings feeding the
payment conditions and the bar from tenders; who sees what. Two districts, two organisations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.core.permissions import restrict
from shegong.core.testing.clock import frozen_clock
from shegong.oversight import services
from shegong.oversight.models import (
    DrawEntry,
    Evaluation,
    EvaluatorAssignment,
    SelfAssessment,
    StatisticsReturn,
    Visit,
)
from shegong.procurement.models import Instalment, TenderBar
from shegong.procurement.services import eligibility

from .data import employ

pytestmark = pytest.mark.django_db


# --- Self-assessments ---------------------------------------------------------------------


def test_self_assessment_lists_the_sixteen_standards_and_needs_every_result(oworld):
    w = oworld
    with frozen_clock(date(2026, 12, 10)):
        a = services.open_self_assessment(w["futian_admin"], w["contract_futian"], 2026)
        assert a.items.count() == 16
        with pytest.raises(ValidationError) as refused:
            services.submit_self_assessment(w["futian_admin"], a)
        assert "not yet assessed: QS01 项目管理制度健全" in refused.value.messages[0]
        items = list(a.items.order_by("standard__code"))
        with pytest.raises(ValidationError) as no_evidence:
            services.assess(w["futian_admin"], items[0], "met", " ")
        assert no_evidence.value.message_dict == {"evidence": ["Give the evidence for the result."]}
        for item in items:
            services.assess(w["futian_admin"], item, "met", "台账与记录")
        services.assess(w["futian_admin"], items[3], "not_met", "档案缺失")
        a = services.submit_self_assessment(w["futian_admin"], a)
    assert a.status == "submitted" and a.submitted_on == date(2026, 12, 10)
    with pytest.raises(ValidationError, match="submitted; it no longer changes"):
        services.assess(w["futian_admin"], items[0], "not_met", "x")
    with pytest.raises(ValidationError) as twice:
        services.open_self_assessment(w["futian_admin"], w["contract_futian"], 2026)
    assert twice.value.message_dict["year"] == [
        "The contract already has a self-assessment for 2026."
    ]


def test_a_supplier_assesses_only_its_own_contracts(oworld):
    w = oworld
    with pytest.raises(PermissionDenied):
        services.open_self_assessment(w["futian_admin"], w["contract_luohu"], 2026)
    a = services.open_self_assessment(w["org_admin"], w["contract_luohu"], 2026)
    assert list(restrict(SelfAssessment.objects.all(), w["futian_admin"], "view")) == []
    assert list(restrict(SelfAssessment.objects.all(), w["org_admin"], "view")) == [a]
    assert list(restrict(SelfAssessment.objects.all(), w["officer"], "view")) == []
    assert list(restrict(SelfAssessment.objects.all(), w["luohu_officer"], "view")) == [a]


# --- Statistics returns -------------------------------------------------------------------


def test_returns_are_scheduled_by_quarter_and_a_late_one_is_flagged(oworld):
    w = oworld
    made = services.schedule_returns(w["officer"], w["contract_futian"])
    assert [(r.period_start, r.period_end, r.due_on) for r in made] == [
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 15)),
        (date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 15)),
        (date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 15)),
        (date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 15)),
    ]
    assert services.schedule_returns(w["officer"], w["contract_futian"]) == []
    figures = {"people_served": 120, "activities": 8, "service_hours": Decimal("300.5")}
    first, second = made[0], made[1]
    on_time = services.submit_return(w["futian_admin"], first, figures, on=date(2026, 7, 15))
    late = services.submit_return(w["futian_admin"], second, figures, on=date(2026, 10, 16))
    assert on_time.submitted_on == date(2026, 7, 15)
    record = AuditRecord.objects.filter(model="oversight.statisticsreturn", object_id=late.pk)
    assert record.order_by("-pk").first().reason == "Submitted late (due 2026-10-15)"
    with pytest.raises(ValidationError) as early:
        services.submit_return(w["futian_admin"], made[3], figures, on=date(2027, 3, 30))
    assert early.value.messages == ["The period ends on 2027-03-31; submit the return after it."]
    with pytest.raises(ValidationError) as missing:
        services.submit_return(
            w["futian_admin"], made[2], {"people_served": 3}, on=date(2027, 1, 2)
        )
    assert set(missing.value.message_dict) == {"activities", "service_hours"}
    assert StatisticsReturn.objects.filter(submitted_on__isnull=False).count() == 2


# --- Visits ---------------------------------------------------------------------------------


def test_an_unannounced_visit_is_hidden_from_the_supplier_until_recorded(oworld):
    w = oworld
    with frozen_clock(date(2026, 12, 8)):
        visit = services.plan_visit(
            w["officer"],
            Visit,
            {
                "contract": w["contract_futian"],
                "kind": "unannounced",
                "planned_on": date(2026, 12, 20),
                "lead_evaluator": w["evaluator"],
            },
            m2m={},
        )
        announced = services.plan_visit(
            w["luohu_officer"],
            Visit,
            {
                "contract": w["contract_luohu"],
                "kind": "announced",
                "planned_on": date(2026, 12, 21),
                "lead_evaluator": w["evaluator2"],
            },
            m2m={},
        )
    assert list(restrict(Visit.objects.all(), w["futian_admin"], "view")) == []
    assert list(restrict(Visit.objects.all(), w["org_admin"], "view")) == [announced]
    assert list(restrict(Visit.objects.all(), w["evaluator"], "view")) == [visit]
    assert list(restrict(Visit.objects.all(), w["evaluator2"], "view")) == [announced]
    with frozen_clock(date(2026, 12, 20)):
        with pytest.raises(ValidationError) as future:
            services.record_visit(w["evaluator"], visit, date(2026, 12, 21), "好")
        assert future.value.message_dict == {
            "visited_on": ["A visit is recorded once it has been made."]
        }
        with pytest.raises(PermissionDenied):  # another evaluator records nothing
            services.record_visit(w["evaluator2"], visit, date(2026, 12, 20), "x")
        services.record_visit(
            w["evaluator"], visit, date(2026, 12, 20), "服务记录完整", "督导不足，需复查"
        )
    assert list(restrict(Visit.objects.all(), w["futian_admin"], "view")) == [visit]
    assert restrict(Visit.objects.all(), w["futian_admin"], "view_private").count() == 0
    assert restrict(Visit.objects.all(), w["evaluator"], "view_private").count() == 1
    assert restrict(Visit.objects.all(), w["officer"], "view_private").count() == 1


def test_a_visit_refuses_an_evaluator_tied_to_the_supplier(oworld):
    w = oworld
    with pytest.raises(ValidationError) as refused:
        services.plan_visit(
            w["officer"],
            Visit,
            {
                "contract": w["contract_futian"],
                "kind": "announced",
                "planned_on": date(2026, 11, 20),
                "lead_evaluator": w["futian_admin"],
            },
            m2m={},
        )
    assert refused.value.message_dict["evaluators"] == [
        "futian_org holds a role in 福田社工服务中心 and is excluded; choose another evaluator."
    ]


# --- Evaluations ------------------------------------------------------------------------------


def _final(w, held_on, evaluators):
    return services.plan_evaluation(
        w["officer"],
        Evaluation,
        {"contract": w["contract_futian"], "stage": "final", "held_on": held_on},
        m2m={"evaluators": evaluators},
    )


def test_final_evaluation_on_the_last_allowed_day_is_accepted_the_next_refused(oworld):
    w = oworld  # the contract ends on 31 March 2027
    with pytest.raises(ValidationError) as late:
        _final(w, date(2027, 3, 1), [w["evaluator"]])
    assert late.value.message_dict == {
        "held_on": [
            "The final evaluation must be held at least one month before the contract ends on "
            "2027-03-31: 2027-02-28 at the latest."
        ]
    }
    evaluation = _final(w, date(2027, 2, 28), [w["evaluator"]])
    assert evaluation.assignments.count() == 1


def test_an_employee_of_the_supplier_is_excluded_as_evaluator(oworld):
    w = oworld
    employ(w["evaluator3"], w["posts_futian"][0])
    with pytest.raises(ValidationError) as refused:
        _final(w, date(2027, 2, 1), [w["evaluator"], w["evaluator3"]])
    assert refused.value.message_dict["evaluators"] == [
        "评估员丙 works at 福田社工服务中心 and is excluded; choose another evaluator."
    ]
    # The same person is not tied to the Luohu organisation.
    services.plan_evaluation(
        w["luohu_officer"],
        Evaluation,
        {"contract": w["contract_luohu"], "stage": "mid_term", "held_on": date(2026, 10, 1)},
        m2m={"evaluators": [w["evaluator3"]]},
    )


def _scored(w, evaluation, scores: dict):
    for assignment in evaluation.assignments.select_related("evaluator"):
        value = scores[assignment.evaluator.username]
        if value == "recuse":
            services.declare_recusal(assignment.evaluator, assignment, "曾为该机构提供督导")
        else:
            services.score(assignment.evaluator, assignment, value, "现场查阅台账")


def test_mid_term_rating_passes_and_meets_the_instalment_condition(oworld):
    w = oworld
    mid = services.plan_evaluation(
        w["officer"],
        Evaluation,
        {"contract": w["contract_futian"], "stage": "mid_term", "held_on": date(2026, 10, 10)},
        m2m={"evaluators": [w["evaluator"], w["evaluator2"], w["evaluator3"]]},
    )
    _scored(w, mid, {"evaluator1": "72", "evaluator2": "recuse", "evaluator3": "69"})
    kept = EvaluatorAssignment.objects.get(evaluation=mid, evaluator=w["evaluator2"])
    assert kept.recused and kept.recusal_reason == "曾为该机构提供督导" and kept.score is None
    with pytest.raises(PermissionDenied):
        services.score(w["evaluator"], kept, 90)  # nobody scores for another
    mid = services.rate(w["officer"], mid, on=date(2026, 10, 12))
    assert (mid.score, mid.rating) == (Decimal("70.50"), "competent")
    instalment = Instalment.objects.get(contract=w["contract_futian"], number=2)
    assert instalment.condition_met is True
    assert instalment.evidence == "Mid-term evaluation of 2026-10-10: Score 70.50: Competent."
    assert not Instalment.objects.get(contract=w["contract_futian"], number=3).condition_met
    assert TenderBar.objects.count() == 0


def test_basically_competent_records_the_condition_not_met(oworld):
    w = oworld
    mid = services.plan_evaluation(
        w["officer"],
        Evaluation,
        {"contract": w["contract_futian"], "stage": "mid_term", "held_on": date(2026, 10, 10)},
        m2m={"evaluators": [w["evaluator"]]},
    )
    _scored(w, mid, {"evaluator1": "69.99"})
    mid = services.rate(w["officer"], mid, on=date(2026, 10, 12))
    assert mid.rating == "basically_competent"
    instalment = Instalment.objects.get(contract=w["contract_futian"], number=2)
    assert instalment.condition_met is False and instalment.met_on == date(2026, 10, 12)


def test_not_competent_bars_the_supplier_from_that_buyer_for_a_year(oworld):
    w = oworld
    final = _final(w, date(2027, 2, 20), [w["evaluator"], w["evaluator2"]])
    with frozen_clock(date(2027, 2, 20)), pytest.raises(ValidationError) as waiting:
        services.rate(w["officer"], final)
    assert waiting.value.messages == ["Waiting for the scores of: 评估员甲、评估员乙."]
    _scored(w, final, {"evaluator1": "55", "evaluator2": "58"})
    with frozen_clock(date(2027, 2, 22)):
        final = services.rate(w["officer"], final)
    assert (final.score, final.rating) == (Decimal("56.50"), "not_competent")
    bar = TenderBar.objects.get()
    assert (bar.organisation, bar.buyer, bar.starts, bar.ends, bar.source) == (
        w["org_futian"],
        w["tree"]["futian"],
        date(2027, 2, 22),
        date(2028, 2, 21),
        "rating",
    )
    assert bar.reference == f"{w['contract_futian'].number} Final evaluation"
    futian_tender = w["item_futian"]
    from shegong.procurement.tests.data import tender  # noqa: PLC0415

    p = tender(futian_tender)
    found = eligibility.problems(p, w["org_futian"], date(2028, 2, 21))
    assert any("2028-02-21" in problem for problem in found)
    assert not any(
        "bar" in p_.lower() for p_ in eligibility.problems(p, w["org_futian"], date(2028, 2, 22))
    )
    luohu = tender(w["item_luohu"])
    assert not any(
        "bar" in p_.lower() for p_ in eligibility.problems(luohu, w["org_futian"], date(2027, 6, 1))
    )
    assert not Instalment.objects.get(contract=w["contract_futian"], number=3).condition_met
    assert list(verify_chain()) == []


def test_evaluators_see_only_their_assignments_and_suppliers_no_scores(oworld):
    w = oworld
    final = _final(w, date(2027, 2, 20), [w["evaluator"]])
    other = services.plan_evaluation(
        w["luohu_officer"],
        Evaluation,
        {"contract": w["contract_luohu"], "stage": "mid_term", "held_on": date(2026, 10, 1)},
        m2m={"evaluators": [w["evaluator2"]]},
    )
    assert list(restrict(Evaluation.objects.all(), w["evaluator"], "view")) == []
    mine = restrict(EvaluatorAssignment.objects.all(), w["evaluator2"], "view")
    assert [a.evaluation for a in mine] == [other]
    assert list(restrict(Evaluation.objects.all(), w["nobody"], "view")) == []
    assert list(restrict(Evaluation.objects.all(), w["futian_admin"], "view")) == [final]
    assert restrict(EvaluatorAssignment.objects.all(), w["futian_admin"], "view").count() == 0
    assert restrict(EvaluatorAssignment.objects.all(), w["evaluator"], "view").count() == 1
    assert restrict(EvaluatorAssignment.objects.all(), w["evaluator"], "view_private").count() == 1
    assert restrict(EvaluatorAssignment.objects.all(), w["officer"], "view_private").count() == 1
    assert restrict(DrawEntry.objects.all(), w["futian_admin"], "view").count() == 0
