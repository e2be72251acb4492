"""ORG-3: the journey of an application (self-assessment, evaluators with recusal, scores,
total, grade, appeal) with the expected values written out; GOV-2: ties and evaluators."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.governance import services as governance
from shegong.grading import services
from shegong.grading.models import Application

from .data import applied, claim_all, graded, indicators, score_all


def test_ties_employment_administration_and_declared_board_seat(world):
    w = world
    assert governance.ties(w["e1"], w["a"]) == []
    assert governance.ties(w["e3"], w["a"]) == ["Member of its board"]
    assert governance.ties(w["e3"], w["b"]) == []  # per organisation
    assert governance.ties(w["admin_a"], w["a"]) == [
        "employed by 福田阳光社工服务中心",
        "administrator of 福田阳光社工服务中心",
    ]
    names = [s.user.username for s in governance.evaluators(w["committee"])]
    assert names == ["eval_1", "eval_2", "eval_3"]
    kept = governance.evaluators(w["committee"], excluding_ties_to=w["a"])
    assert [s.user.username for s in kept] == ["eval_1", "eval_2"]
    kept = governance.evaluators(w["committee"], excluding_ties_to=w["b"])
    assert [s.user.username for s in kept] == ["eval_1", "eval_2", "eval_3"]


def test_a_claim_above_the_maximum_and_an_incomplete_submission_are_refused(world):
    w = world
    application = applied(w)
    first = indicators()[0]  # A1, 40 points
    with pytest.raises(ValidationError) as too_many:
        services.save_claims(w["admin_a"], application, {first: (Decimal("40.5"), "", None)})
    assert too_many.value.message_dict == {
        "points": ["At most 40 points on A1 法人资格与登记事项."]
    }
    services.save_claims(w["admin_a"], application, {first: (Decimal("40"), "证照齐全", None)})
    with pytest.raises(ValidationError) as missing:
        services.submit(w["admin_a"], application)
    assert missing.value.messages == [
        "Claim points on every indicator before submitting; missing: A2, A3, B1, B2, B3, B4, "
        "C1, C2, C3, D1, D2."
    ]
    with pytest.raises(PermissionDenied):  # another organisation's administrator
        services.save_claims(w["admin_b"], application, {first: (Decimal("1"), "", None)})


def test_the_committee_scores_with_one_automatic_and_one_declared_recusal(world):
    w = world
    application = claim_all(w, applied(w), w["admin_a"])
    with pytest.raises(PermissionDenied):
        services.assign(w["futian_officer"], application, committee=w["committee"])
    made = services.assign(
        w["city"], application, committee=w["committee"], evaluators=[w["e4"]], on=date(2026, 4, 2)
    )
    rows = {a.evaluator.username: (a.status, a.recusal, a.recusal_reason) for a in made}
    assert rows == {
        "eval_1": ("active", "", ""),
        "eval_2": ("active", "", ""),
        "eval_3": ("recused", "automatic", "Member of its board"),  # settings.LANGUAGE_CODE
        "eval_4": ("active", "", ""),
    }
    e4 = application.assignments.get(evaluator=w["e4"])
    with pytest.raises(ValidationError) as bare:
        services.recuse(w["e4"], e4, "")
    assert bare.value.message_dict == {"reason": ["Say why the evaluator stands aside."]}
    services.recuse(w["e4"], e4, "两年内曾在该机构任职")
    e4.refresh_from_db()
    assert (e4.status, e4.recusal, e4.recusal_reason) == (
        "recused",
        "declared",
        "两年内曾在该机构任职",
    )
    with pytest.raises(ValidationError) as recused:
        score_all(e4, w["e4"], lambda i: 0)
    assert recused.value.messages == ["You stood aside from this application: you do not score it."]
    one = application.assignments.get(evaluator=w["e1"])
    with pytest.raises(PermissionDenied):  # only the evaluator assigned scores
        score_all(one, w["e2"], lambda i: 0)
    with pytest.raises(ValidationError) as over:
        services.score(w["e1"], one, {indicators()[0]: (Decimal("41"), "")})
    assert over.value.message_dict == {"points": ["At most 40 points on A1 法人资格与登记事项."]}
    # e1 gives every indicator its maximum (1,000); e2 gives 60 % of it (600): mean 800 = 4A
    score_all(one, w["e1"], lambda i: i.max_points)
    two = application.assignments.get(evaluator=w["e2"])
    with pytest.raises(ValidationError) as waiting:
        services.publish(w["city"], application, on=date(2026, 6, 30))
    assert waiting.value.messages == ["Not every evaluator has submitted their scores: eval_2."]
    score_all(
        two, w["e2"], lambda i: (Decimal(i.max_points) * Decimal("0.6")).quantize(Decimal("0.1"))
    )
    grade = services.publish(w["city"], application, on=date(2026, 6, 30))
    application.refresh_from_db()
    assert (application.status, application.total, application.grade) == (
        "published",
        Decimal("800.00"),
        "4A",
    )
    assert (grade.grade, grade.published_on, grade.valid_until) == (
        "4A",
        date(2026, 6, 30),
        date(2031, 6, 29),
    )
    assert application.bands_rule.key == "grading.bands"
    assert AuditRecord.objects.filter(model="grading.organisationgrade").count() == 1
    assert list(verify_chain()) == []


def test_a_total_just_below_a_band_gets_the_lower_grade(world):
    w = world
    application = claim_all(w, applied(w, "b"), w["admin_b"])
    services.assign(w["city"], application, evaluators=[w["e1"], w["e2"]], on=date(2026, 4, 2))
    # e1: 1,000 less 0.5 on D2 (999.5); e2: 600: mean 799.75 -> 3A
    score_all(
        application.assignments.get(evaluator=w["e1"]),
        w["e1"],
        lambda i: Decimal(i.max_points) - (Decimal("0.5") if i.code == "D2" else 0),
    )
    score_all(
        application.assignments.get(evaluator=w["e2"]),
        w["e2"],
        lambda i: (Decimal(i.max_points) * Decimal("0.6")).quantize(Decimal("0.1")),
    )
    services.publish(w["city"], application, on=date(2026, 6, 30))
    application.refresh_from_db()
    assert (application.total, application.grade) == (Decimal("799.75"), "3A")


def test_assigning_only_tied_evaluators_is_refused(world):
    w = world
    application = claim_all(w, applied(w), w["admin_a"])
    with pytest.raises(ValidationError) as refused:
        services.assign(w["city"], application, evaluators=[w["e3"], w["admin_a"]])
    assert refused.value.messages == [
        "Every evaluator named is tied to the organisation: name others who are not."
    ]
    assert not application.assignments.exists()  # nothing half-written
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_appeal_on_the_last_day_and_the_day_after_and_its_decision(world):
    w = world
    grade = graded(w, "a", share=Decimal("0.85"), on=date(2026, 6, 30))
    application = grade.application
    with pytest.raises(ValidationError) as late:
        services.lodge_appeal(w["admin_a"], application, "评分有误", on=date(2026, 7, 8))
    assert late.value.messages == [
        "The appeal period ended on 2026-07-07 (published on 2026-06-30)."
    ]
    appeal = services.lodge_appeal(w["admin_a"], application, "评分有误", on=date(2026, 7, 7))
    with pytest.raises(ValidationError) as twice:
        services.lodge_appeal(w["admin_a"], application, "再次申请", on=date(2026, 7, 7))
    assert twice.value.messages == ["An appeal of this grade is already waiting for a decision."]
    with pytest.raises(PermissionDenied):
        services.decide_appeal(w["futian_officer"], appeal, "upheld", "复核", revised_grade="5A")
    services.decide_appeal(w["city"], appeal, "upheld", "复核后调整", revised_grade="5A")
    grade.refresh_from_db()
    application.refresh_from_db()
    assert (grade.grade, application.grade) == ("5A", "5A")
