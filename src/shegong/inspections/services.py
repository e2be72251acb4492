"""Every write of ORG-5: inspections and their findings, cases of violation, decisions and
sanctions, rectification, appeals and associations' disciplinary measures. Each function
takes the acting user and a reason, runs in one transaction, checks the actor's permission
through the records' ``Access`` and leaves audit records; bad input is refused with a
``ValidationError`` saying what and where.

======================== ==============================================================
function                 rule
======================== ==============================================================
``plan_inspection``      ORG-5: two different inspectors; a complaint described when the
                         inspection is on a complaint (the complainant's name is private)
``complete_inspection``  ORG-5: by an authority officer or one of its two inspectors, once
``add_finding``          ORG-5: by an authority officer or one of the inspection's inspectors
``open_case``            ORG-5: from a finding (of that organisation) or a complaint
``record_investigation`` ORG-5: notes added to an open case, dated
``close_case``           ORG-5: an open case closed without a sanction, with a reason
``decide``               ORG-5: an open case decided: number, date, grounds
``add_sanction``         ORG-5: on a decided case, from the decision's date; a bar from
                         tenders or a suspension of activities (every buyer) writes
                         ``procurement.TenderBar`` (``bar_from_tenders``)
``record_rectification`` ORG-5: a rectification order in force, with evidence, not in
                         the future
``lodge_appeal``         ORG-5: after the decision, one pending appeal at a time
``decide_appeal``        ORG-5: not by the official who made the decision; upheld: every
                         sanction of the decision lifted from that day, bars too
``record_discipline``    ORG-5 (self-regulation): an association on one member
======================== ==============================================================
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.permissions import can
from shegong.core.services import create_record, locked, update_record
from shegong.procurement.choices import BarSource
from shegong.procurement.services.bars import bar_from_tenders, lift_bar

from .choices import AppealOutcome, InspectionStatus, SanctionKind
from .models import Appeal, Case, Decision, Discipline, Finding, Inspection, Sanction

#: ORG-5, FIN-3: the sanctions that keep the organisation from bidding while in force (a
#: suspension for every buyer, a bar for its buyer); ``add_sanction`` writes their bar.
BARRING_SANCTIONS = (SanctionKind.TENDER_BAR, SanctionKind.SUSPENSION)


def _today() -> date:
    return timezone.localdate()


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


# --- Inspections and findings -------------------------------------------------------------


@transaction.atomic
def plan_inspection(actor, model, data: dict, reason: str = "", m2m=None) -> Inspection:
    """ORG-5: a planned inspection or one on a complaint (``Inspection.clean``)."""
    return create_record(actor, Inspection, dict(data), reason, m2m=m2m)


def _is_inspector(actor, inspection) -> bool:
    return getattr(actor, "pk", None) in (
        inspection.lead_inspector_id,
        inspection.second_inspector_id,
    )


@transaction.atomic
def complete_inspection(
    actor, inspection: Inspection, summary: str, on: date | None = None, reason: str = ""
) -> Inspection:
    """ORG-5: the inspection done on ``on`` (today by default), with a summary."""
    current = locked(inspection)
    if actor is not None and not (can(actor, "change", current) or _is_inspector(actor, current)):
        raise PermissionDenied(
            _("Only an authority officer or one of its inspectors completes it.")
        )
    if current.status == InspectionStatus.DONE:
        raise ValidationError(_("The inspection is already done."))
    on = on or _today()
    if on > _today():
        raise ValidationError({"done_on": _("An inspection is not done in the future.")})
    if on < current.scheduled_on:
        raise ValidationError(
            {
                "done_on": _("The inspection was set for %(on)s; it is not done before.")
                % {"on": current.scheduled_on.isoformat()}
            }
        )
    summary = _required(summary, "summary", _("Summarise what the inspection found."))
    changes = {"status": InspectionStatus.DONE, "done_on": on, "summary": summary}
    return update_record(actor, current, changes, reason or summary, permission=None)


@transaction.atomic
def add_finding(actor, model, data: dict, reason: str = "", m2m=None) -> Finding:
    """ORG-5: a finding of an inspection, by an authority officer or one of its inspectors."""
    data = dict(data)
    inspection = data.get("inspection")
    if inspection is not None:
        data["organisation"] = inspection.organisation
    return create_record(actor, Finding, data, reason, m2m=m2m)


# --- Cases, decisions and sanctions -------------------------------------------------------


@transaction.atomic
def open_case(actor, model, data: dict, reason: str = "", m2m=None) -> Case:
    """ORG-5: a case of violation from a finding (its organisation by default) or a
    complaint."""
    data = dict(data)
    finding = data.get("finding")
    if finding is not None and not data.get("organisation"):
        data["organisation"] = finding.organisation
    return create_record(actor, Case, data, reason, m2m=m2m)


@transaction.atomic
def record_investigation(actor, case: Case, notes: str, on: date | None = None) -> Case:
    """ORG-5: investigation notes added to an open case, with their date."""
    current = locked(case)
    workflow.check(actor, current, "record_investigation")
    notes = _required(notes, "notes", _("Write what the investigation established."))
    line = f"{(on or _today()).isoformat()} {notes}"
    text = f"{current.investigation}\n{line}".strip()
    return workflow.take(
        actor, current, "record_investigation", reason=notes, changes={"investigation": text}
    )


@transaction.atomic
def close_case(actor, case: Case, reason: str) -> Case:
    """ORG-5: an open case closed without a sanction (no violation established)."""
    reason = (reason or "").strip()
    return workflow.take(actor, case, "close", reason=reason, changes={"closed_reason": reason})


@transaction.atomic
@workflow.decision(Case, "decide")
def decide(
    actor, case: Case, *, number: str, decided_on: date, grounds: str, reason: str = ""
) -> Decision:
    """ORG-5: the decision on an open case (the ``decide`` transition of ``Case.workflow``,
    never by the official who opened the case); the case is decided."""
    current = locked(case)
    workflow.check(actor, current, "decide")
    if decided_on and decided_on < current.opened_on:
        raise ValidationError(
            {
                "decided_on": _("A case opened on %(on)s is not decided before.")
                % {"on": current.opened_on.isoformat()}
            }
        )
    if decided_on and decided_on > _today():
        raise ValidationError({"decided_on": _("A decision is not dated in the future.")})
    data = {
        "case": current,
        "organisation": current.organisation,
        "number": (number or "").strip(),
        "decided_on": decided_on,
        "grounds": (grounds or "").strip(),
    }
    decision = create_record(actor, Decision, data, reason or data["grounds"])
    workflow.take(actor, current, "decide", reason=reason or data["grounds"])
    return decision


@transaction.atomic
def add_sanction(actor, model, data: dict, reason: str = "", m2m=None) -> Sanction:
    """ORG-5: a sanction of a decision, starting on or after the decision's date. A bar from
    tenders also bars the organisation in ``procurement`` (``bar_from_tenders``) for the same
    period and buyer; a suspension of activities (or a bar without a buyer) bars it from the
    tenders of every buyer in the deciding official's area for the sanction's period (FIN-3: a
    suspended organisation does not bid): the city's for a city decision, the district's for a
    district's (``procurement.services.bars``, ADR 0060)."""
    data = dict(data)
    decision = data.get("decision")
    if decision is None:
        raise ValidationError({"decision": _("Choose the decision.")})
    data["organisation"] = decision.organisation
    starts = data.get("starts")
    if starts and starts < decision.decided_on:
        raise ValidationError(
            {
                "starts": _("The decision is dated %(on)s; its sanctions start on or after it.")
                % {"on": decision.decided_on.isoformat()}
            }
        )
    if decision.appeals.filter(outcome=AppealOutcome.UPHELD).exists():
        raise ValidationError(_("An appeal against this decision was upheld."))
    sanction = create_record(actor, Sanction, data, reason, m2m=m2m)
    if sanction.kind in BARRING_SANCTIONS:
        bar = bar_from_tenders(
            actor,
            sanction.organisation,
            buyer=sanction.buyer,
            starts=sanction.starts,
            ends=sanction.ends,
            reason=_("Sanction decision %(number)s") % {"number": decision.number},
            source=BarSource.SANCTION,
            reference=f"inspections.Sanction:{sanction.pk}",
        )
        sanction = update_record(actor, sanction, {"bar": bar}, reason, permission=None)
    return sanction


