"""Every write of grading (ORG-3) and the rules that decide: who may apply and when, the
self-assessment, the evaluators and their recusal, the scores, the total and the grade, its
publication, appeal, downgrade and revocation. Each service takes the acting user and a reason,
runs in one transaction and writes the audit trail (through ``core.services``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shegong.core import parameters, workflow
from shegong.core.permissions import can
from shegong.core.services import create_record, update_record
from shegong.governance.services import evaluators as committee_evaluators
from shegong.governance.services import ties
from shegong.organisations.choices import OrganisationStatus

from . import rules
from .choices import (
    AppealStatus,
    ApplicationStatus,
    AssignmentStatus,
    GradeValue,
    RecusalKind,
)
from .models import Appeal, Application, Assignment, Claim, Indicator, OrganisationGrade, Score
from .parameters import APPEAL_DAYS, MIN_REGISTERED_YEARS
from .queries import current_grade

S = ApplicationStatus


def _today(on):
    return on or timezone.localdate()


def indicators_of(application):
    return Indicator.objects.filter(group__system=application.cycle.system).order_by(
        "group__order", "group__code", "order", "code"
    )


def eligibility_problems(cycle, organisation, on: date) -> list[str]:
    """ORG-3: why ``organisation`` may not apply in ``cycle`` on ``on`` (empty: it may):
    the cycle is open that day; the organisation is registered and active; it has been
    registered ``grading.min_registered_years`` full years (《社会组织评估管理办法》 art. 6:
    registered 2024-03-01, it may apply from 2026-03-01, not on 2026-02-28); it holds no grade
    still in force (art. 6: a new grading once the grade's 5 years have run)."""
    found = []
    if not (cycle.opens_on <= on <= cycle.closes_on):
        found.append(
            _("%(cycle)s takes applications from %(opens)s to %(closes)s.")
            % {"cycle": cycle, "opens": cycle.opens_on, "closes": cycle.closes_on}
        )
    if organisation.status != OrganisationStatus.ACTIVE:
        found.append(
            _("The organisation is not registered and active (status: %(status)s).")
            % {"status": organisation.get_status_display()}
        )
    if organisation.registered_on is None:
        found.append(_("The organisation's registration date is not on record."))
    else:
        first = rules.eligible_from(organisation.registered_on, on)
        if on < first:
            found.append(
                _(
                    "The organisation was registered on %(registered)s: it may apply from "
                    "%(first)s, after %(years)d full years registered."
                )
                % {
                    "registered": organisation.registered_on,
                    "first": first,
                    "years": int(parameters.value(MIN_REGISTERED_YEARS, on)),
                }
            )
    held = current_grade(organisation, on)
    if held is not None:
        found.append(
            _(
                "The organisation holds grade %(grade)s until %(until)s: it may apply again "
                "when that grade has run its term."
            )
            % {"grade": held.grade, "until": held.valid_until}
        )
    return found


@transaction.atomic
def apply(actor, cycle, organisation, *, on: date | None = None, reason: str = "") -> Application:
    """ORG-3: an organisation applies for grading; refused with every reason that applies."""
    on = _today(on)
    problems = eligibility_problems(cycle, organisation, on)
    if problems:
        raise ValidationError(problems)
    if Application.objects.filter(cycle=cycle, organisation=organisation).exists():
        raise ValidationError(_("The organisation has already applied in this grading cycle."))
    return create_record(
        actor,
        Application,
        {"cycle": cycle, "organisation": organisation, "applied_on": on},
        reason or _("application for grading"),
    )


@transaction.atomic
def save_claims(actor, application, claims: dict, reason: str = "") -> list[Claim]:
    """ORG-3: the organisation's self-assessment: ``claims`` maps an indicator to
    ``(points, evidence, file)``; only while the self-assessment is open."""
    application.refresh_from_db()
    if application.status != S.SELF_ASSESSMENT:
        raise ValidationError(_("The self-assessment has been submitted: it can no longer change."))
    if not can(actor, "change", application):
        raise PermissionDenied(_("You may not change this self-assessment."))
    saved = []
    for indicator, (points, evidence, upload) in claims.items():
        existing = Claim.objects.filter(application=application, indicator=indicator).first()
        data = {"points": points, "evidence": evidence or ""}
        if upload:
            data["evidence_file"] = upload
        if existing is None:
            saved.append(
                create_record(
                    actor,
                    Claim,
                    {"application": application, "indicator": indicator, **data},
                    reason or _("self-assessment"),
                )
            )
        else:
            saved.append(update_record(actor, existing, data, reason or _("self-assessment")))
    return saved


@transaction.atomic
def submit(actor, application, *, on: date | None = None, reason: str = "") -> Application:
    """ORG-3: the organisation submits its self-assessment: every indicator claimed."""
    application.refresh_from_db()
    if application.status != S.SELF_ASSESSMENT:
        raise ValidationError(_("The self-assessment has already been submitted."))
    missing = indicators_of(application).exclude(claims__application=application)
    if missing.exists():
        raise ValidationError(
            _("Claim points on every indicator before submitting; missing: %(codes)s.")
            % {"codes": ", ".join(i.code for i in missing)}
        )
    return update_record(
        actor,
        application,
        {"status": S.SUBMITTED, "submitted_on": _today(on)},
        reason or _("self-assessment submitted"),
    )


def _assign_one(actor, application, user, committee, on, reason) -> Assignment:
    # The reason is kept with the record in the platform's language, like the text people type.
    with translation.override(settings.LANGUAGE_CODE):
        tied = ties(user, application.organisation, on)
    data = {"application": application, "evaluator": user, "committee": committee}
    if tied:
        data.update(
            status=AssignmentStatus.RECUSED,
            recusal=RecusalKind.AUTOMATIC,
            recusal_reason="; ".join(tied)[:500],
        )
    return create_record(actor, Assignment, data, reason, permission="add")


@transaction.atomic
def assign(
    actor,
    application,
    *,
    committee=None,
    evaluators=(),
    on: date | None = None,
    reason: str = "",
) -> list[Assignment]:
    """ORG-3, GOV-2: name the evaluators of a submitted application: a coordinating committee
    as the evaluator body (its active members) and/or persons named. Anyone tied to the
    applicant (``governance.services.ties``) is kept as recused for that tie, with the
    reason; at least one evaluator must remain to score."""
    application.refresh_from_db()
    on = _today(on)
    if not can(actor, "decide", application):
        raise PermissionDenied(_("Only the city's grading officials assign evaluators."))
    if application.status not in (S.SUBMITTED, S.EVALUATION):
        raise ValidationError(_("Evaluators are assigned once the self-assessment is submitted."))
    people = []
    if committee is not None:
        people += [(seat.user, committee) for seat in committee_evaluators(committee)]
    people += [(user, None) for user in evaluators]
    if not people:
        raise ValidationError(_("Name a committee or at least one evaluator."))
    made, seen = [], set(application.assignments.values_list("evaluator_id", flat=True))
    reason = reason or _("evaluators assigned")
    for user, body in people:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        made.append(_assign_one(actor, application, user, body, on, reason))
    if not application.assignments.filter(status=AssignmentStatus.ACTIVE).exists():
        raise ValidationError(
            _("Every evaluator named is tied to the organisation: name others who are not.")
        )
    changes = {"status": S.EVALUATION}
    if committee is not None:
        changes["committee"] = committee
    update_record(actor, application, changes, reason, permission="decide")
    return made


@transaction.atomic
def recuse(actor, assignment, reason: str) -> Assignment:
    """ORG-3: a declared recusal, by the evaluator or a grading official, with the reason
    (kept and shown); the evaluator's scores no longer count."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the evaluator stands aside.")})
    if assignment.status == AssignmentStatus.RECUSED:
        raise ValidationError(_("The evaluator has already stood aside."))
    if assignment.application.status == S.PUBLISHED:
        raise ValidationError(_("The grade is published: the evaluators no longer change."))
    return update_record(
        actor,
        assignment,
        {
            "status": AssignmentStatus.RECUSED,
            "recusal": RecusalKind.DECLARED,
            "recusal_reason": reason.strip()[:500],
        },
        reason,
    )


@transaction.atomic
def score(
    actor, assignment, points: dict, *, final: bool = False, on=None, reason: str = ""
) -> Assignment:
    """ORG-3: an evaluator's points (0 to the indicator's maximum) and notes, ``points``
    mapping an indicator to ``(points, note)``; ``final``: the scores are submitted (every
    indicator scored)."""
    assignment.refresh_from_db()
    if assignment.evaluator_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the evaluator assigned scores here."))
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ValidationError(_("You stood aside from this application: you do not score it."))
    if assignment.application.status != S.EVALUATION:
        raise ValidationError(_("The application is not being scored."))
    if assignment.scored_on:
        raise ValidationError(_("Your scores are submitted: they can no longer change."))
    reason = reason or _("scores")
    for indicator, (value, note) in points.items():
        existing = Score.objects.filter(assignment=assignment, indicator=indicator).first()
        data = {"points": value, "note": note or ""}
        if existing is None:
            create_record(
                actor, Score, {"assignment": assignment, "indicator": indicator, **data}, reason
            )
        else:
            update_record(actor, existing, data, reason)
    if final:
        missing = indicators_of(assignment.application).exclude(scores__assignment=assignment)
        if missing.exists():
            raise ValidationError(
                _("Score every indicator before submitting; missing: %(codes)s.")
                % {"codes": ", ".join(i.code for i in missing)}
            )
        return update_record(actor, assignment, {"scored_on": _today(on)}, reason)
    return assignment


def total_of(application) -> Decimal:
    """ORG-3: the sum over the indicators of the mean of the scoring evaluators' points."""
    scores = Score.objects.filter(
        assignment__application=application, assignment__status=AssignmentStatus.ACTIVE
    )
    by_indicator: dict[int, list[Decimal]] = {}
    for indicator_id, value in scores.values_list("indicator_id", "points"):
        by_indicator.setdefault(indicator_id, []).append(value)
    return sum((rules.mean(v) for v in by_indicator.values()), Decimal("0.00"))


