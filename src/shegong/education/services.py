"""Every write of the education module with a rule of its own (EDU-1, EDU-3, EDU-4); plain
creates and edits of providers, sessions, rules and targets go through ``core.services``.

State of a continuing-education record (``CpdRecord.status``), one function per change:

=========== ========= =========================== ====================================
from        to        function                    who
=========== ========= =========================== ====================================
(none)      approved  ``imports.import_attendance`` the provider's organisation admin, an
                                                  official (accredited courses only)
(none)      claimed   ``claim``                   the person, their organisation admin,
                                                  an official
claimed     approved  ``approve``                 an official in scope (``EDU_OFFICERS``)
claimed     refused   ``refuse`` (reason needed)  an official in scope
claimed     withdrawn ``withdraw``                the person, their organisation admin
approved    revoked   ``revoke`` (reason needed)  an official in scope (e.g. the evidence
                                                  was false, the provider's file wrong)
=========== ========= =========================== ====================================

Only approved records count. A withdrawn claim of a course session does not stop a new claim
of it; a refused or revoked record does (the official's decision stands).

A change from any other state is refused with a message naming the record's state.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import audit, bulk, parameters, workflow
from shegong.core.models import AuditAction
from shegong.core.permissions import holds, restrict
from shegong.core.services import create_record, update_record
from shegong.people.models import Person
from shegong.registry.choices import LEVEL_RANK, CertificateStatus, Level
from shegong.registry.models import Certificate
from shegong.workforce.models import ConversionPlan, Employment

from . import parameters as keys
from . import rules
from . import years as cpd_year
from .choices import Accreditation, CpdSource, CpdStatus, RuleBasis
from .models import (
    RULE_KEEPERS,
    Course,
    CpdRecord,
    CpdReminder,
    Supervision,
    Supervisor,
    TrainingTarget,
)
from .rules import days_of

# --- Courses (EDU-4) -----------------------------------------------------------------------------


def _holds(actor, roles) -> bool:
    """Whether ``actor`` holds one of ``roles`` in an area (not as an organisation admin)."""
    return actor is None or holds(actor, roles)


def create_course(actor, model, data: dict, reason: str = "", m2m=None) -> Course:
    """A new course awaits accreditation unless a city official creates it accredited."""
    if data.get("accreditation", Accreditation.PENDING) != Accreditation.PENDING and not _holds(
        actor, RULE_KEEPERS
    ):
        raise PermissionDenied(_("Only the city authority accredits courses."))
    return create_record(actor, Course, data, reason, m2m=m2m)


def update_course(actor, course: Course, data: dict, reason="", expected_version=None, m2m=None):
    """A provider edits its course, but only the city changes its accreditation."""
    if (
        "accreditation" in data
        and data["accreditation"] != course.accreditation
        and not _holds(actor, RULE_KEEPERS)
    ):
        raise PermissionDenied(_("Only the city authority accredits courses."))
    return update_record(actor, course, data, reason, expected_version=expected_version, m2m=m2m)


# --- Continuing-education records (EDU-2, EDU-4) -----------------------------------------------


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def claim(actor, person: Person, data: dict, reason: str = "") -> CpdRecord:
    """A person (or their organisation, or an official) claims a record, with evidence; it
    counts once approved. A claim for a course session takes the course's title, kind,
    hours and days and the session's last day unless given."""
    data = dict(data)
    session = data.get("session")
    if session is not None:
        course = session.course
        if data.get("hours") is None and data.get("days") is None:
            data["hours"], data["days"] = course.hours, course.days
        for name, value in (("title", course.title), ("kind", course.kind)):
            if not data.get(name):
                data[name] = value
        if not data.get("completed_on"):
            data["completed_on"] = session.ends_on
    if data.get("completed_on") and data["completed_on"] > _today():
        raise ValidationError({"completed_on": _("The date is in the future.")})
    earlier = CpdRecord.objects.filter(person=person, session=session).exclude(
        status=CpdStatus.WITHDRAWN
    )
    if session is not None and earlier.exists():
        raise ValidationError(
            {"session": _("%(person)s already has a record of this session.") % {"person": person}}
        )
    data.update(person=person, source=CpdSource.CLAIM, status=CpdStatus.CLAIMED)
    return create_record(actor, CpdRecord, data, reason or _("Continuing education claimed"))


