"""Within a cycle (REG-6): the served unit, the scores of each side, and an officer's award of
excellent within the hard cap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.services import delete_record, ensure_allowed, update_record
from shegong.core.workflow import invalid

from .. import rules
from ..choices import CycleStatus, Rating, SheetStatus, Side
from ..models import Assessment, ScoreSheet
from .cycles import _sheet, _today, reason_required, rules_on


@transaction.atomic
def set_served_unit(actor, assessment: Assessment, organisation, *, reason: str = ""):
    """REG-6: the organisation that scores for the served unit (an officer, scoring open). A
    change sends the served unit's sheet back to waiting, empty, for the new organisation; no
    organisation removes the sheet (the employer's score then counts in full)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    ensure_allowed(actor, "change", assessment)
    workflow.require(
        assessment.cycle, _("the served unit can be changed"), [CycleStatus.SCORING_OPEN]
    )
    assessment = update_record(actor, assessment, {"served_unit": organisation}, reason)
    sheet = ScoreSheet.objects.filter(assessment=assessment, side=Side.SERVED_UNIT).first()
    if organisation is None:
        if sheet is not None:
            delete_record(None, sheet, reason)
    elif sheet is None:
        _sheet(assessment, Side.SERVED_UNIT, organisation, reason)
    elif sheet.scoring_organisation_id != organisation.pk:
        empty = {f"score_{c}": None for c in sheet.scores()}
        update_record(
            None,
            sheet,
            {
                **empty,
                "scoring_organisation": organisation,
                "status": SheetStatus.PENDING,
                "total": None,
                "comment": "",
                "submitted_by": None,
                "submitted_at": None,
            },
            reason,
        )
    return assessment


@transaction.atomic
def submit_scores(
    actor,
    sheet: ScoreSheet,
    scores: dict,
    *,
    comment: str = "",
    reason: str = "",
    on: date | None = None,
) -> ScoreSheet:
    """REG-6: one side's scores, 0 to 100 for every criterion, while scoring is open and up
    to the closing date (that day included); may be submitted again until scoring closes."""
    sheet = (
        ScoreSheet.objects.select_for_update().select_related("assessment__cycle").get(pk=sheet.pk)
    )
    ensure_allowed(actor, "change", sheet)
    cycle = sheet.assessment.cycle
    workflow.require(cycle, _("scores can be given"), [CycleStatus.SCORING_OPEN])
    on = on or _today()
    if on > cycle.closes_on:
        invalid(_("Scoring closed on %(date)s.") % {"date": cycle.closes_on}, code="scoring_closed")
    errors = {}
    values = {}
    for criterion in sheet.scores():
        value = scores.get(criterion)
        name = f"score_{criterion}"
        if value in (None, ""):
            errors[name] = _("Give a score from 0 to 100.")
            continue
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            errors[name] = _("Give a score from 0 to 100.")
            continue
        if not (Decimal("0") <= value <= Decimal("100")) or value != rules.quantize(value):
            errors[name] = _("Give a score from 0 to 100, with at most two decimals.")
            continue
        values[name] = value
    if errors:
        raise ValidationError(errors)
    weights = {c: Decimal(w) for c, w in sheet.assessment.weights.items()}
    total = rules.weighted_total({c: values[f"score_{c}"] for c in sheet.scores()}, weights)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return update_record(
        actor,
        sheet,
        {
            **values,
            "comment": (comment or "").strip(),
            "total": total,
            "status": SheetStatus.SUBMITTED,
            "submitted_by": user,
            "submitted_at": timezone.now(),
        },
        reason,
    )


def _excellent_in_organisation(assessment: Assessment) -> tuple[int, int]:
    """(excellent ratings now, people assessed) in the assessment's organisation and cycle."""
    group = Assessment.objects.filter(
        cycle=assessment.cycle_id, organisation=assessment.organisation_id
    )
    return group.filter(rating=Rating.EXCELLENT).count(), group.count()


def hard_cap(assessment: Assessment) -> int:
    cycle = assessment.cycle
    applied = cycle.rules or rules_on(cycle.reference_date)
    _excellent, n = _excellent_in_organisation(assessment)
    return rules.excellent_slots(n, applied["excellent_cap_percent"], applied["excellent_minimum"])


def _check_hard_cap(assessment: Assessment) -> None:
    excellent, n = _excellent_in_organisation(assessment)
    cap = hard_cap(assessment)
    if excellent + 1 > cap:
        invalid(
            _(
                "%(organisation)s already has %(excellent)s excellent rating(s) of %(n)s "
                "people; the hard cap allows %(cap)s."
            )
            % {
                "organisation": assessment.organisation,
                "excellent": excellent,
                "n": n,
                "cap": cap,
            },
            code="cap",
        )


@transaction.atomic
def award_excellent(actor, assessment: Assessment, *, reason: str = "") -> Assessment:
    """REG-6: an officer rates excellent someone the target share left out (a tie at the
    cut-off, or below the target's places), while the organisation stays within the hard cap."""
    assessment = (
        Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    )
    ensure_allowed(actor, "change", assessment)
    workflow.require(assessment.cycle, _("excellent can be awarded"), [CycleStatus.SCORING_CLOSED])
    why = reason_required(reason, _("Give the reason for the award."))
    if not (assessment.cap_demoted and assessment.rating != Rating.EXCELLENT):
        invalid(
            _("Only a person who reached excellent but was limited by the cap can be awarded it."),
            code="not_demoted",
        )
    _check_hard_cap(assessment)
    return update_record(
        actor,
        assessment,
        {
            "rating": Rating.EXCELLENT,
            "rating_note": _("Excellent awarded by an officer within the hard cap: %(why)s")
            % {"why": why},
        },
        why,
    )
