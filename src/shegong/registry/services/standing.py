"""A registration's standing (REG-4): suspension, reinstatement, cancellation and expiry, each
a transition of ``Registration.workflow`` (``core.workflow``, issue 11; the state table is in
``registrations``). The daily jobs (expiry, the end of suspensions) change many rows at once
through ``update_records_in_bulk``, one audit record per row."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.services import create_record, locked, update_records_in_bulk
from shegong.core.workflow import invalid

from ..choices import RecallStatus, RegistrationStatus
from ..models import RecallRequest, Registration

#: Registrations that are "live": the person is on the register and may renew.
LIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED)


@transaction.atomic
def suspend(actor, registration: Registration, *, reason: str, until: date | None) -> Registration:
    """Suspend a registered entry until a date, with a reason."""
    registration = locked(registration)
    workflow.check(actor, registration, "suspend", reason=reason)
    today = timezone.localdate()
    if until is None:
        invalid(_("Give the date the suspension ends."), "until", "required")
    if until < today:
        invalid(_("The suspension cannot end before today."), "until")
    return workflow.take(
        actor,
        registration,
        "suspend",
        reason=reason,
        changes={
            "status_reason": reason.strip(),
            "status_changed_on": today,
            "suspended_until": until,
        },
    )


@transaction.atomic
def change_suspension_end(actor, registration: Registration, *, until: date, reason: str):
    """Move the end of a suspension (an appeal varied the sanction)."""
    registration = locked(registration)
    workflow.check(actor, registration, "change_suspension_end", reason=reason)
    if until is None:
        invalid(_("Give the date the suspension ends."), "until", "required")
    return workflow.take(
        actor,
        registration,
        "change_suspension_end",
        reason=reason,
        changes={"suspended_until": until},
    )


@transaction.atomic
def reinstate(actor, registration: Registration, *, reason: str = "") -> Registration:
    """Lift a suspension."""
    return workflow.take(
        actor,
        registration,
        "reinstate",
        reason=reason,
        changes={
            "status_reason": (reason or "").strip(),
            "status_changed_on": timezone.localdate(),
            "suspended_until": None,
        },
        default_reason=_("Suspension lifted"),
    )


@transaction.atomic
def cancel(
    actor,
    registration: Registration,
    *,
    reason: str,
    misconduct: bool = False,
    conduct_case=None,
    consequence: bool = False,
) -> Registration:
    """Cancel a registration (取消登记). For misconduct, also ask the certificate's issuer to
    recall the certificate (an open ``RecallRequest``). ``consequence``: the cancellation
    follows from another permitted act (a certificate's recall), so the actor need not hold
    ``change`` on the registration."""
    reason = (reason or "").strip()
    registration = workflow.take(
        actor,
        registration,
        "cancel",
        reason=reason,
        consequence=consequence,
        changes={
            "status_reason": reason,
            "status_changed_on": timezone.localdate(),
            "suspended_until": None,
        },
    )
    if misconduct:
        already = RecallRequest.objects.filter(
            certificate=registration.certificate, status=RecallStatus.OPEN
        ).exists()
        if not already:
            # The request is a consequence of the cancellation the actor may make; deciding
            # it is the issuer's (``change`` on RecallRequest).
            create_record(
                actor,
                RecallRequest,
                {
                    "certificate": registration.certificate,
                    "registration": registration,
                    "conduct_case": conduct_case,
                    "reason": reason,
                    "status": RecallStatus.OPEN,
                },
                reason,
                permission=None,
            )
    return registration


def _bulk_status(rows: list[Registration], changes: dict, reason: str, actor=None) -> int:
    """A daily job's transition (``expire``, ``lift_suspension``) on many rows at once."""

    def change(registration):
        for name, value in changes.items():
            setattr(registration, name, value)

    return update_records_in_bulk(actor, rows, change, list(changes), reason, chunk=500)


@transaction.atomic
def expire_registrations(on: date | None = None, actor=None) -> int:
    """Mark registrations whose ``valid_until`` is before ``on`` (today) as expired. A
    registration is still registered on its last day and expired from the next."""
    on = on or timezone.localdate()
    rows = list(
        Registration.objects.select_for_update(of=("self",))
        .select_related("person__area")
        .filter(status__in=LIVE, valid_until__lt=on)
    )
    return _bulk_status(
        rows,
        {
            "status": RegistrationStatus.EXPIRED,
            "status_changed_on": on,
            "status_reason": _("The registration period ended."),
            "suspended_until": None,
        },
        _("The registration period ended."),
        actor,
    )


@transaction.atomic
def lift_ended_suspensions(on: date | None = None, actor=None) -> int:
    """Reinstate suspensions whose ``suspended_until`` is before ``on`` (today)."""
    on = on or timezone.localdate()
    rows = list(
        Registration.objects.select_for_update(of=("self",))
        .select_related("person__area")
        .filter(status=RegistrationStatus.SUSPENDED, suspended_until__lt=on)
    )
    return _bulk_status(
        rows,
        {
            "status": RegistrationStatus.REGISTERED,
            "status_changed_on": on,
            "status_reason": _("The suspension ended."),
            "suspended_until": None,
        },
        _("The suspension ended."),
        actor,
    )