def create_cpd_record(actor, model, data: dict, reason: str = "", m2m=None) -> CpdRecord:
    """The generic create page and API create a claim."""
    data = dict(data)
    person = data.pop("person")
    return claim(actor, person, data, reason)


@transaction.atomic
@workflow.decision(CpdRecord, "approve")
def approve(actor, record: CpdRecord, reason: str = "") -> CpdRecord:
    """claimed → approved: the record counts from now on."""
    return workflow.take(
        actor,
        record,
        "approve",
        reason=reason,
        changes={"decision_reason": (reason or "").strip()},
        default_reason=_("approved"),
    )


@transaction.atomic
@workflow.decision(CpdRecord, "refuse")
def refuse(actor, record: CpdRecord, reason: str) -> CpdRecord:
    """claimed → refused, with the reason the person sees."""
    return workflow.take(
        actor, record, "refuse", reason=reason, changes={"decision_reason": (reason or "").strip()}
    )


@transaction.atomic
def withdraw(actor, record: CpdRecord, reason: str = "") -> CpdRecord:
    """claimed → withdrawn, by the claimant's side (the person, their organisation's
    administrator) before an official decides; it never counts, and the session may be claimed
    again."""
    return workflow.take(
        actor,
        record,
        "withdraw",
        reason=reason,
        changes={"decision_reason": (reason or "").strip()},
        default_reason=_("withdrawn"),
    )


@transaction.atomic
def revoke(actor, record: CpdRecord, reason: str) -> CpdRecord:
    """approved → revoked, by an official in scope, with the reason the person sees: a record
    approved (or imported) by mistake stops counting from now on. A renewal already granted on
    it stands; the audit trail keeps both decisions."""
    return workflow.take(
        actor, record, "revoke", reason=reason, changes={"decision_reason": (reason or "").strip()}
    )


# --- Supervision (EDU-3) -------------------------------------------------------------------------