@transaction.atomic
def record_rectification(
    actor, sanction: Sanction, on: date, evidence: str, reason: str = ""
) -> Sanction:
    """ORG-5: a rectification order put right on ``on``, with the evidence."""
    current = locked(sanction)
    if current.kind != SanctionKind.RECTIFICATION:
        raise ValidationError(_("Only a rectification order is rectified."))
    if current.rectified_on:
        raise ValidationError(
            _("Already rectified on %(on)s.") % {"on": current.rectified_on.isoformat()}
        )
    if current.lifted_on:
        raise ValidationError(_("The order was lifted; there is nothing to rectify."))
    if on is None:
        raise ValidationError({"rectified_on": _("Give the day it was rectified.")})
    if on > _today():
        raise ValidationError({"rectified_on": _("A rectification is not recorded in the future.")})
    if on < current.starts:
        raise ValidationError(
            {
                "rectified_on": _("The order starts on %(on)s; it is rectified on or after it.")
                % {"on": current.starts.isoformat()}
            }
        )
    evidence = _required(evidence, "evidence", _("Describe the evidence of the rectification."))
    changes = {"rectified_on": on, "evidence": evidence}
    return update_record(actor, current, changes, reason or evidence)


# --- Appeals ----------------------------------------------------------------------------


@transaction.atomic
def lodge_appeal(actor, model, data: dict, reason: str = "", m2m=None) -> Appeal:
    """ORG-5: an appeal against a decision, on or after its date, one pending at a time."""
    data = dict(data)
    decision = data.get("decision")
    if decision is None:
        raise ValidationError({"decision": _("Choose the decision.")})
    data["organisation"] = decision.organisation
    lodged = data.get("lodged_on")
    if lodged and lodged < decision.decided_on:
        raise ValidationError(
            {
                "lodged_on": _("The decision is dated %(on)s; an appeal is lodged on or after it.")
                % {"on": decision.decided_on.isoformat()}
            }
        )
    if lodged and lodged > _today():
        raise ValidationError({"lodged_on": _("An appeal is not lodged in the future.")})
    if decision.appeals.exclude(outcome=AppealOutcome.DISMISSED).exists():
        raise ValidationError(
            {"decision": _("This decision already has an appeal pending or upheld.")}
        )
    return create_record(actor, Appeal, data, reason, m2m=m2m)