@transaction.atomic
def publish(actor, application, *, on: date | None = None, reason: str = "") -> OrganisationGrade:
    """ORG-3: the total and the grade it reaches (bands in force that day) are published,
    the grade valid for ``grading.validity_years`` from that day."""
    application.refresh_from_db()
    on = _today(on)
    if not can(actor, "decide", application):
        raise PermissionDenied(_("Only the city's grading officials publish grades."))
    if application.status != S.EVALUATION:
        raise ValidationError(_("Only an application being scored can be published."))
    scoring = application.assignments.filter(status=AssignmentStatus.ACTIVE)
    if not scoring.exists():
        raise ValidationError(_("No evaluator scores this application."))
    waiting = scoring.filter(scored_on__isnull=True)
    if waiting.exists():
        raise ValidationError(
            _("Not every evaluator has submitted their scores: %(names)s.")
            % {"names": ", ".join(str(a.evaluator) for a in waiting)}
        )
    total = total_of(application)
    grade, row = rules.grade_for(total, on)
    reason = reason or _("grade published")
    update_record(
        actor,
        application,
        {
            "status": S.PUBLISHED,
            "total": total,
            "grade": grade,
            "published_on": on,
            "bands_rule": row,
        },
        reason,
        permission="decide",
    )
    return create_record(
        actor,
        OrganisationGrade,
        {
            "organisation": application.organisation,
            "application": application,
            "grade": grade,
            "published_on": on,
            "valid_until": rules.valid_until(on),
        },
        reason,
        permission="decide",
    )