def _years_between(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def supervisor_problems(person: Person, on: date) -> tuple[list[str], str]:
    """Why ``person`` may not supervise on ``on`` (empty: they may), and what qualified them.

    The parameters: ``education.supervisor_level`` (senior) qualifies alone;
    ``education.supervisor_alternative_level`` (intermediate) qualifies with at least
    ``education.supervisor_alternative_years`` (3) full years since the first certificate of
    that level or higher."""
    level = Level(parameters.value(keys.SUPERVISOR_LEVEL, on))
    alternative = Level(parameters.value(keys.SUPERVISOR_ALTERNATIVE_LEVEL, on))
    years = int(parameters.value(keys.SUPERVISOR_ALTERNATIVE_YEARS, on))
    certificates = list(
        Certificate.objects.filter(
            person=person, status=CertificateStatus.VALID, issue_date__lte=on
        ).values_list("level", "issue_date")
    )
    if not certificates:
        return [_("%(person)s holds no valid certificate.") % {"person": person}], ""
    best = max(certificates, key=lambda c: LEVEL_RANK[c[0]])[0]
    if LEVEL_RANK[best] >= LEVEL_RANK[level]:
        return [], _("certificate level %(level)s") % {"level": Level(best).label}
    qualifying = [d for lv, d in certificates if LEVEL_RANK[lv] >= LEVEL_RANK[alternative]]
    if qualifying:
        held = _years_between(min(qualifying), on)
        if held >= years:
            return [], _("%(level)s for %(years)d years") % {
                "level": Level(alternative).label,
                "years": held,
            }
        return [
            _(
                "%(person)s is %(level)s for %(held)d full year(s); a supervisor needs level "
                "%(required)s, or %(level)s for at least %(years)d years."
            )
            % {
                "person": person,
                "level": Level(alternative).label,
                "held": held,
                "required": level.label,
                "years": years,
            }
        ], ""
    return [
        _(
            "%(person)s's level %(best)s is too low: a supervisor needs level %(required)s, or "
            "%(alternative)s for at least %(years)d years."
        )
        % {
            "person": person,
            "best": Level(best).label,
            "required": level.label,
            "alternative": alternative.label,
            "years": years,
        }
    ], ""


@transaction.atomic
def appoint_supervisor(actor, model, data: dict, reason: str = "", m2m=None) -> Supervisor:
    """Appoint a supervisor after the qualification check (refused with the reasons)."""
    person, on = data["person"], data.get("appointed_on") or _today()
    problems, qualification = supervisor_problems(person, on)
    if problems:
        raise ValidationError({"person": problems})
    data = {**data, "appointed_on": on, "qualification": qualification}
    return create_record(actor, Supervisor, data, reason or _("Supervisor appointed"))


def active_supervisions(supervisor: Supervisor, on: date):
    return supervisor.supervisions.filter(starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


@transaction.atomic
def start_supervision(actor, model, data: dict, reason: str = "", m2m=None) -> Supervision:
    """A supervisor takes a supervisee from a date; refused beyond the ratio
    ``education.supervision_ratio`` (supervisees at once, counted on the start date)."""
    supervisor = Supervisor.objects.select_for_update().get(pk=data["supervisor"].pk)
    start = data.get("starts_on") or _today()
    if not supervisor.is_active:
        raise ValidationError(
            {"supervisor": _("%(s)s is no longer a supervisor.") % {"s": supervisor}}
        )
    limit = int(parameters.value(keys.SUPERVISION_RATIO, start))
    current = active_supervisions(supervisor, start)
    if current.filter(supervisee=data["supervisee"]).exists():
        raise ValidationError(
            {"supervisee": _("%(s)s already supervises this person.") % {"s": supervisor}}
        )
    count = current.count()
    if count >= limit:
        raise ValidationError(
            {
                "supervisor": _(
                    "%(s)s already supervises %(count)d people on %(date)s; the limit is "
                    "%(limit)d per supervisor (policy parameter education.supervision_ratio)."
                )
                % {"s": supervisor, "count": count, "date": start, "limit": limit}
            },
            code="ratio",
        )
    data = {**data, "supervisor": supervisor, "starts_on": start}
    return create_record(actor, Supervision, data, reason or _("Supervision started"))


@transaction.atomic
def end_supervision(actor, supervision: Supervision, ends_on: date, reason: str = ""):
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if supervision.ends_on is not None:
        raise ValidationError(
            _("This supervision already ended on %(date)s.") % {"date": supervision.ends_on},
            code="state",
        )
    return update_record(actor, supervision, {"ends_on": ends_on}, reason or _("Supervision ended"))


def record_session(actor, model, data: dict, reason: str = "", m2m=None):
    """A session must fall inside its supervision's dates."""
    supervision = data["supervision"]
    held = data.get("held_on")
    if held and (
        held < supervision.starts_on or (supervision.ends_on and held > supervision.ends_on)
    ):
        raise ValidationError(
            {
                "held_on": _("The date is outside the supervision (%(start)s – %(end)s).")
                % {"start": supervision.starts_on, "end": supervision.ends_on or "…"}
            }
        )
    return create_record(actor, model, data, reason)


# --- Training plan (EDU-1) -----------------------------------------------------------------------

DAYS = DecimalField(max_digits=14, decimal_places=4)


def plan_actuals(target: TrainingTarget) -> dict:
    """What was done against one target: people with approved continuing education in the
    year (in the target's area, at its level: the highest valid certificate; in its field: a
    post in that field held during the year), their days (hours converted with
    ``education.hours_per_day``), and the conversion-plan trainees of the workforce module
    (plans whose exam year is the target's year, in posts of the area, field and level)."""
    start, end = cpd_year.bounds(target.year)
    per_day = Decimal(str(parameters.value(keys.HOURS_PER_DAY, end)))
    people = Person.objects.filter(area__path__startswith=target.area.path)
    if target.level:
        level = (
            Certificate.objects.filter(
                person=OuterRef("pk"), status=CertificateStatus.VALID, issue_date__lte=end
            )
            .order_by("-level")
            .values("level")[:1]
        )
        people = people.annotate(top=Subquery(level)).filter(top=target.level)
    if target.field_id:
        people = people.filter(
            Exists(
                Employment.objects.filter(
                    person=OuterRef("pk"), post__field=target.field_id, start__lte=end
                ).filter(Q(end__isnull=True) | Q(end__gte=start))
            )
        )
    records = CpdRecord.objects.filter(
        status=CpdStatus.APPROVED,
        completed_on__gte=start,
        completed_on__lte=end,
        person__in=people.values("pk"),
    )
    totals = records.aggregate(
        people=Count("person", distinct=True),
        days=Coalesce(
            Sum(days_of(F("hours"), F("days"), per_day)),
            Decimal("0"),
            output_field=DAYS,
        ),
    )
    plans = ConversionPlan.objects.filter(
        exam_year=target.year,
        employment__post__organisation__area__path__startswith=target.area.path,
    )
    if target.field_id:
        plans = plans.filter(employment__post__field=target.field_id)
    if target.level:
        plans = plans.filter(employment__post__post_type__required_level=target.level)
    conversion = plans.count()
    return {
        "people": totals["people"],
        "days": totals["days"],
        "conversion": conversion,
        "people_total": totals["people"] + conversion,
    }


def plan(user, year: int | None = None) -> list[tuple[TrainingTarget, dict]]:
    targets = restrict(TrainingTarget.objects.all(), user).select_related("area", "field")
    if year:
        targets = targets.filter(year=year)
    return [(t, plan_actuals(t)) for t in targets]


# --- Reminders before the year ends (EDU-2) ------------------------------------------------------


def reminders_due(on: date) -> bool:
    """Reminders start ``education.reminder_days_before_year_end`` days before 31 December."""
    days = int(parameters.value(keys.REMINDER_DAYS, on))
    return (cpd_year.year_end(cpd_year.year_of(on)) - on).days <= days


@transaction.atomic
def create_reminders(on: date | None = None, *, force: bool = False) -> int:
    """A reminder for everyone short of a yearly rule in force, once per person, rule and year
    (run daily by ``shegong cpd_reminders`` or Celery beat); returns how many were written.
    The list of who is short is the compliance query (in the database)."""
    on = on or _today()
    if not force and not reminders_due(on):
        return 0
    written = 0
    year = cpd_year.year_of(on)
    for rule in rules.rules_in_force(year):
        if rule.basis != RuleBasis.YEAR:
            continue
        done = set(
            CpdReminder.objects.filter(rule=rule, year=year).values_list("person_id", flat=True)
        )
        rows, people = [], []
        short = rules.compliance(rule, rules.Window(year=year)).values(
            "pk", "credited", "required", "area__path"
        )
        for row in short:
            if row["pk"] in done:
                continue
            progress = rules.Progress(
                rule, _("in %(year)s") % {"year": year}, row["credited"], row["required"]
            )
            rows.append(
                {
                    "person_id": row["pk"],
                    "rule_id": rule.pk,
                    "year": year,
                    "credited": Decimal(row["credited"]).quantize(Decimal("0.1")),
                    "required": Decimal(row["required"]).quantize(Decimal("0.1")),
                    "message": _(
                        "Continuing education (%(rule)s): %(progress)s. The year ends on %(end)s."
                    )
                    % {
                        "rule": rule.name,
                        "progress": progress.message(),
                        "end": cpd_year.year_end(year),
                    },
                }
            )
            people.append(row)
        created = bulk.insert(CpdReminder, rows)
        audit.append_many(
            None,
            AuditAction.CREATE,
            (
                {
                    "model": CpdReminder._meta.label_lower,
                    "object_id": row["id"],
                    "object_repr": f"{rule.name} {year}",
                    "scope_path": person["area__path"] or "",
                    "after": audit.snapshot_values(CpdReminder, row),
                }
                for row, person in zip(created, people, strict=True)
            ),
            _("Continuing-education reminder before the year ends"),
        )
        written += len(created)
    return written
