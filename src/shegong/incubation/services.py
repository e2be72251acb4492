"""Every write of the incubation app with a rule of its own (ORG-4). Each takes the acting user
and a reason, runs in one transaction, checks permissions and writes the audit record (through
``core.services``). Plain records (bases, places, rules, calls, milestones) are created and
changed by the generic services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import services, workflow
from shegong.core.permissions import grants_of
from shegong.core.roles import Role

from . import queries, rules
from .choices import ApplicationStatus, Outcome
from .models import Application, Call, Milestone, Occupancy, Place, PriorityRule


def _reason(reason: str, field: str = "reason") -> str:
    if not (reason or "").strip():
        raise ValidationError({field: _("Give the reasons.")})
    return reason.strip()


def _today() -> date:
    return timezone.localdate()


# --- Applications ----------------------------------------------------------------------------


def create_application(
    actor, model, data: dict, reason: str = "", m2m=None, *, submitted_at=None, **kwargs
):
    """ORG-4: an application to a call, while the call is open (from its opening day to its
    closing day, inclusive, Asia/Shanghai). An organisation applies once per call; one in
    preparation gives its planned name and a contact. Whoever files for a registered
    organisation must be able to see it (its own administrator, or an official in its area).
    ``submitted_at``: when a paper application was received, entered later (not in the
    future; default now)."""
    call = data.get("call")
    now = timezone.now()
    submitted_at = min(submitted_at or now, now)
    today = timezone.localtime(submitted_at).date()
    if call is not None and not (call.opens_on <= today <= call.closes_on):
        raise ValidationError(
            {
                "call": _("This call takes applications from %(opens)s to %(closes)s.")
                % {"opens": call.opens_on.isoformat(), "closes": call.closes_on.isoformat()}
            }
        )
    organisation = data.get("organisation")
    if organisation is not None:
        services.ensure_allowed(actor, "view", organisation)
        if (
            Application.objects.filter(call=call, organisation=organisation)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .exists()
        ):
            raise ValidationError(
                {"organisation": _("This organisation has already applied to this call.")}
            )
    if organisation is not None and not (m2m or {}).get("service_fields"):
        # the fields the organisation is registered for, unless the application names others
        m2m = {**(m2m or {}), "service_fields": list(organisation.service_fields.all())}
    data = {**data, "submitted_at": submitted_at}
    return services.create_record(actor, Application, data, reason, m2m=m2m, **kwargs)


def _applicant(application: Application) -> rules.Applicant:
    organisation = application.organisation
    return rules.Applicant(
        registered=organisation is not None,
        registered_on=organisation.registered_on if organisation else None,
        fields=tuple(application.service_fields.all()),
    )


def score_application(application: Application) -> tuple[int, list[dict]]:
    """ORG-4: the application's score by its base's active priority rules, on the day the call
    closes (``incubation.rules``)."""
    call = application.call
    active = PriorityRule.objects.filter(base_id=call.base_id, is_active=True)
    return rules.score(list(active), _applicant(application), call.closes_on)


def refuse_application(application: Application, *, actor, reason: str, **changes) -> Application:
    """ORG-4: see :func:`refuse`."""
    return refuse(actor, application, reason=reason, **changes)


@transaction.atomic
@workflow.decision(Application, "refuse")
def refuse(actor, application: Application, *, reason: str, **changes) -> Application:
    """ORG-4: refuse one submitted application (e.g. it does not fit the base), with the
    reasons: the ``refuse`` transition of ``Application.workflow`` (a keeper in the area, never
    who filed it nor a member of the applicant organisation). ``changes``: the ranking's
    score, points and rank when the call is decided."""
    return workflow.take(
        actor,
        application,
        "refuse",
        reason=reason,
        changes={
            "decision_reason": (reason or "").strip(),
            "decided_on": changes.pop("on", None) or _today(),
            **changes,
        },
    )


@transaction.atomic
@workflow.decision(Application, "admit")
def admit(actor, application: Application, *, reason: str, on: date, **changes) -> Application:
    """ORG-4: admit a submitted application, when its call is decided (``decide_call``): the
    ``admit`` transition of ``Application.workflow``."""
    return workflow.take(
        actor,
        application,
        "admit",
        reason=reason,
        changes={"decision_reason": reason, "decided_on": on, **changes},
    )


def is_applicants_admin(user, application: Application) -> bool:
    """ORG-4: ``user`` administers the applicant organisation (not the base's operator)."""
    if not getattr(user, "is_authenticated", False) or application.organisation_id is None:
        return False
    return any(
        grant.role == Role.ORG_ADMIN and grant.organisation_id == application.organisation_id
        for grant in grants_of(user)
    )


@transaction.atomic
def withdraw_application(application: Application, *, actor, reason: str = "") -> Application:
    """ORG-4 (issue 15): the applicant organisation's administrator takes back its application
    before it is decided (the ``withdraw`` transition); a withdrawn application is not ranked
    or admitted, and the organisation may apply to the call again while it is open."""
    if actor is not None and not is_applicants_admin(actor, application):
        raise PermissionDenied(str(Application.workflow.transition("withdraw").denied))
    return workflow.take(
        actor,
        application,
        "withdraw",
        reason=reason,
        default_reason=_("Withdrawn by the applicant"),
    )


def decide_call(
    call: Call, *, actor, reason: str = "", on: date | None = None
) -> list[Application]:
    """ORG-4: see :func:`decide`."""
    return decide(actor, call, reason=reason, on=on)


@transaction.atomic
@workflow.decision(Call, "decide")
def decide(actor, call: Call, *, reason: str = "", on: date | None = None) -> list[Application]:
    """ORG-4: after the call closed, score every submitted application by the base's priority
    rules, rank them (the higher score first; on equal scores the earlier submission) and admit
    them in that order, as many as the call offers and the base has room for on the day
    incubation starts; each admitted applicant gets a place (``Occupancy``); the others are
    refused with their rank and score as the reason. Decided once; ``on``: the day of the
    decision when it is recorded later (not in the future; default today). Separation of
    duties (``Call.workflow``): never by an official who filed an application to the call or
    belongs to an applicant organisation; each application is then admitted or refused through
    its own workflow (withdrawn ones are not ranked)."""
    call = services.locked(call, "base")
    services.ensure_allowed(actor, "decide", call)
    today = min(on or _today(), _today())
    if call.decided_on:
        raise ValidationError(_("This call was decided on %(day)s.") % {"day": call.decided_on})
    if today <= call.closes_on:
        raise ValidationError(
            _("The call closes on %(day)s: decide it from the next day.")
            % {"day": call.closes_on.isoformat()}
        )
    reason = reason or _("Decision on the call %(call)s") % {"call": call}
    waiting = list(
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .select_related("organisation")
        .prefetch_related("service_fields")
    )
    for application in waiting:
        application.score, application.points = score_application(application)
    waiting.sort(key=rules.ranking_key)
    free = queries.free_places(call.base, call.incubation_starts_on)
    room = min(call.places_offered, len(free))
    total = len(waiting)
    decided = []
    for rank, application in enumerate(waiting, start=1):
        names = {"rank": rank, "total": total, "score": application.score}
        admitted = rank <= room
        if admitted:
            why = _("Admitted: %(score)s points, rank %(rank)s of %(total)s.") % names
        elif room < call.places_offered and rank <= call.places_offered:
            why = _(
                "Refused: %(score)s points, rank %(rank)s of %(total)s; the base has room for "
                "only %(room)s on the day incubation starts."
            ) % {**names, "room": room}
        else:
            why = _(
                "Refused: %(score)s points, rank %(rank)s of %(total)s; the call offers "
                "%(offered)s places."
            ) % {**names, "offered": call.places_offered}
        ranking = {"score": application.score, "points": application.points, "rank": rank}
        if admitted:
            changed = admit(actor, application, reason=why, on=today, **ranking)
            _occupy(actor, changed, free[rank - 1], call.incubation_starts_on, reason)
        else:
            changed = refuse(actor, application, reason=why, on=today, **ranking)
        decided.append(changed)
    services.update_record(actor, call, {"decided_on": today}, reason, permission="decide")
    return decided


# --- Occupancy -------------------------------------------------------------------------------


def _occupy(actor, application, place, starts_on, reason) -> Occupancy:
    data = {"place": place, "application": application, "starts_on": starts_on}
    return services.create_record(actor, Occupancy, data, reason)


@transaction.atomic
def occupy(
    application: Application, place: Place, starts_on: date, *, actor, reason: str = ""
) -> Occupancy:
    """ORG-4: an admitted applicant takes a place of its call's base from ``starts_on``. A
    place holds at most its capacity: exactly full passes, one more is refused. A place freed
    by an exit or graduation (``ends_on``, the last day held) is free from the next day. An
    applicant holds one place at a time (to move: end the current occupancy first)."""
    place = services.locked(place, "base")
    if application.status != ApplicationStatus.ADMITTED:
        raise ValidationError({"application": _("Only an admitted applicant takes a place.")})
    if place.base_id != application.call.base_id:
        raise ValidationError({"place": _("The place is not at the base of the call.")})
    if not place.is_active:
        raise ValidationError({"place": _("This place is no longer in use.")})
    if Occupancy.objects.filter(application=application, ends_on__isnull=True).exists():
        raise ValidationError(
            {"application": _("The applicant already holds a place: end that occupancy first.")}
        )
    taken = (
        Occupancy.objects.filter(place=place).filter(ends_on__isnull=True).count()
        + Occupancy.objects.filter(place=place, ends_on__gte=starts_on).count()
    )
    if taken >= place.capacity:
        raise ValidationError(
            {
                "place": _(
                    "The place %(place)s is full from %(day)s: it holds %(capacity)s "
                    "organisation(s) and %(taken)s hold it."
                )
                % {
                    "place": place.code,
                    "day": starts_on.isoformat(),
                    "capacity": place.capacity,
                    "taken": taken,
                }
            }
        )
    return _occupy(actor, application, place, starts_on, reason)


@transaction.atomic
def end_occupancy(occupancy: Occupancy, outcome: str, *, on: date, actor, reason: str) -> Occupancy:
    """ORG-4: graduation or exit, on ``on`` (the last day the place is held), with the
    reasons; the place is free from the next day."""
    reason = _reason(reason)
    occupancy = services.locked(occupancy)
    if occupancy.ends_on is not None:
        raise ValidationError(_("This occupancy has already ended."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose graduation or exit.")})
    if on < occupancy.starts_on:
        raise ValidationError(
            {"on": _("The occupancy started on %(day)s.") % {"day": occupancy.starts_on}}
        )
    return services.update_record(
        actor,
        occupancy,
        {"ends_on": on, "outcome": outcome, "outcome_reason": reason},
        reason,
    )


@transaction.atomic
def meet_milestone(
    milestone: Milestone, *, on: date, evidence: str, actor, reason: str = "", evidence_file=None
):
    """ORG-4: a milestone is met on a day not in the future, with the evidence: a description,
    an uploaded file (issue 15: the types of ``EVIDENCE_TYPES``, at most the ``evidence``
    upload size; kept private, downloaded only by who may see the milestone), or both."""
    evidence = (evidence or "").strip()
    if not evidence and not evidence_file:
        raise ValidationError({"evidence": _("Describe the evidence or attach a file.")})
    if milestone.met_on is not None:
        raise ValidationError(_("This milestone is already met."))
    if on > _today():
        raise ValidationError({"on": _("A milestone is met on a day that has come.")})
    changes = {"met_on": on, "evidence": evidence}
    if evidence_file:
        for validator in Milestone._meta.get_field("evidence_file").validators:
            try:
                validator(evidence_file)
            except ValidationError as exc:
                raise ValidationError({"evidence_file": exc.messages}) from exc
        changes["evidence_file"] = evidence_file
    why = reason or evidence or _("Evidence file: %(name)s") % {"name": evidence_file.name}
    return services.update_record(actor, milestone, changes, why)