def decide_appeal(
    actor, appeal: Appeal, outcome: str, reason: str, on: date | None = None
) -> Appeal:
    """ORG-5: a pending appeal upheld (:func:`uphold_appeal`) or dismissed
    (:func:`dismiss_appeal`)."""
    if outcome == AppealOutcome.UPHELD:
        return uphold_appeal(actor, appeal, reason, on)
    if outcome == AppealOutcome.DISMISSED:
        return dismiss_appeal(actor, appeal, reason, on)
    raise ValidationError({"outcome": _("Choose upheld or dismissed.")})


def _appeal_changes(appeal: Appeal, outcome: str, reason: str, on: date | None) -> dict:
    on = on or _today()
    if on < appeal.lodged_on:
        raise ValidationError(
            {
                "decided_on": _("The appeal was lodged on %(on)s; it is decided on or after it.")
                % {"on": appeal.lodged_on.isoformat()}
            }
        )
    return {"decided_on": on, "outcome_reason": (reason or "").strip()}


@transaction.atomic
@workflow.decision(Appeal, "dismiss")
def dismiss_appeal(actor, appeal: Appeal, reason: str, on: date | None = None) -> Appeal:
    """ORG-5: the ``dismiss`` transition of ``Appeal.workflow``: the decision stands. Never by
    the official who made the decision under appeal, nor by who lodged it."""
    changes = _appeal_changes(appeal, AppealOutcome.DISMISSED, reason, on)
    return workflow.take(actor, appeal, "dismiss", reason=reason, changes=changes)


@transaction.atomic
@workflow.decision(Appeal, "uphold")
def uphold_appeal(actor, appeal: Appeal, reason: str, on: date | None = None) -> Appeal:
    """ORG-5: the ``uphold`` transition of ``Appeal.workflow``: every sanction of the decision
    still in effect is lifted from ``on``, and its bar from tenders too (``lift_bar``)."""
    changes = _appeal_changes(appeal, AppealOutcome.UPHELD, reason, on)
    done = workflow.take(actor, appeal, "uphold", reason=reason, changes=changes)
    on, reason = changes["decided_on"], changes["outcome_reason"]
    for sanction in done.decision.sanctions.filter(lifted_on__isnull=True).select_related("bar"):
        update_record(actor, sanction, {"lifted_on": on, "lifted_reason": reason}, reason)
        if sanction.bar is not None and sanction.bar.lifted_on is None:
            lift_bar(actor, sanction.bar, reason, on=max(on, sanction.bar.starts))
    return done


# --- Self-regulation --------------------------------------------------------------------


@transaction.atomic
def record_discipline(actor, model, data: dict, reason: str = "", m2m=None) -> Discipline:
    """ORG-5 (self-regulation): an association's measure on one member
    (``Discipline.clean``)."""
    decided = data.get("decided_on")
    if decided and decided > _today():
        raise ValidationError({"decided_on": _("A measure is not dated in the future.")})
    measure = create_record(actor, Discipline, dict(data), reason, m2m=m2m)
    return _recorded(actor, measure)


@workflow.decision(Discipline, "record")
def _recorded(actor, measure: Discipline) -> Discipline:
    """ORG-5: the separation of duties of ``Discipline.workflow``, asked of the measure just
    written (in the caller's transaction, so a refusal writes nothing): never recorded by the
    member social worker or a person of the member organisation."""
    return measure
