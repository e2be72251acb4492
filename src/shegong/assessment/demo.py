"""Demo data of the annual assessment (REG-6), through the services (so it has an audit trail):

- one assessment form per post type (weights adding up to 100);
- in the first district with staff, this year's cycle with results published today: both sides
  scored (whole-number scores, so ties happen), the excellent cap applied per organisation,
  one cap demotion lifted by the district officer within the hard cap, one appeal decided
  (upheld when below competent, otherwise dismissed) and one waiting for the district officer;
- in the second district with staff, this year's cycle with scoring open and half of the
  sheets scored, for the demo organisation administrators to finish (the district demo has
  staff in one district only: there, next year's cycle in draft instead);
- the served unit of each assessment: an organisation of the district that is not a service
  provider (an association), whose administrator (``orgadmin_<id>``) scores for it.

Deterministic (the ``rng`` passed in) and run once: nothing is created when a cycle exists.
At city scale (hundreds of assessments a district) the served units and the scores are written
in bulk (``core.services.update_records_in_bulk`` / ``create_records_in_bulk``, bulk audit
records), with the values ``services.set_served_unit`` and ``services.submit_scores`` give.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from shegong.accounts.demo import ensure_user
from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core.roles import Role
from shegong.core.services import (
    create_record,
    create_records_in_bulk,
    update_records_in_bulk,
)
from shegong.organisations.models import Organisation
from shegong.workforce.models import Employment, PostType

from . import rules, services
from .choices import Criterion, Rating, SheetStatus, Side
from .models import Assessment, AssessmentCycle, AssessmentForm, ScoreSheet

REASON = "demo data"
#: Weights (ability, conduct, performance, moral, quality, level) by the post type's field.
WEIGHTS = {
    "default": (20, 20, 20, 15, 15, 10),
    "01": (20, 15, 25, 15, 15, 10),  # community: performance weighs more
    "05": (15, 25, 20, 20, 10, 10),  # correction: conduct and moral character
}


def generate(scale, rng, log):
    if AssessmentCycle.objects.exists():
        log("assessment: already loaded")
        return
    _forms()
    ref = timezone.localdate()
    districts = [
        d
        for d in Area.objects.filter(level="district").order_by("code")
        if Employment.objects.filter(
            post__organisation__area__path__startswith=d.path, start__lte=ref
        )
        .filter(Q(end__isnull=True) | Q(end__gte=ref))
        .exists()
    ]
    if not districts:
        log("assessment: no district with staff")
        return
    in_bulk = scale != "district"
    _finish(_cycle(districts[0], rng, open_days=30, close_days=0, in_bulk=in_bulk), rng)
    if len(districts) > 1:
        _cycle(districts[1], rng, open_days=10, close_days=20, share_scored=0.5, in_bulk=in_bulk)
    else:  # the district demo has staff in one district only: next year's cycle, in draft
        _draft_next_year(districts[0])
    log(
        f"assessment: {AssessmentForm.objects.count()} forms, "
        + ", ".join(f"{c} ({c.get_status_display()})" for c in AssessmentCycle.objects.all())
        + f", {Assessment.objects.count()} assessments"
    )


def _draft_next_year(district):
    year = timezone.localdate().year + 1
    create_record(
        None,
        AssessmentCycle,
        {
            "year": year,
            "area": district,
            "reference_date": date(year, 11, 30),
            "opens_on": date(year, 11, 1),
            "closes_on": date(year, 12, 15),
            "note": f"{year}年度{district.name}社工考核（计划）",
        },
        REASON,
    )


def _forms() -> list[AssessmentForm]:
    made = []
    for post_type in PostType.objects.filter(is_active=True).select_related("field"):
        if AssessmentForm.objects.filter(post_type=post_type, is_active=True).exists():
            continue
        weights = WEIGHTS.get(post_type.field.code, WEIGHTS["default"])
        made.append(
            create_record(
                None,
                AssessmentForm,
                {
                    "post_type": post_type,
                    "name": f"{post_type.name}年度考核表",
                    "guidance": post_type.duties or f"{post_type.name}岗位职责",
                    **{
                        f"weight_{c}": Decimal(w)
                        for c, w in zip(Criterion.values, weights, strict=True)
                    },
                },
                REASON,
            )
        )
    return made


def _admin(rng, organisation):
    """The organisation's demo administrator (created for a served unit that has none)."""
    name = f"orgadmin_{organisation.pk}"
    return User.objects.filter(username=name).first() or ensure_user(
        rng, name, Role.ORG_ADMIN, organisation=organisation
    )


