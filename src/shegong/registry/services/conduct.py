"""Conduct cases (REG-4): complaint, investigation, hearing, decision, sanction, appeal.

Every change of stage goes through one function below; a change not allowed from the current
stage is refused with a ``ValidationError`` naming that stage.

State machine (``ConductCase.stage``)
=====================================

============== ============== ========================= =====================================
from           to             function                  notes
============== ============== ========================= =====================================
(none)         intake         ``open_case``             staff, an organisation, or the public
                                                        (``portal/complaints.py``); number
                                                        ``CC<year><serial:05d>``
intake         investigation  ``start_investigation``
investigation  hearing        ``schedule_hearing``      hearing date required (not in the
                                                        past); findings kept; notice e-mailed
                                                        to the person when they have an
                                                        address (``hearing_notice_sent_on``),
                                                        otherwise the audit note says to send
                                                        it by other means
hearing        decided        ``decide``                decision, date, sanction and its
                                                        period; suspension calls
                                                        ``registrations.suspend``; cancellation
                                                        calls ``registrations.cancel(
                                                        misconduct=True)`` (a recall request)
decided        appeal         ``lodge_appeal``          within ``registry.appeal_window_days``
                                                        (30) of the decision date
appeal         appeal         ``decide_appeal``         upheld / varied / overturned, once
intake,        closed         ``close``                 dismissed (reason required)
investigation
decided        closed         ``close``                 only after the appeal window closed
appeal         closed         ``close``                 only once the appeal is decided
============== ============== ========================= =====================================

Sanctions in force show on the public register from ``sanction_from`` to ``sanction_until``
(``registry.queries.sanction_in_force_q``); an overturned appeal removes the sanction. An
overturned *suspension* is lifted (``registrations.reinstate``). An overturned
*cancellation* reinstates nothing by itself: a cancelled registration is final, so the person
applies again (and the issuer rejects the open recall request); this is deliberate, so that a
registration comes back only through a decision on an application. A varied suspension moves
the registration's ``suspended_until`` to the new end.

Suspension and cancellation take effect on the decision: their ``sanction_from`` may not be
later than the decision is recorded, and they need a registration that is not cancelled.
Changing a registration is the registrars' (``REGISTRARS``); a district officer can take a
case up to the hearing and decide warnings and conditions, but a suspension or cancellation
is decided by a registrar.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.sequences import next_value
from shegong.core.services import create_record, locked
from shegong.core.workflow import invalid

from ..choices import AppealOutcome, CaseSource, CaseStage, RegistrationStatus, Sanction
from ..models import ConductCase, Registration
from . import registrations
from .registrations import rule

log = logging.getLogger(__name__)

APPEAL_WINDOW_DAYS = "registry.appeal_window_days"


def appeal_window_days(on: date | None = None) -> int:
    return int(rule(APPEAL_WINDOW_DAYS, on).value)


def appeal_deadline(case: ConductCase) -> date | None:
    if case.decision_date is None:
        return None
    return case.decision_date + timedelta(days=appeal_window_days(case.decision_date))


def next_case_number(year: int) -> str:
    return f"CC{year}{next_value(f'registry.conduct_case_number.{year}'):05d}"


@transaction.atomic
def open_case(
    actor,
    person,
    *,
    source: str,
    summary: str,
    registration: Registration | None = None,
    complainant_name: str = "",
    complainant_contact: str = "",
    reason: str = "",
) -> ConductCase:
    """A complaint opens a case at intake. ``actor`` is ``None`` or anonymous for the public
    form (no permission check; the audit trail says who)."""
    if not (summary or "").strip():
        invalid(_("Describe the complaint."), "summary", "required")
    if registration is None:
        registration = person.registrations.exclude(status=RegistrationStatus.CANCELLED).first()
    elif registration.person_id != person.pk:
        invalid(
            _("Registration %(number)s is not %(name)s's.")
            % {"number": registration, "name": person},
            "registration",
        )
    signed_in = getattr(actor, "is_authenticated", False)
    who = AnonymousUser() if source == CaseSource.PUBLIC and not signed_in else actor
    # Anyone may complain (the portal form, signed in or not); opening a case of the
    # authority's own, or for an organisation, needs the right to add cases.
    return create_record(
        who,
        ConductCase,
        {
            "number": next_case_number(timezone.localdate().year),
            "person": person,
            "registration": registration,
            "source": source,
            "summary": summary.strip(),
            "complainant_name": complainant_name,
            "complainant_contact": complainant_contact,
            "stage": CaseStage.INTAKE,
        },
        reason or _("Complaint received"),
        permission="add" if signed_in and source != CaseSource.PUBLIC else None,
    )


@transaction.atomic
def start_investigation(actor, case: ConductCase, *, reason: str = "") -> ConductCase:
    return workflow.take(
        actor,
        case,
        "start_investigation",
        reason=reason,
        default_reason=_("Investigation started"),
    )


def _send_hearing_notice(case: ConductCase, hearing_date: date) -> bool:
    email = case.person.email
    if not email:
        return False
    subject = _("Notice of hearing: conduct case %(number)s") % {"number": case.number}
    body = _(
        "Dear %(name)s,\n\nA hearing of conduct case %(number)s about you is set for "
        "%(date)s. You may attend, be heard and bring evidence. Please contact the social "
        "work authority to confirm.\n"
    ) % {"name": case.person.name, "number": case.number, "date": hearing_date}
    try:
        send_mail(subject, body, None, [email])
    except Exception:  # noqa: BLE001 - a mail failure is noted, the hearing still stands
        log.exception("hearing notice for case %s not sent", case.pk)
        return False
    return True


@transaction.atomic
def schedule_hearing(
    actor, case: ConductCase, *, hearing_date: date | None, findings: str = "", reason: str = ""
) -> ConductCase:
    """Set the hearing and notify the person (by e-mail when they have an address)."""
    case = locked(case, "person")
    workflow.check(actor, case, "schedule_hearing")
    today = timezone.localdate()
    if hearing_date is None:
        invalid(_("Give the date of the hearing."), "hearing_date", "required")
    if hearing_date < today:
        invalid(_("The hearing cannot be in the past."), "hearing_date")
    sent = _send_hearing_notice(case, hearing_date)
    if sent:
        note = _("Hearing notice sent by e-mail to %(email)s.") % {"email": case.person.email}
    else:
        note = _(
            "No hearing notice could be sent by e-mail (no address on record, or sending "
            "failed): notify the person by post or in person."
        )
    data = {"hearing_date": hearing_date}
    if findings:
        data["findings"] = findings
    if sent:
        data["hearing_notice_sent_on"] = today
    why = " ".join(filter(None, [reason, note]))
    return workflow.take(actor, case, "schedule_hearing", reason=why, changes=data)


@transaction.atomic
@workflow.decision(ConductCase, "decide")
def decide(
    actor,
    case: ConductCase,
    *,
    decision: str,
    sanction: str,
    decision_date: date | None = None,
    sanction_from: date | None = None,
    sanction_until: date | None = None,
    conditions: str = "",
    reason: str = "",
) -> ConductCase:
    """Record the decision and its sanction; a suspension or cancellation is applied to the
    registration at once."""
    case = locked(case, "person")
    workflow.check(actor, case, "decide")
    today = timezone.localdate()
    decision_date = decision_date or today
    if not (decision or "").strip():
        invalid(_("Write the decision."), "decision", "required")
    if sanction not in Sanction.values:
        invalid(_("Choose the sanction (or “no sanction”)."), "sanction", "required")
    if decision_date > today:
        invalid(_("The decision date cannot be in the future."), "decision_date")
    if sanction == Sanction.NONE:
        sanction_from = sanction_until = None
        conditions = ""
    else:
        sanction_from = sanction_from or decision_date
    if sanction == Sanction.CONDITIONS and not (conditions or "").strip():
        invalid(_("Write the conditions."), "conditions", "required")
    if sanction_from and sanction_until and sanction_until < sanction_from:
        invalid(_("The sanction cannot end before it starts."), "sanction_until")
    registration = None
    if sanction in (Sanction.SUSPENSION, Sanction.CANCELLATION):
        if sanction_from > today:
            invalid(
                _(
                    "A suspension or cancellation takes effect on the decision; a later start "
                    "is not supported."
                ),
                "sanction_from",
            )
        registration = (
            case.registration
            or case.person.registrations.exclude(status=RegistrationStatus.CANCELLED).first()
        )
        if registration is None or registration.status == RegistrationStatus.CANCELLED:
            invalid(
                _("%(name)s has no registration to suspend or cancel.") % {"name": case.person},
                "sanction",
            )
    if sanction == Sanction.SUSPENSION and sanction_until is None:
        invalid(_("Give the date the suspension ends."), "sanction_until", "required")
    text = decision.strip()
    case = workflow.take(
        actor,
        case,
        "decide",
        default_reason=reason or _("Decision recorded"),
        changes={
            "decision": text,
            "decision_date": decision_date,
            "sanction": sanction,
            "sanction_conditions": (conditions or "").strip(),
            "sanction_from": sanction_from,
            "sanction_until": sanction_until,
            "registration": registration or case.registration,
        },
    )
    why = _("Conduct case %(number)s: %(decision)s") % {"number": case.number, "decision": text}
    if sanction == Sanction.SUSPENSION:
        registrations.suspend(actor, registration, reason=why, until=sanction_until)
    elif sanction == Sanction.CANCELLATION:
        registrations.cancel(actor, registration, reason=why, misconduct=True, conduct_case=case)
    return case


@transaction.atomic
def lodge_appeal(
    actor, case: ConductCase, *, lodged_on: date | None = None, grounds: str = ""
) -> ConductCase:
    """An appeal against the decision, within the appeal window."""
    case = locked(case, "person")
    workflow.check(actor, case, "lodge_appeal")
    today = timezone.localdate()
    lodged_on = lodged_on or today
    if lodged_on > today:
        invalid(_("The appeal cannot be lodged in the future."), "lodged_on")
    deadline = appeal_deadline(case)
    if lodged_on > deadline:
        invalid(
            _(
                "The appeal window of %(days)s days after the decision of %(decided)s closed "
                "on %(deadline)s."
            )
            % {
                "days": appeal_window_days(case.decision_date),
                "decided": case.decision_date,
                "deadline": deadline,
            },
            "lodged_on",
            "too_late",
        )
    if not (grounds or "").strip():
        invalid(_("Give the grounds of the appeal."), "grounds", "required")
    return workflow.take(
        actor, case, "lodge_appeal", reason=grounds, changes={"appeal_lodged_on": lodged_on}
    )


@transaction.atomic
@workflow.decision(ConductCase, "decide_appeal")
def decide_appeal(
    actor,
    case: ConductCase,
    *,
    outcome: str,
    reason: str,
    decided_on: date | None = None,
    sanction_until: date | None = None,
    conditions: str | None = None,
) -> ConductCase:
    """Decide the appeal: upheld, varied (new end or conditions) or overturned."""
    case = locked(case, "person")
    if outcome not in AppealOutcome.values:
        workflow.check(actor, case, "decide_appeal", reason="-")
        invalid(_("Choose the outcome of the appeal."), "outcome", "required")
    workflow.check(actor, case, "decide_appeal", reason=reason)
    data = {
        "appeal_outcome": outcome,
        "appeal_decided_on": decided_on or timezone.localdate(),
    }
    if outcome == AppealOutcome.VARIED:
        if sanction_until is not None:
            if case.sanction_from and sanction_until < case.sanction_from:
                invalid(_("The sanction cannot end before it starts."), "sanction_until")
            data["sanction_until"] = sanction_until
        if conditions is not None and case.sanction == Sanction.CONDITIONS:
            data["sanction_conditions"] = conditions
    case = workflow.take(actor, case, "decide_appeal", reason=reason, changes=data)
    registration = case.registration
    suspended = (
        case.sanction == Sanction.SUSPENSION
        and registration is not None
        and Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.SUSPENDED
        ).exists()
    )
    why = _("Appeal in conduct case %(number)s: %(reason)s") % {
        "number": case.number,
        "reason": reason.strip(),
    }
    if suspended and outcome == AppealOutcome.OVERTURNED:
        registrations.reinstate(actor, registration, reason=why)
    elif suspended and outcome == AppealOutcome.VARIED and sanction_until is not None:
        registrations.change_suspension_end(actor, registration, until=sanction_until, reason=why)
    return case


@transaction.atomic
def close(actor, case: ConductCase, *, reason: str = "") -> ConductCase:
    """Close a case: dismissed (intake, investigation), or finished (decided, appeal)."""
    case = locked(case, "person")
    workflow.check(actor, case, "close")
    today = timezone.localdate()
    if case.stage in (CaseStage.INTAKE, CaseStage.INVESTIGATION) and not (reason or "").strip():
        invalid(_("Give the reason for dismissing the complaint."), "reason", "required")
    if case.stage == CaseStage.DECIDED:
        deadline = appeal_deadline(case)
        if deadline is not None and today <= deadline:
            invalid(
                _("The appeal window is open until %(deadline)s; close the case after it.")
                % {"deadline": deadline},
                code="appeal_window_open",
            )
    if case.stage == CaseStage.APPEAL and not case.appeal_outcome:
        invalid(
            _("The appeal of case %(number)s is not decided yet.") % {"number": case.number},
            code="invalid_stage",
        )
    return workflow.take(actor, case, "close", reason=reason, default_reason=_("Case closed"))
