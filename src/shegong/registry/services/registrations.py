"""Registration (REG-3, REG-4): applications, decisions, renewal, expiry, suspension and
cancellation (the last three in ``standing``). The states and transitions are declared on the
models (``RegistrationApplication.workflow``, ``Registration.workflow``) and every change of
state is taken with ``core.workflow.take`` (issue 11): one audited write, and a change that is
not allowed from the current state is refused with a ``ValidationError`` naming that state.
Deciding is the ``decide`` action of ``RegistrationApplication.access`` (registrars in scope).

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

Rules and their parameters (``registry/parameters.py``; which scope applies is the dated
parameter ``registry.rule_scope`` in force on the rule's date, "city" by default, falling back
to the city row when the national scope has none):

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
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import parameters, workflow
from shegong.core.calendar import working_days_between
from shegong.core.models import PolicyParameter
from shegong.core.permissions import restrict
from shegong.core.sequences import next_value
from shegong.core.services import create_record, locked, update_record
from shegong.core.workflow import invalid

from .. import parameters as keys
from ..choices import (
    LEVEL_RANK,
    ApplicationKind,
    ApplicationStatus,
    CertificateStatus,
    RegistrationStatus,
)
from ..models import Certificate, CodeOfConduct, Registration, RegistrationApplication

# Suspension, cancellation and expiry live in ``standing`` (issue 11 split this module).
from .standing import (  # noqa: F401 - the module's public interface
    LIVE,
    cancel,
    change_suspension_end,
    expire_registrations,
    lift_ended_suspensions,
    reinstate,
    suspend,
)

#: A check a renewal must pass: ``(registration, on) -> messages of unmet conditions``.
RenewalCondition = Callable[[Registration, date], list[str]]
#: The extension point for later modules (continuing education, issue 5). Empty today.
RENEWAL_CONDITIONS: list[RenewalCondition] = []


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


def rule_scope(on: date | None = None) -> str:
    """``registry.rule_scope`` in force ``on``: "national" or "city" (anything else)."""
    return "national" if parameters.value(keys.RULE_SCOPE, on) == "national" else "city"


def rule(key: str, on: date | None = None) -> PolicyParameter:
    """The parameter row of the configured scope in force ``on`` (else the city's)."""
    scope = rule_scope(on)
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
    """The applications in ``actor``'s scope as a registrar (city admin, city officer): the
    ``decide`` action of ``RegistrationApplication.access`` (``core.permissions``)."""
    queryset = RegistrationApplication.objects.all() if queryset is None else queryset
    if actor is None:
        return queryset
    return restrict(queryset, actor, "decide")


# --- Applying ------------------------------------------------------------------------------------


def holder_certificate(person, certificate: Certificate | None = None) -> Certificate:
    """The valid certificate an application rests on (the given one, or the person's highest
    level); refused when the person holds none."""
    if certificate is not None:
        certificate = Certificate.objects.get(pk=certificate.pk)  # as stored, not as passed
        if certificate.person_id != person.pk:
            invalid(
                _("Certificate %(number)s is not %(name)s's.")
                % {"number": certificate, "name": person},
                "certificate",
            )
        if certificate.status != CertificateStatus.VALID:
            invalid(
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
        invalid(
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
        invalid(
            _("Accept the code of conduct (version %(version)s) to apply.")
            % {"version": current.version},
            "accept_code_of_conduct",
            "code_not_accepted",
        )
    if code_of_conduct.pk != current.pk:
        invalid(
            _("The code of conduct in force is version %(version)s; accept that version.")
            % {"version": current.version},
            "code_of_conduct",
        )
    return current


def _check_organisation(person, organisation) -> None:
    if organisation is not None and person.organisation_id != organisation.pk:
        invalid(
            _("%(name)s is not on the staff of %(organisation)s.")
            % {"name": person, "organisation": organisation},
            "person",
            "not_staff",
        )


def _check_no_pending(person) -> None:
    pending = person.registration_applications.filter(status=ApplicationStatus.SUBMITTED).first()
    if pending is not None:
        invalid(
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
        invalid(
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
        invalid(_("Choose at least one member of staff."), "people")
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
    registration = locked(registration)
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
    application = locked(application)
    workflow.check(actor, application, "approve")
    today = timezone.localdate()
    holder_certificate(application.person, application.certificate)
    why = reason or _("Application approved")
    if application.kind == ApplicationKind.RENEWAL:
        registration = _renew(actor, application, today, why)
    else:
        registration = _register(actor, application, today, why)
    workflow.take(
        actor,
        application,
        "approve",
        reason=reason,
        changes={"registration": registration, "decision_reason": reason},
        default_reason=why,
    )
    return registration


def _register(actor, application: RegistrationApplication, today: date, why) -> Registration:
    """A first registration: a new register entry, or the person's lapsed entry again."""
    person = application.person
    live = live_registration(person)
    if live is not None:
        invalid(
            _("%(name)s is already registered (%(number)s).") % {"name": person, "number": live},
            code="registered",
        )
    period = rule(keys.REGISTRATION_YEARS, today)
    changes = {
        "person": person,
        "certificate": application.certificate,
        "level": application.certificate.level,
        "status": RegistrationStatus.REGISTERED,
        "valid_from": today,
        "valid_until": period_end(today, int(period.value)),
        "rule": period,
        "status_reason": "",
        "status_changed_on": today,
        "suspended_until": None,
    }
    lapsed = person.registrations.filter(status=RegistrationStatus.EXPIRED).first()
    if lapsed is None:
        changes["register_number"] = next_register_number(today.year)
        return create_record(actor, Registration, changes, why, permission="change")
    return workflow.take(actor, lapsed, "register_again", reason=why, changes=changes)


def _renew(actor, application: RegistrationApplication, today: date, why) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=application.registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        workflow.require(
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
    changes = {
        "valid_until": period_end(start, int(period.value)),
        "rule": period,
        "certificate": application.certificate,
        "level": application.certificate.level,
    }
    if registration.status == RegistrationStatus.EXPIRED:
        # Applied for in time; the period ran out while the application waited.
        changes.update(
            status=RegistrationStatus.REGISTERED, status_changed_on=today, status_reason=""
        )
    return update_record(actor, registration, changes, why)


@transaction.atomic
@workflow.decision(RegistrationApplication, "refuse")
def refuse(actor, application: RegistrationApplication, *, reasons: str) -> RegistrationApplication:
    """Refuse a submitted application; the reasons are required and kept."""
    return workflow.take(
        actor,
        application,
        "refuse",
        reason=reasons,
        changes={"decision_reason": (reasons or "").strip()},
    )


@transaction.atomic
def withdraw(actor, application: RegistrationApplication, *, reason: str = ""):
    """The applicant (or a registrar) withdraws a submitted application."""
    return workflow.take(
        actor,
        application,
        "withdraw",
        reason=reason,
        changes={"decided_at": timezone.now()},
        default_reason=_("Application withdrawn"),
    )