def _cycle(district, rng, *, open_days, close_days, share_scored=1.0, in_bulk=False):
    today = timezone.localdate()
    cycle = create_record(
        None,
        AssessmentCycle,
        {
            "year": today.year,
            "area": district,
            "reference_date": today,
            "opens_on": today - timedelta(days=open_days),
            "closes_on": today + timedelta(days=close_days),
            "note": f"{today.year}年度{district.name}社工考核",
        },
        REASON,
    )
    if not services.employments_in_scope(cycle).exists():
        return cycle
    cycle = services.open_scoring(None, cycle, reason=REASON)
    served = (
        Organisation.objects.filter(area=district, is_active=True)
        .exclude(kind="service_provider")
        .order_by("pk")
        .first()
    )
    assessments = list(cycle.assessments.select_related("organisation").order_by("pk"))
    if in_bulk:
        _score_in_bulk(rng, cycle, assessments, served, share_scored, today)
        return cycle
    if served is not None:
        _admin(rng, served)
        for a in assessments:
            if a.served_unit_id is None and a.organisation_id != served.pk:
                services.set_served_unit(None, a, served, reason=REASON)
    for a in assessments[: round(len(assessments) * share_scored)]:
        base = rng.choice([58, 72, 80, 84, 86, 88, 90, 92, 92, 95])
        for sheet in a.sheets.select_related("scoring_organisation").order_by("side"):
            scorer = User.objects.filter(username=f"orgadmin_{sheet.scoring_organisation_id}")
            actor = scorer.first()
            value = base if sheet.side == Side.EMPLOYER else min(100, base + rng.randint(-4, 4))
            services.submit_scores(
                actor,
                sheet,
                {c: Decimal(min(100, max(0, value + rng.randint(-3, 3)))) for c in Criterion},
                comment="",
                reason=REASON,
                on=min(today, cycle.closes_on),
            )
    return cycle


def _score_in_bulk(rng, cycle, assessments, served, share_scored, today) -> None:
    """:func:`_cycle`'s served units and scores for hundreds of assessments, in bulk."""
    if served is not None:
        _admin(rng, served)
        has_sheet = set(
            ScoreSheet.objects.filter(assessment__cycle=cycle, side=Side.SERVED_UNIT).values_list(
                "assessment_id", flat=True
            )
        )
        todo = [
            a for a in assessments if a.served_unit_id is None and a.organisation_id != served.pk
        ]
        update_records_in_bulk(
            None, todo, lambda a: setattr(a, "served_unit", served), ["served_unit"], REASON
        )
        create_records_in_bulk(
            None,
            [
                ScoreSheet(assessment=a, side=Side.SERVED_UNIT, scoring_organisation=served)
                for a in todo
                if a.pk not in has_sheet
            ],
            REASON,
        )
    scorers = {u.username: u for u in User.objects.filter(username__startswith="orgadmin_")}
    by_scorer: dict = {}
    now = timezone.now()
    for a in assessments[: round(len(assessments) * share_scored)]:
        base = rng.choice([58, 72, 80, 84, 86, 88, 90, 92, 92, 95])
        weights = {c: Decimal(w) for c, w in a.weights.items()}
        for sheet in a.sheets.select_related("scoring_organisation").order_by("side"):
            actor = scorers.get(f"orgadmin_{sheet.scoring_organisation_id}")
            value = base if sheet.side == Side.EMPLOYER else min(100, base + rng.randint(-4, 4))
            scores = {
                str(c): Decimal(min(100, max(0, value + rng.randint(-3, 3)))) for c in Criterion
            }
            by_scorer.setdefault(actor, []).append(
                (sheet, scores, rules.weighted_total(scores, weights))
            )
    names = [f"score_{c}" for c in Criterion.values]
    for actor, items in by_scorer.items():
        changes = {sheet.pk: (scores, total) for sheet, scores, total in items}

        def change(sheet, actor=actor, changes=changes):
            scores, total = changes[sheet.pk]
            for c, value in scores.items():
                setattr(sheet, f"score_{c}", value)
            sheet.total, sheet.status, sheet.comment = total, SheetStatus.SUBMITTED, ""
            sheet.submitted_by, sheet.submitted_at = actor, now

        update_records_in_bulk(
            actor,
            [sheet for sheet, _s, _t in items],
            change,
            [*names, "total", "status", "comment", "submitted_by", "submitted_at"],
            REASON,
        )


def _finish(cycle, rng):
    today = timezone.localdate()
    officer = User.objects.filter(username=f"officer_{cycle.area.code}").first()
    cycle = services.close_scoring(officer, cycle, reason=REASON)
    demoted = cycle.assessments.filter(cap_demoted=True).order_by("-combined_score", "pk")
    for a in demoted[:1]:
        with suppress(ValidationError):  # the hard cap is reached: the demotion stays
            services.award_excellent(officer, a, reason="成绩与第一名并列，表现突出（演示）")
    cycle = services.publish(officer, cycle, reason=REASON)
    with_accounts = list(
        cycle.assessments.filter(person__user__isnull=False)
        .exclude(rating=Rating.EXCELLENT)
        .select_related("person__user")
        .order_by("pk")[:2]
    )
    for n, a in enumerate(with_accounts):
        appeal = services.lodge_appeal(
            a.person.user, a, grounds="服务单位的评分未考虑本年度承担的专项任务。", on=today
        )
        if n > 0:
            continue  # the second appeal waits for the district officer
        if a.rating in (Rating.BASIC, Rating.NOT_COMPETENT):
            services.decide_appeal(
                officer,
                appeal,
                upheld=True,
                reasons="核实专项任务后，服务单位评分调整（演示）。",
                new_rating=Rating.COMPETENT,
                new_score=Decimal("76.00"),
            )
        else:
            services.decide_appeal(
                officer, appeal, upheld=False, reasons="评分依据充分，维持原结果（演示）。"
            )
    return cycle
