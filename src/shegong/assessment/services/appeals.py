"""Appeals (REG-6): the person appeals their published result; an officer who did not score it
hears the appeal (separation of duties, ``Appeal.workflow``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.services import create_record, ensure_allowed, update_record
from shegong.core.workflow import invalid

from ..choices import AppealStatus, CycleStatus, Rating
from ..models import Appeal, Assessment
from .cycles import _today, appeal_deadline, appeal_window_days, reason_required
from .scoring import _check_hard_cap


def may_appeal(user, assessment: Assessment) -> bool:
    """Only the person assessed appeals their own result (``Appeal.access``: add = own)."""
    return (
        getattr(user, "is_authenticated", False)
        and assessment.person.user_id is not None
        and assessment.person.user_id == user.pk
    )


@transaction.atomic
def lodge_appeal(actor, assessment: Assessment, *, grounds: str, on: date | None = None) -> Appeal:
    """REG-6: the person appeals their published result, within the window after publication
    (the last day included; a day later is refused). One appeal per assessment."""
    assessment = (
        Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    )
    cycle = assessment.cycle
    if actor is not None and not may_appeal(actor, assessment):
        raise PermissionDenied(_("Only the person assessed may appeal the result."))
    workflow.require(cycle, _("an appeal can be lodged"), [CycleStatus.PUBLISHED])
    on = on or _today()
    deadline = appeal_deadline(cycle)
    if on > deadline:
        invalid(
            _(
                "The appeal window of %(days)s days after publication on %(published)s closed on "
                "%(deadline)s."
            )
            % {
                "days": appeal_window_days(cycle.published_on),
                "published": cycle.published_on,
                "deadline": deadline,
            },
            "grounds",
            "too_late",
        )
    if Appeal.objects.filter(assessment=assessment).exists():
        invalid(_("This result has already been appealed."), "grounds", "exists")
    if not (grounds or "").strip():
        invalid(_("Give the grounds of the appeal."), "grounds", "required")
    return create_record(
        actor,
        Appeal,
        {
            "assessment": assessment,
            "lodged_on": on,
            "grounds": grounds.strip(),
            "previous_rating": assessment.rating,
            "previous_score": assessment.combined_score,
        },
        grounds.strip()[:500],
    )


@transaction.atomic
@workflow.decision(Appeal, "decide_appeal")
def decide_appeal(
    actor,
    appeal: Appeal,
    *,
    upheld: bool,
    reasons: str,
    new_rating: str = "",
    new_score: Decimal | None = None,
    on: date | None = None,
) -> Appeal:
    """REG-6: an officer hears the appeal: upheld (the new rating, and the new combined score
    if it changes; an excellent rating stays within the hard cap) or dismissed; reasons
    required. The assessment's rating changes with an upheld appeal."""
    appeal = (
        Appeal.objects.select_for_update().select_related("assessment__cycle").get(pk=appeal.pk)
    )
    ensure_allowed(actor, "change", appeal)
    if appeal.status != AppealStatus.LODGED:
        invalid(
            _("This appeal was already decided: %(status)s.")
            % {"status": appeal.get_status_display()},
            code="decided",
        )
    assessment = appeal.assessment
    workflow.require(assessment.cycle, _("an appeal can be decided"), [CycleStatus.PUBLISHED])
    why = reason_required(reasons, _("Give the reasons for the decision."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    data = {
        "status": AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED,
        "decided_by": user,
        "decided_on": on or _today(),
        "decision_reasons": why,
    }
    if upheld:
        if new_rating not in Rating.values:
            invalid(_("Choose the new rating."), "new_rating", "required")
        if new_score is not None:
            new_score = Decimal(str(new_score))
            if not (Decimal("0") <= new_score <= Decimal("100")):
                invalid(_("Give a score from 0 to 100."), "new_score")
        if new_rating == assessment.rating and (
            new_score is None or new_score == assessment.combined_score
        ):
            invalid(
                _("An upheld appeal changes the rating or the score; otherwise dismiss it."),
                "new_rating",
            )
        if new_rating == Rating.EXCELLENT and assessment.rating != Rating.EXCELLENT:
            _check_hard_cap(assessment)
        data.update(new_rating=new_rating, new_score=new_score)
        changes = {
            "rating": new_rating,
            "rating_note": _("Changed on appeal: %(why)s") % {"why": why},
        }
        if new_score is not None:
            changes["combined_score"] = new_score
        update_record(actor, assessment, changes, why)
    return update_record(actor, appeal, data, why)