def appeal_deadline(grade: OrganisationGrade) -> date:
    """ORG-3: the last day to appeal a grade (``grading.appeal_days`` after publication)."""
    days = int(parameters.value(APPEAL_DAYS, grade.published_on))
    return grade.published_on + timedelta(days=days)


@transaction.atomic
def lodge_appeal(actor, application, grounds: str, *, on: date | None = None) -> Appeal:
    """ORG-3: the organisation appeals its published grade, within the appeal period."""
    on = _today(on)
    grade = OrganisationGrade.objects.filter(application=application).first()
    if grade is None:
        raise ValidationError(_("Only a published grade can be appealed."))
    if not (grounds or "").strip():
        raise ValidationError({"grounds": _("Say why the grade should change.")})
    last = appeal_deadline(grade)
    if on > last:
        raise ValidationError(
            _("The appeal period ended on %(last)s (published on %(published)s).")
            % {"last": last, "published": grade.published_on}
        )
    if application.appeals.filter(status=AppealStatus.LODGED).exists():
        raise ValidationError(_("An appeal of this grade is already waiting for a decision."))
    return create_record(
        actor,
        Appeal,
        {"application": application, "lodged_on": on, "grounds": grounds.strip()},
        grounds.strip()[:500],
    )


def decide_appeal(
    actor, appeal, outcome: str, decision: str, *, revised_grade: str = "", on=None
) -> Appeal:
    """ORG-3: the decision on an appeal: dismissed (:func:`dismiss_appeal`), or upheld
    (:func:`uphold_appeal`, with a revised grade, which replaces the grade awarded)."""
    if outcome == AppealStatus.UPHELD:
        return uphold_appeal(actor, appeal, decision, revised_grade=revised_grade, on=on)
    if outcome == AppealStatus.DISMISSED:
        if revised_grade:
            raise ValidationError({"revised_grade": _("A dismissed appeal keeps the grade.")})
        return dismiss_appeal(actor, appeal, decision, on=on)
    raise ValidationError({"outcome": _("Choose upheld or dismissed.")})


