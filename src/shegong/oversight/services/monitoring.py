"""FIN-5: self-assessments, statistics returns, and the ties that exclude an evaluator."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from shegong.accounts.models import Membership
from shegong.core.services import (
    create_record,
    ensure_allowed,
    locked,
    update_record,
)
from shegong.procurement.models import Contract
from shegong.workforce.models import Employment

from .. import rules
from ..choices import (
    AssessmentStatus,
)
from ..models import (
    QualityStandard,
    SelfAssessment,
    SelfAssessmentItem,
    StatisticsReturn,
)
from .common import _require_running, _today

# --- Self-assessments (FIN-5) -------------------------------------------------------------


def standards_in_force(on: date):
    """FIN-5: the service quality standards that apply on ``on``."""
    return QualityStandard.objects.filter(is_active=True, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


@transaction.atomic
def open_self_assessment(actor, contract: Contract, year: int, reason: str = ""):
    """FIN-5: the supplier's self-assessment of ``contract`` for ``year``, one row per standard
    in force on the year's last day (or today, if earlier): one a contract and year."""
    _require_running(contract)
    if not (contract.starts_on.year <= year <= contract.ends_on.year):
        raise ValidationError(
            {"year": _("The contract does not run in %(year)d.") % {"year": year}}
        )
    if SelfAssessment.objects.filter(contract=contract, year=year).exists():
        raise ValidationError(
            {"year": _("The contract already has a self-assessment for %(year)d.") % {"year": year}}
        )
    on = min(_today(), date(year, 12, 31))
    standards = list(standards_in_force(on))
    if not standards:
        raise ValidationError(
            {"year": _("No service quality standard is in force on %(on)s.") % {"on": on}}
        )
    assessment = create_record(
        actor,
        SelfAssessment,
        {"contract": contract, "year": year},
        reason or _("Self-assessment opened"),
    )
    for standard in standards:
        create_record(
            actor, SelfAssessmentItem, {"assessment": assessment, "standard": standard}, reason
        )
    return assessment


@transaction.atomic
def assess(actor, item: SelfAssessmentItem, result: str, evidence: str, reason: str = ""):
    """FIN-5: one standard met, partly met or not met, with the evidence."""
    item = locked(item, "assessment")
    if item.assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("The self-assessment is submitted; it no longer changes."))
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Give the evidence for the result.")})
    return update_record(actor, item, {"result": result, "evidence": evidence.strip()}, reason)


@transaction.atomic
def submit_self_assessment(actor, assessment: SelfAssessment, reason: str = ""):
    """FIN-5: submitted to the buyer once every standard has a result."""
    assessment = locked(assessment)
    ensure_allowed(actor, "change", assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("The self-assessment is submitted already."))
    missing = [str(i.standard) for i in assessment.items.select_related("standard") if not i.result]
    if missing:
        raise ValidationError(
            _("Assess every standard before submitting; not yet assessed: %(list)s.")
            % {"list": "、".join(missing)}
        )
    return update_record(
        actor,
        assessment,
        {"status": AssessmentStatus.SUBMITTED, "submitted_on": _today()},
        reason or _("Self-assessment submitted"),
    )


# --- Statistics returns (FIN-5) ---------------------------------------------------------------


@transaction.atomic
def schedule_returns(actor, contract: Contract, reason: str = "") -> list[StatisticsReturn]:
    """FIN-5: a return for every period of the contract's term, each with its due day
    (``rules.return_periods``, ``rules.return_due``); periods already scheduled are kept."""
    _require_running(contract)
    have = set(contract.statistics_returns.values_list("period_start", flat=True))
    made = []
    for start, end in rules.return_periods(contract.starts_on, contract.ends_on):
        if start in have:
            continue
        made.append(
            create_record(
                actor,
                StatisticsReturn,
                {
                    "contract": contract,
                    "period_start": start,
                    "period_end": end,
                    "due_on": rules.return_due(end),
                },
                reason or _("Statistics returns scheduled"),
            )
        )
    return made


@transaction.atomic
def submit_return(actor, item: StatisticsReturn, data: dict, on: date | None = None):
    """FIN-5: the supplier's figures for the period, once it has ended; submitted after the
    due day it is kept and flagged late."""
    item = locked(item)
    on = on or _today()
    if item.submitted_on is not None:
        raise ValidationError(_("This return is submitted already."))
    if on < item.period_end:
        raise ValidationError(
            _("The period ends on %(end)s; submit the return after it.")
            % {"end": item.period_end.isoformat()}
        )
    missing = [n for n in ("people_served", "activities", "service_hours") if data.get(n) is None]
    if missing:
        raise ValidationError({n: _("Give this figure (0 if none).") for n in missing})
    changes = {k: data.get(k) for k in ("people_served", "activities", "service_hours", "note")}
    changes["note"] = changes["note"] or ""
    changes["submitted_on"] = on
    late = rules.return_is_late(item.due_on, on, on)
    reason = _("Submitted late (due %(due)s)") % {"due": item.due_on} if late else ""
    return update_record(actor, item, changes, reason or _("Return submitted"))


# --- Ties and recusal (FIN-5; MoF Order 87 art. 47 by analogy) --------------------------------


def ties(user, organisation, on: date) -> list[str]:
    """FIN-5: how ``user`` is tied to ``organisation`` on ``on`` or today (empty: not tied): a
    role held in the organisation, or a post at it held by the user's person."""
    found = []
    days = {on, _today()}
    held = Q()
    for day in days:
        held |= Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    if Membership.objects.filter(user=user, organisation=organisation).filter(held).exists():
        found.append(_("holds a role in %(org)s") % {"org": organisation})
    person = getattr(user, "person", None)
    if person is not None:
        worked = Q()
        for day in days:
            worked |= Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))
        jobs = Employment.objects.filter(person=person, post__organisation=organisation)
        if jobs.filter(worked).exists():
            found.append(_("works at %(org)s") % {"org": organisation})
    return found


def _check_evaluators(evaluators, contract: Contract, on: date) -> None:
    if not evaluators:
        raise ValidationError({"evaluators": _("Name at least one evaluator.")})
    problems = []
    for user in evaluators:
        tied = ties(user, contract.supplier, on)
        if tied:
            problems.append(
                _("%(user)s %(ties)s and is excluded; choose another evaluator.")
                % {"user": user.get_full_name() or user.username, "ties": "、".join(tied)}
            )
    if problems:
        raise ValidationError({"evaluators": problems})
