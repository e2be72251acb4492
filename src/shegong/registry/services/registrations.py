"""Registration (REG-3, REG-4): applications, decisions, renewal, expiry, suspension and
cancellation. Every change of state goes through one function below; a change that is not
allowed from the current state is refused with a ``ValidationError`` naming that state.

State machines
==============

Application (``RegistrationApplication.status``)

=========== =========== ====================================== ===============================
from        to          function                               who
=========== =========== ====================================== ===============================
(none)      submitted   ``apply`` / ``apply_batch`` (first),   the person (signed in), their
                        ``apply_renewal`` (renewal)            organisation's admin, a
                                                               registrar
submitted   approved    ``approve``                            a registrar in scope
submitted   refused     ``refuse`` (reasons required)          a registrar in scope
submitted   withdrawn   ``withdraw``                           the applicant or a registrar
=========== =========== ====================================== ===============================

Separation of duties (issue 10, ``RegistrationApplication.workflow``): whoever filed an
application (``created_by``) and the person applying (their ``user``) never approve or refuse
it, whatever their role; :func:`decidable` (the review queue) leaves those applications out.

Registration (``Registration.status``)

===================== ============ =========================================================
from                  to           function
===================== ============ =========================================================
(none)                registered   ``approve`` of a first application: a new entry and number
expired               registered   ``approve`` of a first application: the person's lapsed
                                   entry starts again (same register number, new period)
registered/suspended  (same)       ``approve`` of a renewal: ``valid_until`` moves on by one
                                   period from the old ``valid_until``
expired               registered   ``approve`` of a renewal applied for in time, whose
                                   registration expired while it waited for the decision
registered            suspended    ``suspend`` (reason, until)
suspended             suspended    ``change_suspension_end`` (an appeal varied the sanction)
suspended             registered   ``reinstate``; ``lift_ended_suspensions`` (daily job)
registered/suspended/ cancelled    ``cancel`` (reason; ``misconduct=True`` also opens a
expired                            ``RecallRequest`` to the certificate's issuer)
registered/suspended  expired      ``expire_registrations`` (daily job: ``valid_until`` passed)
cancelled             (none)       final: a cancelled person may only apply afresh
===================== ============ =========================================================

Rules and their parameters (``registry/parameters.py``; which scope applies is the setting
``REGISTRY_RULE_SCOPE``, "city" by default, falling back to the city row when the national
scope has none):

- Only the holder of a valid (not recalled) certificate may apply; accepting the code of
  conduct in force (its version and the time) is part of every application.
- ``registry.registration_years``: the period. A first registration runs from the decision
  date; a renewal from the day after the old ``valid_until``. Each registration records the
  parameter row applied (``Registration.rule``), the one in force on the first day of the
  period.
- ``registry.renewal_window_months``: a renewal may be applied for only in the last N months
  before ``valid_until`` (the window opens on ``valid_until + 1 day - N months``). An expired
  registration cannot be renewed: the person applies for a first registration again.
- ``registry.first_registration_within_years``: a first application later than this after
  the examination is *not* refused (the city accepts late first registrations); the reviewer
  sees a warning (:func:`late_first_registration_warning`).
- ``registry.decision_working_days``: an application waiting longer (working days: Monday
  to Friday less public holidays, plus weekend days worked, ``core.calendar``) is flagged
  overdue in the review queue (:func:`is_overdue`).

Who decides: the city authority (``city_admin``) and "the agency it delegates": a user
holding the ``city_officer`` role with a district as scope decides that district's
applications; no other mechanism is needed (``REGISTRARS`` in ``registry/models.py``).

Extension point: :data:`RENEWAL_CONDITIONS` is a list of callables
``(registration, on) -> list[str]``; each returns the messages of the conditions the person
does not meet yet (empty when met). Renewal is refused while any message remains, both when
applying and when approving. The continuing-education module (issue 5) appends its check
here; the list is empty today.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import audit, parameters, workflow
from shegong.core.calendar import working_days_between
from shegong.core.models import AuditAction, PolicyParameter
from shegong.core.permissions import can, grants_of, policy_of
from shegong.core.sequences import next_value
from shegong.core.services import create_record, update_record

from .. import parameters as keys
from ..choices import (
    LEVEL_RANK,
    ApplicationKind,
    ApplicationStatus,
    CertificateStatus,
    RecallStatus,
    RegistrationStatus,
)
from ..models import (
    REGISTRARS,
    Certificate,
    CodeOfConduct,
    RecallRequest,
    Registration,
    RegistrationApplication,
)

#: A check a renewal must pass: ``(registration, on) -> messages of unmet conditions``.
RenewalCondition = Callable[[Registration, date], list[str]]
#: The extension point for later modules (continuing education, issue 5). Empty today.
RENEWAL_CONDITIONS: list[RenewalCondition] = []

#: Registrations that are "live": the person is on the register and may renew.
LIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED)


# --- Dates and parameters ------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; the 31st becomes the last day of a shorter month."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def period_end(start: date, years: int) -> date:
    """The last day of a period of ``years`` starting on ``start``."""
    return add_years(start, years) - timedelta(days=1)


def rule_scope() -> str:
    return getattr(settings, "REGISTRY_RULE_SCOPE", "city") or "city"


def rule(key: str, on: date | None = None) -> PolicyParameter:
    """The parameter row of the configured scope in force ``on`` (else the city's)."""
    scope = rule_scope()
    try:
        return parameters.get(key, on, scope)
    except ImproperlyConfigured:
        if scope == "city":
            raise
        return parameters.get(key, on, "city")


def renewal_window_opens(registration: Registration, on: date | None = None) -> date:
    months = int(rule(keys.RENEWAL_WINDOW_MONTHS, on).value)
    return add_months(registration.valid_until + timedelta(days=1), -months)


def current_code_of_conduct(on: date | None = None) -> CodeOfConduct | None:
    on = on or timezone.localdate()
    return CodeOfConduct.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def _day(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def is_overdue(application: RegistrationApplication, on: date | None = None) -> bool:
    """Waiting for a decision longer than ``registry.decision_working_days`` working days."""
    if application.status != ApplicationStatus.SUBMITTED:
        return False
    on = on or timezone.localdate()
    limit = int(rule(keys.DECISION_WORKING_DAYS, on).value)
    return working_days_between(_day(application.submitted_at), on) > limit


def exam_pass_date(certificate: Certificate) -> date:
    result = certificate.exam_result
    if result is not None and result.session.exam_date:
        return result.session.exam_date
    return certificate.issue_date


def late_first_registration_warning(application: RegistrationApplication) -> str:
    """A note for the reviewer when a first application comes later than the rule asks.
    Not a refusal: the city accepts late first registrations."""
    if application.kind != ApplicationKind.FIRST:
        return ""
    submitted = _day(application.submitted_at)
    passed = exam_pass_date(application.certificate)
    years = int(rule(keys.FIRST_REGISTRATION_WITHIN_YEARS, submitted).value)
    deadline = add_years(passed, years)
    if submitted <= deadline:
        return ""
    return _(
        "Late first registration: the examination was passed on %(passed)s and the rule asks "
        "for a first registration within %(years)s year(s), by %(deadline)s; this application "
        "came on %(submitted)s. The city accepts late first registrations: this is for your "
        "information, not a reason to refuse."
    ) % {"passed": passed, "years": years, "deadline": deadline, "submitted": submitted}


# --- Who may decide ------------------------------------------------------------------------------


def decidable(actor, queryset: QuerySet | None = None) -> QuerySet:
    """The applications ``actor`` may decide: registrars (city admin, city officer) in scope,
    less those they filed or that are their own (separation of duties, ``core.workflow``)."""
    return workflow.exclude_conflicts(in_registrar_scope(actor, queryset), actor)


def in_registrar_scope(actor, queryset: QuerySet | None = None) -> QuerySet:
    """The applications in ``actor``'s scope as a registrar (city admin, city officer)."""
    queryset = RegistrationApplication.objects.all() if queryset is None else queryset
    if actor is None or getattr(actor, "is_superuser", False):
        return queryset
    if not getattr(actor, "is_authenticated", False):
        return queryset.none()
    policy = policy_of(RegistrationApplication)
    combined = None
    for grant in grants_of(actor):
        if grant.role not in REGISTRARS:
            continue
        q = policy.grant_q(grant)
        if q is None:
            continue
        if not q:
            return queryset
        combined = q if combined is None else combined | q
    return queryset.none() if combined is None else queryset.filter(combined)


def _ensure_registrar(actor, application: RegistrationApplication) -> None:
    if actor is None:
        return
    if not in_registrar_scope(actor).filter(pk=application.pk).exists():
        raise PermissionDenied(
            _(
                "Only the registering authority may decide this application: the city "
                "authority, or a city officer it has delegated for the person's district."
            )
        )


# --- Small helpers -------------------------------------------------------------------------------


def _refuse(message: str, field: str | None = None, code: str = "invalid"):
    if field:
        raise ValidationError({field: ValidationError(message, code=code)})
    raise ValidationError(message, code=code)


def _stamp(obj, actor) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj.updated_by = actor
        if obj._state.adding:
            obj.created_by = actor


def _save(actor, obj, before, reason: str, *, check: str | None = "change"):
    """Validate, save and audit ``obj`` (``before`` is ``None`` for a new row). ``check``: the
    action the actor must hold on the saved row (``None``: a consequence of a permitted act)."""
    adding = obj._state.adding
    if not adding:
        obj.version += 1
    _stamp(obj, actor)
    obj.full_clean()
    obj.save()
    if check and actor is not None and not can(actor, check, obj):
        raise PermissionDenied(_("You may not change the register entry %(name)s.") % {"name": obj})
    action = AuditAction.CREATE if adding else AuditAction.UPDATE
    audit.record_change(actor, action, obj, before, audit.snapshot(obj), reason)
    return obj


def _locked(model, obj):
    return model._default_manager.select_for_update().get(pk=obj.pk)


def _state_refusal(obj, verb: str, allowed: Iterable[str], status_field: str = "status"):
    labels = dict(type(obj)._meta.get_field(status_field).choices)
    current = getattr(obj, status_field)
    if isinstance(obj, RegistrationApplication):
        name = _("This application")
    else:
        name = _("Registration %(number)s") % {"number": obj}
    _refuse(
        _("%(name)s is %(current)s; it can be %(verb)s only when it is %(allowed)s.")
        % {
            "name": name,
            "current": labels.get(current, current).lower(),
            "verb": verb,
            "allowed": _(" or ").join(str(labels[a]).lower() for a in allowed),
        },
        code="invalid_state",
    )


def _require_status(obj, verb: str, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if obj.status not in allowed:
        _state_refusal(obj, verb, allowed)


# --- Applying ------------------------------------------------------------------------------------


def holder_certificate(person, certificate: Certificate | None = None) -> Certificate:
    """The valid certificate an application rests on (the given one, or the person's highest
    level); refused when the person holds none."""
    if certificate is not None:
        certificate = Certificate.objects.get(pk=certificate.pk)  # as stored, not as passed
        if certificate.person_id != person.pk:
            _refuse(
                _("Certificate %(number)s is not %(name)s's.")
                % {"number": certificate, "name": person},
                "certificate",
            )
        if certificate.status != CertificateStatus.VALID:
            _refuse(
                _(
                    "Certificate %(number)s was recalled on %(date)s; only the holder of a "
                    "valid certificate can register."
                )
                % {"number": certificate, "date": certificate.recalled_on or "-"},
                "certificate",
                "not_holder",
            )
        return certificate
    valid = list(person.certificates.filter(status=CertificateStatus.VALID))
    if not valid:
        _refuse(
            _(
                "%(name)s holds no valid professional-level certificate; only certificate "
                "holders can register."
            )
            % {"name": person},
            "certificate",
            "not_holder",
        )
    return max(valid, key=lambda c: (LEVEL_RANK.get(c.level, 0), c.issue_date))


def _check_code(code_of_conduct, accepted: bool, on: date) -> CodeOfConduct:
    current = current_code_of_conduct(on)
    if current is None:
        raise ImproperlyConfigured("No code of conduct is in force.")
    if not accepted or code_of_conduct is None:
        _refuse(
            _("Accept the code of conduct (version %(version)s) to apply.")
            % {"version": current.version},
            "accept_code_of_conduct",
            "code_not_accepted",
        )
    if code_of_conduct.pk != current.pk:
        _refuse(
            _("The code of conduct in force is version %(version)s; accept that version.")
            % {"version": current.version},
            "code_of_conduct",
        )
    return current


def _check_organisation(person, organisation) -> None:
    if organisation is not None and person.organisation_id != organisation.pk:
        _refuse(
            _("%(name)s is not on the staff of %(organisation)s.")
            % {"name": person, "organisation": organisation},
            "person",
            "not_staff",
        )


def _check_no_pending(person) -> None:
    pending = person.registration_applications.filter(status=ApplicationStatus.SUBMITTED).first()
    if pending is not None:
        _refuse(
            _("%(name)s already has an application waiting for a decision (submitted on %(date)s).")
            % {"name": person, "date": _day(pending.submitted_at)},
            code="pending",
        )


def live_registration(person) -> Registration | None:
    return person.registrations.filter(status__in=LIVE).first()


@transaction.atomic
def apply(
    actor,
    person,
    *,
    code_of_conduct,
    accepted: bool,
    certificate: Certificate | None = None,
    organisation=None,
    reason: str = "",
) -> RegistrationApplication:
    """A first registration (by the person, their organisation, or a registrar)."""
    today = timezone.localdate()
    code = _check_code(code_of_conduct, accepted, today)
    _check_organisation(person, organisation)
    certificate = holder_certificate(person, certificate)
    live = live_registration(person)
    if live is not None:
        _refuse(
            _(
                "%(name)s is already registered (%(number)s, %(status)s, valid until "
                "%(until)s); apply for renewal instead."
            )
            % {
                "name": person,
                "number": live,
                "status": live.get_status_display().lower(),
                "until": live.valid_until,
            },
            code="registered",
        )
    _check_no_pending(person)
    return create_record(
        actor,
        RegistrationApplication,
        {
            "person": person,
            "certificate": certificate,
            "kind": ApplicationKind.FIRST,
            "organisation": organisation,
            "code_of_conduct": code,
            "conduct_accepted_at": timezone.now(),
        },
        reason or _("Application for registration"),
    )


@transaction.atomic
def apply_batch(
    actor, organisation, people, *, code_of_conduct, accepted: bool, reason: str = ""
) -> list[RegistrationApplication]:
    """First applications by an organisation for several of its staff: all or none."""
    people = list(people)
    _check_code(code_of_conduct, accepted, timezone.localdate())
    if not people:
        _refuse(_("Choose at least one member of staff."), "people")
    created, errors = [], []
    for person in people:
        try:
            created.append(
                apply(
                    actor,
                    person,
                    code_of_conduct=code_of_conduct,
                    accepted=accepted,
                    organisation=organisation,
                    reason=reason,
                )
            )
        except ValidationError as exc:
            errors.extend(f"{person}: {message}" for message in exc.messages)
    if errors:
        raise ValidationError(errors, code="batch")
    return created


def renewal_problems(registration: Registration, on: date | None = None) -> list[str]:
    """Why ``registration`` cannot be renewed ``on`` (empty: it can)."""
    on = on or timezone.localdate()
    if registration.status == RegistrationStatus.CANCELLED:
        return [
            _("%(number)s is cancelled; a cancelled registration cannot be renewed.")
            % {"number": registration}
        ]
    if registration.status == RegistrationStatus.EXPIRED or registration.valid_until < on:
        return [
            _(
                "%(number)s expired on %(date)s; an expired registration cannot be renewed. "
                "Apply for a first registration again."
            )
            % {"number": registration, "date": registration.valid_until}
        ]
    opens = renewal_window_opens(registration, on)
    if on < opens:
        months = int(rule(keys.RENEWAL_WINDOW_MONTHS, on).value)
        return [
            _(
                "The renewal window of %(number)s opens on %(opens)s (the last %(months)s "
                "month(s) before it ends on %(until)s)."
            )
            % {
                "number": registration,
                "opens": opens,
                "months": months,
                "until": registration.valid_until,
            }
        ]
    problems = []
    for condition in RENEWAL_CONDITIONS:
        problems.extend(condition(registration, on))
    return problems


@transaction.atomic
def apply_renewal(
    actor,
    registration: Registration,
    *,
    code_of_conduct,
    accepted: bool,
    organisation=None,
    reason: str = "",
) -> RegistrationApplication:
    """A renewal: only within the renewal window, for a registered (or suspended) entry."""
    today = timezone.localdate()
    registration = _locked(Registration, registration)
    person = registration.person
    code = _check_code(code_of_conduct, accepted, today)
    _check_organisation(person, organisation)
    problems = renewal_problems(registration, today)
    if problems:
        raise ValidationError(problems, code="not_renewable")
    certificate = holder_certificate(person)
    _check_no_pending(person)
    return create_record(
        actor,
        RegistrationApplication,
        {
            "person": person,
            "certificate": certificate,
            "kind": ApplicationKind.RENEWAL,
            "registration": registration,
            "organisation": organisation,
            "code_of_conduct": code,
            "conduct_accepted_at": timezone.now(),
        },
        reason or _("Application for renewal"),
    )


# --- Deciding ------------------------------------------------------------------------------------


def next_register_number(year: int) -> str:
    return f"SW{year}{next_value(f'registry.register_number.{year}'):06d}"


@transaction.atomic
@workflow.decision(RegistrationApplication, "approve")
def approve(actor, application: RegistrationApplication, *, reason: str = "") -> Registration:
    """Approve a submitted application: a register entry (first) or a longer period (renewal)."""
    application = _locked(RegistrationApplication, application)
    _require_status(application, _("approved"), [ApplicationStatus.SUBMITTED])
    _ensure_registrar(actor, application)
    today = timezone.localdate()
    person = application.person
    holder_certificate(person, application.certificate)
    if application.kind == ApplicationKind.RENEWAL:
        registration = _renew(application, today)
    else:
        registration = _register(application, today)
    before = None if registration._state.adding else audit.snapshot(_stored(registration))
    _save(actor, registration, before, reason or _("Application approved"))
    update_record(
        actor,
        application,
        {
            "status": ApplicationStatus.APPROVED,
            "registration": registration,
            "decided_by": actor if getattr(actor, "is_authenticated", False) else None,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
        reason or _("Application approved"),
    )
    return registration


def _stored(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


def _register(application: RegistrationApplication, today: date) -> Registration:
    person = application.person
    live = live_registration(person)
    if live is not None:
        _refuse(
            _("%(name)s is already registered (%(number)s).") % {"name": person, "number": live},
            code="registered",
        )
    period = rule(keys.REGISTRATION_YEARS, today)
    registration = person.registrations.filter(status=RegistrationStatus.EXPIRED).first()
    if registration is None:
        registration = Registration(register_number=next_register_number(today.year))
    else:
        registration = _locked(Registration, registration)
    registration.person = person
    registration.certificate = application.certificate
    registration.level = application.certificate.level
    registration.status = RegistrationStatus.REGISTERED
    registration.valid_from = today
    registration.valid_until = period_end(today, int(period.value))
    registration.rule = period
    registration.status_reason = ""
    registration.status_changed_on = today
    registration.suspended_until = None
    return registration


def _renew(application: RegistrationApplication, today: date) -> Registration:
    registration = _locked(Registration, application.registration)
    if registration.status == RegistrationStatus.CANCELLED:
        _state_refusal(
            registration,
            _("renewed"),
            [RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED],
        )
    problems = []
    for condition in RENEWAL_CONDITIONS:
        problems.extend(condition(registration, today))
    if problems:
        raise ValidationError(problems, code="not_renewable")
    start = registration.valid_until + timedelta(days=1)
    period = rule(keys.REGISTRATION_YEARS, start)
    registration.valid_until = period_end(start, int(period.value))
    registration.rule = period
    registration.certificate = application.certificate
    registration.level = application.certificate.level
    if registration.status == RegistrationStatus.EXPIRED:
        # Applied for in time; the period ran out while the application waited.
        registration.status = RegistrationStatus.REGISTERED
        registration.status_changed_on = today
        registration.status_reason = ""
    return registration


@transaction.atomic
@workflow.decision(RegistrationApplication, "refuse")
def refuse(actor, application: RegistrationApplication, *, reasons: str) -> RegistrationApplication:
    """Refuse a submitted application; the reasons are required and kept."""
    application = _locked(RegistrationApplication, application)
    _require_status(application, _("refused"), [ApplicationStatus.SUBMITTED])
    _ensure_registrar(actor, application)
    if not (reasons or "").strip():
        _refuse(_("Give the reasons for the refusal."), "reasons", "required")
    return update_record(
        actor,
        application,
        {
            "status": ApplicationStatus.REFUSED,
            "decided_by": actor if getattr(actor, "is_authenticated", False) else None,
            "decided_at": timezone.now(),
            "decision_reason": reasons.strip(),
        },
        reasons.strip(),
    )


@transaction.atomic
def withdraw(actor, application: RegistrationApplication, *, reason: str = ""):
    """The applicant (or a registrar) withdraws a submitted application."""
    application = _locked(RegistrationApplication, application)
    _require_status(application, _("withdrawn"), [ApplicationStatus.SUBMITTED])
    return update_record(
        actor,
        application,
        {"status": ApplicationStatus.WITHDRAWN, "decided_at": timezone.now()},
        reason or _("Application withdrawn"),
    )


# --- Suspension, cancellation, expiry ------------------------------------------------------------


@transaction.atomic
def suspend(actor, registration: Registration, *, reason: str, until: date | None) -> Registration:
    """Suspend a registered entry until a date, with a reason."""
    registration = _locked(Registration, registration)
    _require_status(registration, _("suspended"), [RegistrationStatus.REGISTERED])
    today = timezone.localdate()
    if not (reason or "").strip():
        _refuse(_("Give the reason for the suspension."), "reason", "required")
    if until is None:
        _refuse(_("Give the date the suspension ends."), "until", "required")
    if until < today:
        _refuse(_("The suspension cannot end before today."), "until")
    before = audit.snapshot(registration)
    registration.status = RegistrationStatus.SUSPENDED
    registration.status_reason = reason.strip()
    registration.status_changed_on = today
    registration.suspended_until = until
    return _save(actor, registration, before, reason.strip())


@transaction.atomic
def change_suspension_end(actor, registration: Registration, *, until: date, reason: str):
    """Move the end of a suspension (an appeal varied the sanction)."""
    registration = _locked(Registration, registration)
    _require_status(registration, _("changed"), [RegistrationStatus.SUSPENDED])
    if until is None:
        _refuse(_("Give the date the suspension ends."), "until", "required")
    before = audit.snapshot(registration)
    registration.suspended_until = until
    return _save(actor, registration, before, reason)


@transaction.atomic
def reinstate(actor, registration: Registration, *, reason: str = "") -> Registration:
    """Lift a suspension."""
    registration = _locked(Registration, registration)
    _require_status(registration, _("reinstated"), [RegistrationStatus.SUSPENDED])
    before = audit.snapshot(registration)
    registration.status = RegistrationStatus.REGISTERED
    registration.status_reason = (reason or "").strip()
    registration.status_changed_on = timezone.localdate()
    registration.suspended_until = None
    return _save(actor, registration, before, reason or _("Suspension lifted"))


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
    registration = _locked(Registration, registration)
    _require_status(
        registration,
        _("cancelled"),
        [RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED, RegistrationStatus.EXPIRED],
    )
    if not (reason or "").strip():
        _refuse(_("Give the reason for the cancellation."), "reason", "required")
    reason = reason.strip()
    before = audit.snapshot(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.status_reason = reason
    registration.status_changed_on = timezone.localdate()
    registration.suspended_until = None
    _save(actor, registration, before, reason, check=None if consequence else "change")
    if misconduct:
        already = RecallRequest.objects.filter(
            certificate=registration.certificate, status=RecallStatus.OPEN
        ).exists()
        if not already:
            recall = RecallRequest(
                certificate=registration.certificate,
                registration=registration,
                conduct_case=conduct_case,
                reason=reason,
                status=RecallStatus.OPEN,
            )
            # The request is a consequence of the cancellation the actor may make; deciding
            # it is the issuer's (``change`` on RecallRequest).
            _save(actor, recall, None, reason, check=None)
    return registration


def _bulk_status(rows: list[Registration], changes: dict, reason: str, actor=None) -> int:
    now = timezone.now()
    befores = {r.pk: audit.snapshot(r) for r in rows}
    for r in rows:
        for name, value in changes.items():
            setattr(r, name, value)
        r.version += 1
        r.updated_at = now
    Registration.objects.bulk_update(rows, [*changes, "version", "updated_at"], batch_size=500)
    # One audit record per row, appended to the chain in one go.
    audit.append_many(
        actor,
        AuditAction.UPDATE,
        [
            {
                "model": r._meta.label_lower,
                "object_id": r.pk,
                "object_repr": str(r),
                "scope_path": audit.scope_path_of(r),
                "before": befores[r.pk],
                "after": audit.snapshot(r),
            }
            for r in rows
        ],
        reason,
    )
    return len(rows)


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
