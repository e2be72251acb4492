"""REG-6: the cycle from draft to closed, at the edges of each rule: who is assessed, forms
whose weights do not add up to 100, scoring, the excellent cap with ties and the officer's
award within the hard cap, appeals on the last day and a day late, all in the audit trail."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.assessment import services
from shegong.assessment.choices import AppealStatus, CycleStatus, Rating, SheetStatus, Side
from shegong.assessment.models import Appeal, Assessment, AssessmentForm, ScoreSheet
from shegong.core import audit
from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord, PolicyParameter
from shegong.core.services import create_record, update_record
from shegong.core.testing import factories
from shegong.workforce.tests import data as wdata

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    return data.build(tree)


def messages(exc) -> str:
    return " ".join(exc.value.messages)


# --- Forms -------------------------------------------------------------------------------------


def test_weights_must_add_up_to_exactly_100(w):
    other = wdata.post_type(designated=False)
    with pytest.raises(ValidationError) as exc:
        data.form(other, weight_level=Decimal("9.99"))
    assert "99.99" in messages(exc) and "exactly 100" in messages(exc)
    with pytest.raises(ValidationError):
        data.form(other, weight_level=Decimal("10.01"))
    assert data.form(other).weights()["level"] == Decimal("10")


def test_one_active_form_per_post_type(w):
    with pytest.raises(ValidationError) as exc:
        data.form(w["post_type"])
    assert "already has an active form" in messages(exc)
    update_record(None, w["form"], {"is_active": False})
    assert data.form(w["post_type"]).is_active


# --- Cycles ------------------------------------------------------------------------------------


def test_cycles_may_not_cover_the_same_people_twice_in_a_year(w):
    data.cycle(w["futian"])
    with pytest.raises(ValidationError) as exc:
        data.cycle(w["tree"]["city"])
    assert "already covers" in str(exc.value.message_dict["area"])
    data.cycle(w["luohu"])  # another district is fine
    data.cycle(w["futian"], year=data.today().year + 1)  # and another year
    with pytest.raises(ValidationError) as exc:
        data.cycle(w["tree"]["futian_street"], year=2000)
    assert "area" in exc.value.message_dict


def test_each_step_is_refused_from_the_wrong_stage(w):
    data.employ(w["employer"], w["futian"], w["post_type"])
    c = data.cycle(w["futian"])
    for step in (services.close_scoring, services.compute_results, services.publish):
        with pytest.raises(ValidationError) as exc:
            step(w["officer"], c)
        assert "“Draft”" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.close_cycle(w["officer"], c)
    assert "is at the stage “Draft”" in messages(exc) and "“Results published”" in messages(exc)
    c = services.open_scoring(w["officer"], c)
    assert c.status == CycleStatus.SCORING_OPEN
    with pytest.raises(ValidationError) as exc:
        services.open_scoring(w["officer"], c)
    assert "“Scoring open”" in messages(exc)


def test_only_officers_of_the_area_run_the_cycle(w):
    data.employ(w["employer"], w["futian"], w["post_type"])
    c = data.cycle(w["futian"])
    for actor in (w["employer_admin"], w["luohu_officer"]):
        with pytest.raises(PermissionDenied):
            services.open_scoring(actor, c)
    assert services.open_scoring(w["city_officer"], c).status == CycleStatus.SCORING_OPEN


def test_scoring_opens_for_the_people_employed_in_the_area_on_the_reference_date(w):
    ref = data.today()
    inside = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    starts_on_the_day = data.employ(w["employer"], w["futian"], w["post_type"], start=ref)
    ends_on_the_day = data.employ(w["employer"], w["futian"], w["post_type"], end=ref)
    data.employ(w["employer"], w["futian"], w["post_type"], start=ref + timedelta(days=1))
    data.employ(w["employer"], w["futian"], w["post_type"], end=ref - timedelta(days=1))
    data.employ(w["other"], w["luohu"], w["post_type"])  # another district
    c = services.open_scoring(w["officer"], data.cycle(w["futian"], reference_date=ref))
    assessed = set(c.assessments.values_list("employment", flat=True))
    assert assessed == {inside.pk, starts_on_the_day.pk, ends_on_the_day.pk}
    a = c.assessments.get(employment=inside)
    # the served unit comes from the post's service unit; one sheet per side
    assert a.served_unit == w["served"] and a.organisation == w["employer"]
    sides = {s.side: s.scoring_organisation for s in a.sheets.all()}
    assert sides == {Side.EMPLOYER: w["employer"], Side.SERVED_UNIT: w["served"]}
    # no service unit: no served unit, only the employer's sheet
    b = c.assessments.get(employment=starts_on_the_day)
    assert b.served_unit is None and b.sheets.count() == 1
    assert a.weights["ability"] == "20.00" or Decimal(a.weights["ability"]) == 20


def test_open_scoring_is_refused_while_a_post_type_has_no_form(w):
    bare = wdata.post_type(designated=False)
    data.employ(w["employer"], w["futian"], bare)
    with pytest.raises(ValidationError) as exc:
        services.open_scoring(w["officer"], data.cycle(w["futian"]))
    assert str(bare) in messages(exc) and "no active assessment form" in messages(exc)
    assert not Assessment.objects.exists()


def test_cycle_edits_are_limited_once_scoring_is_open(w):
    data.employ(w["employer"], w["futian"], w["post_type"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    later = c.closes_on + timedelta(days=5)
    c = services.update_cycle(w["officer"], c, {"closes_on": later})
    assert c.closes_on == later
    with pytest.raises(ValidationError) as exc:
        services.update_cycle(w["officer"], c, {"reference_date": later})
    assert "reference_date" in exc.value.message_dict


# --- Scoring -----------------------------------------------------------------------------------


def test_scores_are_given_by_each_side_and_weighted(w):
    e = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    a = c.assessments.get(person=e.person)
    mine = a.sheets.get(side=Side.EMPLOYER)
    theirs = a.sheets.get(side=Side.SERVED_UNIT)
    values = {
        "ability": 100,
        "conduct": 90,
        "performance": 80,
        "moral": 70,
        "quality": 60,
        "level": 50,
    }
    done = services.submit_scores(w["employer_admin"], mine, values, comment="认真负责")
    # 20 + 18 + 16 + 10.5 + 9 + 5
    assert done.total == Decimal("78.50") and done.status == SheetStatus.SUBMITTED
    assert done.submitted_by == w["employer_admin"]
    # the employer may not score for the served unit, nor the served unit for the employer
    with pytest.raises(PermissionDenied):
        services.submit_scores(w["employer_admin"], theirs, values)
    with pytest.raises(PermissionDenied):
        services.submit_scores(w["served_admin"], mine, values)
    # nor may a district officer score
    with pytest.raises(PermissionDenied):
        services.submit_scores(w["officer"], theirs, values)
    services.submit_scores(w["served_admin"], theirs, data.scores(90))
    assert AuditRecord.objects.filter(model="assessment.scoresheet", action="update").count() == 2


def test_bad_scores_are_refused_per_field_and_nothing_is_written(w):
    data.employ(w["employer"], w["futian"], w["post_type"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    sheet = ScoreSheet.objects.get(assessment__cycle=c)
    bad = {**data.scores(80), "ability": Decimal("100.01"), "level": None}
    bad["moral"] = Decimal("80.001")
    with pytest.raises(ValidationError) as exc:
        services.submit_scores(w["employer_admin"], sheet, bad)
    assert set(exc.value.message_dict) == {"score_ability", "score_level", "score_moral"}
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PENDING and sheet.total is None


def test_scores_are_accepted_on_the_closing_day_and_refused_the_day_after(w):
    data.employ(w["employer"], w["futian"], w["post_type"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    sheet = ScoreSheet.objects.get(assessment__cycle=c)
    services.submit_scores(w["employer_admin"], sheet, data.scores(80), on=c.closes_on)
    with pytest.raises(ValidationError) as exc:
        services.submit_scores(
            w["employer_admin"], sheet, data.scores(80), on=c.closes_on + timedelta(days=1)
        )
    assert "Scoring closed on" in messages(exc)


def test_scoring_cannot_close_while_a_sheet_waits(w):
    e = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    a = c.assessments.get(person=e.person)
    services.submit_scores(None, a.sheets.get(side=Side.EMPLOYER), data.scores(80))
    with pytest.raises(ValidationError) as exc:
        services.close_scoring(w["officer"], c)
    assert "1 score sheet(s) still wait" in messages(exc) and str(w["served"]) in messages(exc)


def test_changing_the_served_unit_sends_its_sheet_back_empty(w, tree):
    e = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    a = c.assessments.get(person=e.person)
    services.submit_scores(None, a.sheets.get(side=Side.SERVED_UNIT), data.scores(70))
    with pytest.raises(PermissionDenied):
        services.set_served_unit(w["employer_admin"], a, w["other"])
    with pytest.raises(ValidationError) as exc:
        services.set_served_unit(w["officer"], a, w["employer"])
    assert "served_unit" in exc.value.message_dict
    third = data.factories.organisation(w["futian"])
    services.set_served_unit(w["officer"], a, third)
    sheet = a.sheets.get(side=Side.SERVED_UNIT)
    assert sheet.scoring_organisation == third and sheet.status == SheetStatus.PENDING
    assert sheet.total is None
    services.set_served_unit(w["officer"], a, None)
    assert not a.sheets.filter(side=Side.SERVED_UNIT).exists()


# --- Results and the excellent cap -------------------------------------------------------------


def test_combined_score_on_the_threshold_is_excellent_a_cent_below_is_competent(w):
    e1 = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    e2 = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    a1, a2 = (c.assessments.get(person=e.person) for e in (e1, e2))
    data.score(a1, 90, 90)  # 90.00
    data.score(a2, Decimal("89.99"), Decimal("89.99"))  # 89.99
    services.close_scoring(w["officer"], c)
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.combined_score, a1.rating) == (Decimal("90.00"), Rating.EXCELLENT)
    assert (a2.combined_score, a2.rating) == (Decimal("89.99"), Rating.COMPETENT)


def test_sides_are_combined_by_the_parameter_weights(w):
    e = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    a = c.assessments.get(person=e.person)
    data.score(a, 100, 50)
    c = services.close_scoring(None, c)
    a.refresh_from_db()
    assert a.employer_score == 100 and a.served_unit_score == 50
    assert a.combined_score == Decimal("80.00")  # 60 % × 100 + 40 % × 50
    assert c.rules["employer_weight"] == 60 and "parameter_rows" in c.rules


def test_weights_that_do_not_add_up_in_the_parameters_are_refused(w):
    data.employ(w["employer"], w["futian"], w["post_type"])
    row = PolicyParameter.objects.get(key="assessment.served_unit_weight")
    create_record(
        None,
        PolicyParameter,
        {"key": row.key, "scope": "city", "value": 45, "valid_from": data.today()},
    )
    c = services.open_scoring(None, data.cycle(w["futian"]))
    data.score(c.assessments.get(), 80)
    with pytest.raises(ValidationError) as exc:
        services.close_scoring(None, c)
    assert "together they must be 100" in messages(exc)


def test_the_excellent_cap_demotes_a_tie_at_the_cut_off(w):
    # 10 people: 15 % → 1 place, 20 % → 2 at most. Two tie at the top: both demoted.
    scores = [95, 95, 91, 80, 80, 80, 80, 80, 80, 80]
    c, assessed = data.run_to_results(w, scores)
    ratings = [a.rating for a in assessed]
    assert ratings[:3] == [Rating.COMPETENT] * 3
    assert [a.computed_rating for a in assessed[:3]] == [Rating.EXCELLENT] * 3
    assert all(a.cap_demoted for a in assessed[:3])
    assert "tie at the cut-off" in assessed[0].rating_note
    assert not assessed[3].cap_demoted
    # an officer may award excellent within the hard cap (2 of 10) to those left out, once each
    first = services.award_excellent(w["officer"], assessed[0], reason="并列第一，成绩突出")
    assert first.rating == Rating.EXCELLENT and "within the hard cap" in first.rating_note
    second = services.award_excellent(w["officer"], assessed[1], reason="并列第一")
    assert second.rating == Rating.EXCELLENT
    with pytest.raises(ValidationError) as exc:
        services.award_excellent(w["officer"], assessed[2], reason="第三名")
    assert "hard cap allows 2" in messages(exc)
    # a new computation starts afresh
    services.compute_results(w["officer"], c)
    assert Assessment.objects.filter(cycle=c, rating=Rating.EXCELLENT).count() == 0


def test_the_best_score_keeps_the_single_place_without_a_tie(w):
    c, assessed = data.run_to_results(w, [96, 95, 80, 80, 80, 80, 80, 80, 80, 80])
    assert [a.rating for a in assessed[:2]] == [Rating.EXCELLENT, Rating.COMPETENT]
    assert assessed[1].cap_demoted and not assessed[0].cap_demoted


def test_the_cap_counts_each_organisation_of_a_cycle_on_its_own(w):
    """ADR 0026: the excellent places and the hard cap are per employing organisation within
    the cycle, not per cycle (issue 11: with one organisation per test, a cap per cycle
    passed). Organisation A: 10 people, 1 place (15 %), hard cap 2 (20 %). Organisation B:
    1 person, 1 place (the minimum). Counted over the cycle (11 people) there would be 1 place
    for all four excellent scores, and the hard cap (2) would already be reached."""
    other = factories.organisation(w["futian"], "福田启航社会工作服务中心")
    in_a = [data.employ(w["employer"], w["futian"], w["post_type"]) for _ in range(10)]
    in_b = data.employ(other, w["futian"], w["post_type"])
    c = services.open_scoring(None, data.cycle(w["futian"]))
    for employment, value in zip(in_a, [95, 94, 93, 80, 80, 80, 80, 80, 80, 80], strict=True):
        data.score(c.assessments.get(person=employment.person), value)
    data.score(c.assessments.get(person=in_b.person), 92)
    services.close_scoring(None, c)
    a = [Assessment.objects.get(cycle=c, person=e.person) for e in in_a]
    b = Assessment.objects.get(cycle=c, person=in_b.person)
    assert [x.rating for x in a[:3]] == [Rating.EXCELLENT, Rating.COMPETENT, Rating.COMPETENT]
    assert (b.rating, b.cap_demoted) == (Rating.EXCELLENT, False)
    # A has 1 excellent of a hard cap of 2: one award is allowed, B's rating does not count.
    assert services.award_excellent(w["officer"], a[1], reason="成绩突出").rating == "excellent"
    with pytest.raises(ValidationError) as exc:
        services.award_excellent(w["officer"], a[2], reason="第三名")
    assert "already has 2 excellent rating(s) of 10 people; the hard cap allows 2" in messages(exc)


def test_the_hard_cap_of_an_award_is_the_one_stored_with_the_results(w):
    """An award is checked against the cap stored when the results were computed, not a
    parameter changed since (a survivor of the mutation run, issue 11)."""
    c, assessed = data.run_to_results(w, [96, 95, 80, 80, 80, 80, 80, 80, 80, 80])
    assert c.rules["excellent_cap_percent"] == 20  # 2 of 10
    create_record(
        None,
        PolicyParameter,
        {
            "key": "assessment.excellent_cap_percent",
            "scope": "city",
            "value": 10,
            "valid_from": c.reference_date,
        },
    )
    done = services.award_excellent(w["officer"], assessed[1], reason="成绩突出")
    assert done.rating == Rating.EXCELLENT


def test_the_reason_of_the_results_is_in_the_audit_trail(w):
    c, (a,) = data.run_to_results(w, [80])  # closing computes the results
    assert audit.history_entries(a)[0].reason == "Results computed on closing"
    cycle_trail = AuditRecord.objects.filter(
        model="assessment.assessmentcycle", object_id=str(c.pk)
    ).order_by("-pk")
    assert cycle_trail[0].reason == "Results computed on closing"


def test_award_needs_a_demotion_a_reason_and_an_officer(w):
    c, assessed = data.run_to_results(w, [96, 95, 80])
    with pytest.raises(ValidationError) as exc:
        services.award_excellent(w["officer"], assessed[2], reason="努力")
    assert "limited by the cap" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.award_excellent(w["officer"], assessed[1], reason="")
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.award_excellent(w["employer_admin"], assessed[1], reason="努力")


def test_a_small_organisation_has_its_minimum_place(w):
    # 3 people: floor(0.45) = 0, the minimum gives 1 place; the hard cap also 1
    c, assessed = data.run_to_results(w, [93, 92, 70])
    assert [a.rating for a in assessed] == [Rating.EXCELLENT, Rating.COMPETENT, Rating.BASIC]
    with pytest.raises(ValidationError):
        services.award_excellent(w["officer"], assessed[1], reason="表现好")


# --- Publication and appeals -------------------------------------------------------------------


def _published(w, scores, published_on):
    c, assessed = data.run_to_results(w, scores)
    c = services.publish(w["officer"], c, on=published_on)
    return c, [Assessment.objects.get(pk=a.pk) for a in assessed]


def test_an_appeal_on_the_last_day_is_accepted_a_day_late_is_refused(w):
    today = data.today()
    c, (a,) = _published(w, [70], today - timedelta(days=15))
    assert services.appeal_deadline(c) == today
    me = a.person.user
    appeal = services.lodge_appeal(me, a, grounds="服务对象评价未计入")
    assert appeal.lodged_on == today and appeal.previous_rating == Rating.BASIC


def test_an_appeal_a_day_after_the_window_is_refused(w):
    today = data.today()
    c, (a,) = _published(w, [70], today - timedelta(days=16))
    with pytest.raises(ValidationError) as exc:
        services.lodge_appeal(a.person.user, a, grounds="迟到")
    assert "closed on" in str(exc.value.message_dict["grounds"])
    assert not Appeal.objects.exists()


def test_only_the_person_appeals_once_with_grounds(w):
    c, (a,) = _published(w, [70], data.today())
    with pytest.raises(PermissionDenied):
        services.lodge_appeal(w["employer_admin"], a, grounds="代为申诉")
    with pytest.raises(ValidationError):
        services.lodge_appeal(a.person.user, a, grounds="  ")
    services.lodge_appeal(a.person.user, a, grounds="理由")
    with pytest.raises(ValidationError) as exc:
        services.lodge_appeal(a.person.user, a, grounds="再次")
    assert "already been appealed" in messages(exc)


def test_an_upheld_appeal_changes_the_rating_a_dismissed_one_does_not(w):
    c, (a, b) = _published(w, [70, 55], data.today())
    first = services.lodge_appeal(a.person.user, a, grounds="评分有误")
    second = services.lodge_appeal(b.person.user, b, grounds="不服")
    with pytest.raises(PermissionDenied):
        services.decide_appeal(w["employer_admin"], first, upheld=True, reasons="x")
    with pytest.raises(ValidationError) as exc:
        services.decide_appeal(w["officer"], first, upheld=True, reasons="")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.decide_appeal(w["officer"], first, upheld=True, reasons="核实", new_rating="")
    assert "new_rating" in exc.value.message_dict
    done = services.decide_appeal(
        w["officer"],
        first,
        upheld=True,
        reasons="服务单位评分漏计一项",
        new_rating=Rating.COMPETENT,
        new_score=Decimal("76.00"),
    )
    assert done.status == AppealStatus.UPHELD and done.decided_by == w["officer"]
    a.refresh_from_db()
    assert a.rating == Rating.COMPETENT and a.combined_score == Decimal("76.00")
    assert "Changed on appeal" in a.rating_note
    services.decide_appeal(w["city_officer"], second, upheld=False, reasons="评分无误")
    b.refresh_from_db()
    assert b.rating == Rating.NOT_COMPETENT
    with pytest.raises(ValidationError) as exc:
        services.decide_appeal(w["officer"], second, upheld=False, reasons="again")
    assert "already decided" in messages(exc)
    trail = AuditRecord.objects.filter(model="assessment.appeal", object_id=str(first.pk))
    assert trail.filter(action="update", reason="服务单位评分漏计一项").exists()
    assert not list(verify_chain())


def test_an_appeal_to_excellent_stays_within_the_hard_cap(w):
    c, assessed = _published(w, [95, 89, 80], data.today())
    appeal = services.lodge_appeal(assessed[1].person.user, assessed[1], grounds="应为优秀")
    with pytest.raises(ValidationError) as exc:
        services.decide_appeal(
            w["officer"], appeal, upheld=True, reasons="同意", new_rating=Rating.EXCELLENT
        )
    assert "hard cap" in messages(exc)


def test_the_cycle_closes_after_the_window_with_every_appeal_decided(w):
    today = data.today()
    c, (a,) = _published(w, [70], today - timedelta(days=15))
    appeal = services.lodge_appeal(a.person.user, a, grounds="理由")
    with pytest.raises(ValidationError) as exc:
        services.close_cycle(w["officer"], c)
    assert "until" in messages(exc)
    tomorrow = today + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.close_cycle(w["officer"], c, on=tomorrow)
    assert "waiting for a decision" in messages(exc)
    services.decide_appeal(w["officer"], appeal, upheld=False, reasons="维持")
    assert services.close_cycle(w["officer"], c, on=tomorrow).status == CycleStatus.CLOSED


def test_results_are_computed_and_published_in_the_audit_trail(w):
    c, (a,) = _published(w, [80], data.today())
    trail = audit.history_entries(a)  # the creation is in a bulk record of the opening
    assert [r.action for r in trail] == ["update", "create"]
    assert trail[1].object_id == str(a.pk) and trail[1].after["person"] == a.person_id
    for sheet in a.sheets.all():
        assert [r.action for r in audit.history_entries(sheet)][-1] == "create"
    assert not list(verify_chain())
    assert AuditRecord.objects.filter(
        model="assessment.assessmentcycle", object_id=str(c.pk), actor=w["officer"]
    ).exists()
    assert AssessmentForm.objects.count() == 1