@transaction.atomic
@workflow.decision(Appeal, "dismiss")
def dismiss_appeal(actor, appeal, decision: str, *, on=None) -> Appeal:
    """ORG-3: the ``dismiss`` transition of ``Appeal.workflow``: the grade stands."""
    decision = (decision or "").strip()
    return workflow.take(
        actor,
        appeal,
        "dismiss",
        reason=decision[:500],
        changes={"decision": decision, "decided_on": _today(on), "revised_grade": ""},
    )


@transaction.atomic
@workflow.decision(Appeal, "uphold")
def uphold_appeal(actor, appeal, decision: str, *, revised_grade: str = "", on=None) -> Appeal:
    """ORG-3: the ``uphold`` transition of ``Appeal.workflow``; a revised grade replaces the
    grade awarded (on the application and the organisation's grade)."""
    if revised_grade and revised_grade not in GradeValue.values:
        raise ValidationError({"revised_grade": _("Choose a grade from 1A to 5A.")})
    decision = (decision or "").strip()
    decided = workflow.take(
        actor,
        appeal,
        "uphold",
        reason=decision[:500],
        changes={"decision": decision, "decided_on": _today(on), "revised_grade": revised_grade},
    )
    if revised_grade:
        application = decided.application
        update_record(
            actor, application, {"grade": revised_grade}, decision[:500], permission="decide"
        )
        update_record(
            actor,
            application.grade_record,
            {"grade": revised_grade},
            decision[:500],
            permission="decide",
        )
    return decided


@transaction.atomic
def downgrade(
    actor, grade: OrganisationGrade, to: str, reason: str, *, on: date | None = None
) -> OrganisationGrade:
    """ORG-3: a lower grade from ``on``, with the reason (e.g. a sanction in force)."""
    on = _today(on)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the grade is lowered.")})
    held = grade.on(on)
    if not held:
        raise ValidationError(_("The grade is not in force on %(day)s.") % {"day": on})
    if to not in GradeValue.values or to >= held:
        raise ValidationError({"to": _("Choose a grade below %(grade)s.") % {"grade": held}})
    return update_record(
        actor,
        grade,
        {"downgraded_to": to, "downgraded_on": on, "change_reason": reason.strip()[:500]},
        reason,
        permission="decide",
    )


@transaction.atomic
def revoke(
    actor, grade: OrganisationGrade, reason: str, *, on: date | None = None
) -> OrganisationGrade:
    """ORG-3: the grade is withdrawn from ``on``, with the reason."""
    on = _today(on)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the grade is revoked.")})
    if grade.revoked_on:
        raise ValidationError(_("The grade has already been revoked."))
    if not grade.on(on):
        raise ValidationError(_("The grade is not in force on %(day)s.") % {"day": on})
    return update_record(
        actor,
        grade,
        {"revoked_on": on, "change_reason": reason.strip()[:500]},
        reason,
        permission="decide",
    )
