"""Grades, pay, promotion and social insurance (PAY-1 to PAY-3): every rule of the pay part of
the workforce module. Imports of pay and insurance files are in ``imports.py``.

- PAY-1 pay (薪酬): :func:`pay_flags` annotates pay records, in the database, with the pay
  guidance total and the professional-technician total of the record's year, grade and step
  (joined on those three columns: ``PayRecord.guidance`` and ``PayRecord.technician``),
  and flags a record whose total is below either (pay exactly at the floor is not flagged, one
  cent below is). A record with no table row for its year, grade and step is not compared.
- PAY-2 grades and promotion (职级体系): :func:`grade_on` (the grade in force on a day),
  :func:`set_grade`, :func:`eligibility` (the conditions of the target grade checked from the
  data: a valid certificate of at least the required level, the years in the current grade,
  and every condition registered in :data:`PROMOTION_CONDITIONS` by modules above workforce:
  the assessment module adds the assessment results (REG-6); with none registered the reasons
  say that assessment results are not checked), :func:`submit_promotion` (eligibility stored
  with the application), :func:`approve` (the new grade from a date; only an eligible
  application) and :func:`refuse`.
- Corrections: :func:`correct_pay` (the components of a pay record) and
  :func:`record_insurance_payment` (what was paid of a contribution, and when), each with a
  reason, refused when the record changed meanwhile.
- PAY-3 social insurance (社会保险): :func:`insurance_flags` marks a contribution late when it
  was paid after its due date, or is unpaid and the due date has passed (paid on the due date
  is not late, a day after is), and short when the amount paid is below the employer's and the
  employee's shares together (short by one cent is short). :func:`insurance_by_organisation`
  aggregates the flags per organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shegong.core import dated, workflow
from shegong.core.permissions import can_any
from shegong.core.services import (
    ConcurrentEditError,
    create_record,
    ensure_allowed,
    locked,
    update_record,
)
from shegong.registry.choices import LEVEL_RANK, CertificateStatus, Level
from shegong.registry.models import Certificate

from .models import (
    Employment,
    EmploymentGrade,
    Grade,
    InsuranceContribution,
    PayRecord,
    PromotionApplication,
    PromotionStatus,
)


def _today() -> date:
    return timezone.localdate()


#: A further condition of promotion: ``(employment, to_grade, on) -> reasons``, each reason a
#: dict ``{"rule", "met" (True, False, or None: not checked), "message"}``. A ``False`` makes
#: the application ineligible.
PromotionCondition = Callable[[Employment, Grade, date], list[dict]]
#: The extension point for modules above workforce (the assessment module registers its check
#: from its ``AppConfig.ready``), as ``RENEWAL_CONDITIONS`` is for the register.
PROMOTION_CONDITIONS: list[PromotionCondition] = []


# --- PAY-1: pay below the floor ----------------------------------------------------------------


def pay_flags(queryset: QuerySet | None = None) -> QuerySet:
    """PAY-1: pay records with ``guidance_total``, ``technician_total``, ``below_guidance``,
    ``below_technician`` and ``below_floor`` (either), computed in one query."""
    queryset = PayRecord.objects.all() if queryset is None else queryset
    queryset = queryset.annotate(
        guidance_total=F("guidance__total"), technician_total=F("technician__total")
    )
    below_g = Q(guidance_total__isnull=False, total__lt=F("guidance_total"))
    below_t = Q(technician_total__isnull=False, total__lt=F("technician_total"))
    return queryset.annotate(
        below_guidance=Case(When(below_g, then=Value(True)), default=Value(False)),
        below_technician=Case(When(below_t, then=Value(True)), default=Value(False)),
        below_floor=Case(When(below_g | below_t, then=Value(True)), default=Value(False)),
    )


def pay_below_floor(queryset: QuerySet | None = None) -> QuerySet:
    """PAY-1: the pay records below the guidance or the technician total."""
    return pay_flags(queryset).filter(below_floor=True)


# --- PAY-2: grades and promotion ---------------------------------------------------------------


def grade_on(employment: Employment, on: date | None = None) -> EmploymentGrade | None:
    """The grade the employment holds on ``on`` (today): the latest ``valid_from`` ≤ ``on``."""
    on = on or _today()
    return (
        EmploymentGrade.objects.filter(employment=employment, valid_from__lte=on)
        .select_related("grade")
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def set_grade(
    actor, employment: Employment, grade: Grade, step: int, valid_from: date, *, reason=""
):
    """PAY-2: the employment holds ``grade`` and ``step`` from ``valid_from``."""
    ensure_allowed(actor, "change", employment)
    if valid_from < employment.start:
        raise ValidationError({"valid_from": _("The grade cannot start before the employment.")})
    return create_record(
        actor,
        EmploymentGrade,
        {"employment": employment, "grade": grade, "step": step, "valid_from": valid_from},
        reason,
    )


def _full_years(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def eligibility(employment: Employment, to_grade: Grade, on: date | None = None) -> list[dict]:
    """PAY-2: each condition of ``to_grade`` checked on ``on``: ``{"rule", "met", "message"}``,
    then those of :data:`PROMOTION_CONDITIONS`. With none registered, assessment is listed as
    not checked and does not block."""
    on = on or _today()
    reasons = []
    current = grade_on(employment, on)
    if current is not None and current.grade.order >= to_grade.order:
        reasons.append(
            {
                "rule": "ladder",
                "met": False,
                "message": _("Already at %(grade)s, not below %(to)s.")
                % {"grade": current.grade, "to": to_grade},
            }
        )
    levels = Certificate.objects.filter(
        person=employment.person_id, status=CertificateStatus.VALID, issue_date__lte=on
    ).values_list("level", flat=True)
    best = max(levels, key=lambda level: LEVEL_RANK[level], default=None)
    required = Level(dated.as_of(to_grade, "required_level", on))
    if best is None:
        reasons.append(
            {
                "rule": "level",
                "met": False,
                "message": _("No valid certificate; %(required)s is required.")
                % {"required": required.label},
            }
        )
    else:
        met = LEVEL_RANK[best] >= LEVEL_RANK[required]
        reasons.append(
            {
                "rule": "level",
                "met": met,
                "message": (
                    _("Certificate level %(level)s meets the required %(required)s.")
                    if met
                    else _("Certificate level %(level)s is below the required %(required)s.")
                )
                % {"level": Level(best).label, "required": required.label},
            }
        )
    min_years = dated.as_of(to_grade, "min_years", on)
    if min_years:
        since = current.valid_from if current is not None else employment.start
        years = _full_years(since, on)
        met = current is not None and years >= min_years
        reasons.append(
            {
                "rule": "years",
                "met": met,
                "message": _(
                    "%(years)d full year(s) in the current grade since %(since)s; %(min)d required."
                )
                % {
                    "years": years if current is not None else 0,
                    "since": date_format(since, "Y-m-d"),
                    "min": min_years,
                },
            }
        )
    for condition in PROMOTION_CONDITIONS:
        reasons.extend(condition(employment, to_grade, on))
    if not PROMOTION_CONDITIONS:
        reasons.append(
            {
                "rule": "assessment",
                "met": None,
                "message": _("Assessment results not checked: no assessment module yet."),
            }
        )
    return reasons


def is_eligible(reasons: list[dict]) -> bool:
    return all(r["met"] is not False for r in reasons)


@transaction.atomic
def submit_promotion(actor, employment: Employment, to_grade: Grade, *, reason="", on=None):
    """PAY-2: an application, with its eligibility computed now and stored."""
    ensure_allowed(actor, "view", employment)
    if actor is not None and not can_any(actor, "add", PromotionApplication):
        raise PermissionDenied(_("You may not apply for a promotion."))
    on = on or _today()
    if employment.end is not None and employment.end < on:
        raise ValidationError(_("This employment has ended."))
    if PromotionApplication.objects.filter(
        employment=employment, status=PromotionStatus.SUBMITTED
    ).exists():
        raise ValidationError(_("An application for this employment is already waiting."))
    reasons = eligibility(employment, to_grade, on)
    return create_record(
        actor,
        PromotionApplication,
        {
            "employment": employment,
            "to_grade": to_grade,
            "submitted_on": on,
            "eligible": is_eligible(reasons),
            "reasons": reasons,
        },
        reason,
    )


@transaction.atomic
@workflow.decision(PromotionApplication, "approve")
def approve(actor, application, effective_from: date, *, reason="") -> PromotionApplication:
    """PAY-2: approve an eligible application; the new grade (step 1) holds from
    ``effective_from``."""
    application = locked(application)
    workflow.check(actor, application, "approve", reason=reason)
    if effective_from < application.submitted_on:
        raise ValidationError(
            {"effective_from": _("The new grade cannot start before the application.")}
        )
    create_record(
        actor,
        EmploymentGrade,
        {
            "employment": application.employment,
            "grade": application.to_grade,
            "step": 1,
            "valid_from": effective_from,
        },
        reason,
    )
    return workflow.take(
        actor,
        application,
        "approve",
        reason=reason,
        changes={"decision_note": (reason or "")[:500], "effective_from": effective_from},
    )


@transaction.atomic
@workflow.decision(PromotionApplication, "refuse")
def refuse(actor, application, *, reason="") -> PromotionApplication:
    """PAY-2: refuse an application, with the reason."""
    return workflow.take(
        actor,
        application,
        "refuse",
        reason=reason,
        changes={"decision_note": (reason or "")[:500], "effective_from": None},
    )


# --- PAY-3: social insurance -------------------------------------------------------------------


def insurance_flags(queryset: QuerySet | None = None, on: date | None = None) -> QuerySet:
    """PAY-3: contributions with ``late`` (paid after the due date, or unpaid and the due date
    before ``on``) and ``short`` (amount paid below the amount due), in the database."""
    on = on or _today()
    queryset = InsuranceContribution.objects.all() if queryset is None else queryset
    late = Q(paid_on__gt=F("due_date")) | Q(paid_on__isnull=True, due_date__lt=on)
    short = Q(amount_paid__lt=F("amount_due"))
    return queryset.annotate(
        late=Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField()),
        short=Case(
            When(short, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        # in whole cents, so that SQLite (floating point) and PostgreSQL agree
        shortfall_cents=Case(
            When(
                short,
                then=Cast(Round((F("amount_due") - F("amount_paid")) * 100), IntegerField()),
            ),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


def insurance_by_organisation(queryset: QuerySet, on: date | None = None) -> list[dict]:
    """PAY-3: per organisation, contributions, late, short, employees with a problem, and the
    total shortfall (``queryset``: the contributions the viewer may see)."""
    rows = (
        insurance_flags(queryset, on)
        .values("employment__post__organisation", "employment__post__organisation__name")
        .annotate(
            contributions=Count("pk"),
            late_count=Count("pk", filter=Q(late=True)),
            short_count=Count("pk", filter=Q(short=True)),
            employees=Count(
                "employment__person", filter=Q(late=True) | Q(short=True), distinct=True
            ),
            shortfall_cents_total=Sum("shortfall_cents"),
        )
        .order_by("employment__post__organisation__name")
    )
    return [
        {
            "organisation": r["employment__post__organisation"],
            "name": r["employment__post__organisation__name"],
            "contributions": r["contributions"],
            "late": r["late_count"],
            "short": r["short_count"],
            "employees": r["employees"],
            "shortfall": Decimal(r["shortfall_cents_total"] or 0) / 100,
        }
        for r in rows
    ]


# --- Corrections of imported records (PAY-1, PAY-3) --------------------------------------------


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    return reason


def _current(model, obj, expected_version: int | None):
    current = model.objects.select_for_update().get(pk=obj.pk)
    expected = obj.version if expected_version is None else expected_version
    if current.version != expected:
        raise ConcurrentEditError(current)
    return current


@transaction.atomic
def correct_pay(
    actor,
    record: PayRecord,
    *,
    base: Decimal,
    post: Decimal,
    performance: Decimal,
    reason: str,
    expected_version: int | None = None,
) -> PayRecord:
    """PAY-1: correct the components of a pay record (an import mistake, a late adjustment),
    with a reason, in the audit trail. The total follows; the floor flag follows at once. A
    record changed since the corrector saw it (``expected_version``) is refused."""
    reason = _reason(reason)
    current = _current(PayRecord, record, expected_version)
    values = {"base": base, "post": post, "performance": performance}
    for name, value in values.items():
        if value is None or value < 0:
            raise ValidationError({name: _("Give an amount of zero or more.")})
    if all(getattr(current, name) == value for name, value in values.items()):
        raise ValidationError(_("The record already has these amounts: nothing to correct."))
    return update_record(actor, current, values, reason, expected_version=current.version)


@transaction.atomic
def record_insurance_payment(
    actor,
    contribution: InsuranceContribution,
    *,
    paid_on: date | None,
    amount_paid: Decimal,
    reason: str,
    expected_version: int | None = None,
) -> InsuranceContribution:
    """PAY-3: record what was paid of a contribution and when (arrears paid later, or an
    import mistake), with a reason, in the audit trail; the late and short flags follow. An
    amount paid needs its date; a payment date cannot be in the future."""
    reason = _reason(reason)
    current = _current(InsuranceContribution, contribution, expected_version)
    if amount_paid is None or amount_paid < 0:
        raise ValidationError({"amount_paid": _("Give an amount of zero or more.")})
    if amount_paid > 0 and paid_on is None:
        raise ValidationError({"paid_on": _("An amount paid needs the date it was paid.")})
    if paid_on is not None and paid_on > _today():
        raise ValidationError({"paid_on": _("A payment cannot be dated in the future.")})
    if (current.paid_on, current.amount_paid) == (paid_on, amount_paid):
        raise ValidationError(_("The contribution already has these values: nothing to change."))
    return update_record(
        actor,
        current,
        {"paid_on": paid_on, "amount_paid": amount_paid},
        reason,
        expected_version=current.version,
    )
