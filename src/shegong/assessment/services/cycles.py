"""Assessment cycles (REG-6): the parameters of a cycle and its stages, each a transition of
``AssessmentCycle.workflow`` (``core.workflow``); the bulk writes of opening scoring and of
computing the results stay in bulk (``core.bulk``, ``update_records_in_bulk``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import audit, bulk, parameters, workflow
from shegong.core.services import (
    create_record,
    ensure_allowed,
    locked,
    update_record,
    update_records_in_bulk,
)
from shegong.core.workflow import invalid
from shegong.workforce.models import Employment

from .. import parameters as keys
from .. import rules
from ..choices import AppealStatus, CycleStatus, Rating, SheetStatus, Side
from ..models import Appeal, Assessment, AssessmentCycle, AssessmentForm, ScoreSheet

#: Rows written per bulk statement (and per progress report) by the cycle's steps.
WRITE_CHUNK = 2000


def _today() -> date:
    return timezone.localdate()


def reason_required(reason: str, message) -> str:
    """``reason`` stripped; refused on the ``reason`` field with ``message`` when blank."""
    if not (reason or "").strip():
        invalid(message, "reason", "required")
    return reason.strip()


# --- Parameters ------------------------------------------------------------------------------


def rules_on(on: date) -> dict:
    """The parameter values in force on ``on`` (stored on the cycle when results are computed)."""
    names = {
        "excellent_from": keys.EXCELLENT_FROM,
        "competent_from": keys.COMPETENT_FROM,
        "basically_competent_from": keys.BASIC_FROM,
        "employer_weight": keys.EMPLOYER_WEIGHT,
        "served_unit_weight": keys.SERVED_UNIT_WEIGHT,
        "excellent_target_percent": keys.EXCELLENT_TARGET,
        "excellent_cap_percent": keys.EXCELLENT_CAP,
        "excellent_minimum": keys.EXCELLENT_MINIMUM,
    }
    found = {name: parameters.get(key, on) for name, key in names.items()}
    values = {name: row.value for name, row in found.items()}
    values["parameter_rows"] = {name: row.pk for name, row in found.items()}
    weights = Decimal(str(values["employer_weight"])) + Decimal(str(values["served_unit_weight"]))
    if weights != Decimal("100"):
        invalid(
            _(
                "The policy parameters give the employer %(employer)s %% and the served unit "
                "%(served)s %%; together they must be 100 %%. Correct them first."
            )
            % {"employer": values["employer_weight"], "served": values["served_unit_weight"]},
            code="parameters",
        )
    return values


def appeal_window_days(on: date) -> int:
    return int(parameters.value(keys.APPEAL_DAYS, on))


def appeal_deadline(cycle: AssessmentCycle) -> date | None:
    """The last day an appeal may be lodged: publication + the window (that day included)."""
    if cycle.published_on is None:
        return None
    return cycle.published_on + timedelta(days=appeal_window_days(cycle.published_on))


# --- Cycles ----------------------------------------------------------------------------------

#: Fields that may change once scoring is open.
OPEN_EDITABLE = {"opens_on", "closes_on", "note"}


@transaction.atomic
def update_cycle(actor, cycle, data, reason="", expected_version=None, m2m=None):
    """Edit a cycle: every field in draft; only the dates and the note while scoring is open."""
    cycle = locked(cycle, "area")
    ensure_allowed(actor, "change", cycle)
    workflow.require(
        cycle, _("a cycle can be edited"), [CycleStatus.DRAFT, CycleStatus.SCORING_OPEN]
    )
    if cycle.status != CycleStatus.DRAFT:
        for name, value in data.items():
            if name not in OPEN_EDITABLE and getattr(cycle, name) != value:
                invalid(_("This cannot change once scoring is open."), name, "locked")
    return update_record(actor, cycle, data, reason, expected_version=expected_version)


def employments_in_scope(cycle: AssessmentCycle) -> QuerySet:
    """REG-6: who is assessed: employment in a post of an organisation in the cycle's area,
    held on the reference date (started on or before it, not ended before it)."""
    on = cycle.reference_date
    return (
        Employment.objects.filter(
            post__organisation__area__path__startswith=cycle.area.path, start__lte=on
        )
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person", "post__organisation", "post__post_type", "post__service_unit")
        .order_by("person_id", "-start", "-pk")
    )


def default_served_unit(employment: Employment):
    """The organisation the post's service unit serves, when it is not the employer."""
    unit = employment.post.service_unit
    if unit is not None and unit.organisation_id not in (None, employment.post.organisation_id):
        return unit.organisation
    return None


def _check_open(actor, cycle: AssessmentCycle) -> dict:
    """What opening scoring refuses, checked by counting, without writing: the transition
    (who, the cycle's stage), nobody employed, a post type without an active form. Returns the
    forms by post type."""
    workflow.check(actor, cycle, "open_scoring")
    employments = employments_in_scope(cycle)
    if not employments.exists():
        invalid(_("Nobody is employed in a post of this area on the reference date."))
    forms = {
        f.post_type_id: f
        for f in AssessmentForm.objects.filter(is_active=True, post_type__isnull=False)
    }
    missing = sorted(
        {
            str(e.post.post_type)
            for e in employments.exclude(post__post_type_id__in=list(forms)).select_related(
                "post__post_type"
            )[:1000]
        }
    )
    if missing:
        invalid(
            _(
                "These post types have no active assessment form: %(types)s. Add one, then open "
                "scoring."
            )
            % {"types": ", ".join(missing)},
            code="no_form",
        )
    return forms


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def open_scoring(
    actor, cycle: AssessmentCycle, *, reason: str = "", progress=None
) -> AssessmentCycle:
    """REG-6: draft → scoring open; creates the assessments and their score sheets.

    Written in bulk (``core.bulk.insert``, ``COPY`` on PostgreSQL) with bulk audit records
    (``audit.record_bulk_create``, ADR 0022): a city's cycle creates tens of thousands of
    rows. ``progress(done, total)`` hears how many people are done."""
    cycle = locked(cycle, "area")
    forms = _check_open(actor, cycle)
    employments = employments_in_scope(cycle).select_related("post__organisation__area")
    cycle = workflow.take(actor, cycle, "open_scoring", reason=reason)
    seen = set(Assessment.objects.filter(cycle=cycle).values_list("person_id", flat=True))
    chosen = []
    for employment in employments:  # latest employment first for each person
        if employment.person_id not in seen:
            seen.add(employment.person_id)
            chosen.append(employment)
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    stamp = {"created_by_id": user_id, "updated_by_id": user_id}
    if progress is not None:
        progress(0, len(chosen), force=True)
    done = 0
    for chunk in _chunks(chosen, WRITE_CHUNK):
        rows, about = [], []
        for employment in chunk:
            form = forms[employment.post.post_type_id]
            served = default_served_unit(employment)
            rows.append(
                {
                    "cycle_id": cycle.pk,
                    "person_id": employment.person_id,
                    "employment_id": employment.pk,
                    "organisation_id": employment.post.organisation_id,
                    "served_unit_id": served.pk if served else None,
                    "form_id": form.pk,
                    "weights": {c: str(w) for c, w in form.weights().items()},
                    **stamp,
                }
            )
            about.append((employment, served))
        rows = bulk.insert(Assessment, rows)
        names, sheets, sheet_about = [], [], []
        for row, (employment, served) in zip(rows, about, strict=True):
            name = _("%(person)s, %(cycle)s") % {"person": employment.person, "cycle": cycle}
            scope = employment.post.organisation.area.path
            names.append((row, name, scope))
            sides = [(Side.EMPLOYER, employment.post.organisation_id)]
            if served is not None:
                sides.append((Side.SERVED_UNIT, served.pk))
            for side, organisation_id in sides:
                sheets.append(
                    {
                        "assessment_id": row["id"],
                        "side": side,
                        "scoring_organisation_id": organisation_id,
                        **stamp,
                    }
                )
                label = _("%(side)s scores: %(assessment)s") % {
                    "side": Side(side).label,
                    "assessment": name,
                }
                sheet_about.append((label, scope))
        audit.record_bulk_create(actor, Assessment, names, reason)
        sheets = bulk.insert(ScoreSheet, sheets)
        audit.record_bulk_create(
            actor,
            ScoreSheet,
            ((row, label, scope) for row, (label, scope) in zip(sheets, sheet_about, strict=True)),
            reason,
        )
        done += len(chunk)
        if progress is not None:
            progress(done, len(chosen))
    return cycle


def _sheet(assessment, side, organisation, reason):
    return create_record(
        None,
        ScoreSheet,
        {"assessment": assessment, "side": side, "scoring_organisation": organisation},
        reason,
    )


def _check_close(actor, cycle: AssessmentCycle) -> None:
    """What closing scoring refuses, checked without writing: the transition (who, the
    stage), sheets waiting."""
    workflow.check(actor, cycle, "close_scoring")
    pending = ScoreSheet.objects.filter(assessment__cycle=cycle, status=SheetStatus.PENDING)
    count = pending.count()
    if count:
        first = pending.select_related("assessment__person", "scoring_organisation").first()
        invalid(
            _("%(count)s score sheet(s) still wait for scores, e.g. %(person)s (%(organisation)s).")
            % {
                "count": count,
                "person": first.assessment.person,
                "organisation": first.scoring_organisation,
            },
            code="pending",
        )


@transaction.atomic
def close_scoring(
    actor, cycle: AssessmentCycle, *, reason: str = "", progress=None
) -> AssessmentCycle:
    """REG-6: scoring open → scoring closed, once every sheet is submitted; computes results."""
    cycle = locked(cycle, "area")
    _check_close(actor, cycle)
    cycle = workflow.take(actor, cycle, "close_scoring", reason=reason)
    return compute_results(
        actor, cycle, reason=reason or _("Results computed on closing"), progress=progress
    )


@transaction.atomic
def compute_results(
    actor, cycle: AssessmentCycle, *, reason: str = "", progress=None
) -> AssessmentCycle:
    """REG-6: each assessment's side scores, combined score, band and rating; then the
    excellent cap per employing organisation (``rules.apply_cap``). Officers' awards are
    cleared: a computation starts afresh. Every result is computed again from its inputs, read
    as plain values (the score sheets' totals, the served unit, the stored result), so a
    change of one score moves exactly the people the rules move (the person, and others of
    their organisation through the cap); only assessments whose result changes are loaded
    and written (in bulk, with their audit records); ``progress(done, total)`` hears how many
    (issue 13: computing again without a change reads, compares and writes nothing)."""
    cycle = locked(cycle, "area")
    workflow.check(actor, cycle, "compute_results")
    applied = rules_on(cycle.reference_date)
    stored = {
        row[0]: row
        for row in Assessment.objects.filter(cycle=cycle)
        .order_by()  # the model's ordering joins the people: not needed here
        .values_list("pk", "organisation_id", "served_unit_id", *RESULT_FIELDS)
    }
    totals: dict[int, dict] = {}
    for assessment_id, side, total in (
        ScoreSheet.objects.filter(assessment__cycle=cycle)
        .order_by()
        .values_list("assessment_id", "side", "total")
    ):
        totals.setdefault(assessment_id, {})[side] = total
    results = {}
    by_organisation: dict[int, list[int]] = {}
    for pk, organisation_id, served_unit_id, *_result in stored.values():
        sides = totals.get(pk, {})
        employer = sides.get(Side.EMPLOYER)
        served = sides.get(Side.SERVED_UNIT) if served_unit_id else None
        combined = rules.combine(
            employer, served, applied["employer_weight"], applied["served_unit_weight"]
        )
        reached = rules.band(
            combined,
            applied["excellent_from"],
            applied["competent_from"],
            applied["basically_competent_from"],
        )
        results[pk] = {
            "employer_score": employer,
            "served_unit_score": served,
            "combined_score": combined,
            "computed_rating": reached,
            "rating": reached,
            "cap_demoted": False,
            "rating_note": "",
        }
        by_organisation.setdefault(organisation_id, []).append(pk)
    for members in by_organisation.values():
        slots = rules.excellent_slots(
            len(members), applied["excellent_target_percent"], applied["excellent_minimum"]
        )
        candidates = [
            (pk, results[pk]["combined_score"])
            for pk in members
            if results[pk]["computed_rating"] == Rating.EXCELLENT
        ]
        _kept, demoted = rules.apply_cap(candidates, slots)
        for pk in demoted:
            results[pk].update(
                rating=Rating.COMPETENT,
                cap_demoted=True,
                rating_note=_(
                    "Reached excellent, but the organisation's %(slots)s excellent place(s) "
                    "(%(percent)s %% of %(n)s) went to higher scores or a tie at the cut-off."
                )
                % {
                    "slots": slots,
                    "percent": applied["excellent_target_percent"],
                    "n": len(members),
                },
            )
    changed = [
        pk
        for pk, row in stored.items()
        if tuple(row[3:]) != tuple(results[pk][f] for f in RESULT_FIELDS)
    ]
    assessments = [
        a
        for start in range(0, len(changed), WRITE_CHUNK * 5)
        for a in Assessment.objects.filter(pk__in=changed[start : start + WRITE_CHUNK * 5])
        .select_related("person", "cycle", "organisation__area")
        .order_by("pk")
    ]
    _write_results(actor, assessments, results, reason or _("Results computed"), progress)
    return workflow.take(
        actor,
        cycle,
        "compute_results",
        reason=reason,
        changes={"results_computed_at": timezone.now(), "rules": applied},
        default_reason=_("Results computed"),
    )


#: What computing a result sets on an assessment.
RESULT_FIELDS = (
    "employer_score",
    "served_unit_score",
    "combined_score",
    "computed_rating",
    "rating",
    "cap_demoted",
    "rating_note",
)


def _write_results(actor, assessments, results: dict, reason: str, progress) -> None:
    """Store the computed results of the assessments whose values change, in bulk, with one
    audit record per changed assessment (``core.services.update_records_in_bulk``)."""
    fields = list(RESULT_FIELDS)
    changed = [a for a in assessments if any(getattr(a, f) != v for f, v in results[a.pk].items())]
    cycle = str(changed[0].cycle) if changed else ""
    if progress is not None:
        progress(0, len(changed), force=True)

    def change(a):
        for name, value in results[a.pk].items():
            setattr(a, name, value)

    update_records_in_bulk(
        actor,
        changed,
        change,
        fields,
        reason,
        describe=lambda a: _("%(person)s, %(cycle)s") % {"person": a.person, "cycle": cycle},
        chunk=WRITE_CHUNK,
        progress=progress,
    )


@transaction.atomic
def publish(actor, cycle: AssessmentCycle, *, reason: str = "", on: date | None = None):
    """REG-6: scoring closed → published: each person sees their result and may appeal."""
    cycle = locked(cycle, "area")
    workflow.check(actor, cycle, "publish")
    return workflow.take(
        actor, cycle, "publish", reason=reason, changes={"published_on": on or _today()}
    )


@transaction.atomic
def close_cycle(actor, cycle: AssessmentCycle, *, reason: str = "", on: date | None = None):
    """REG-6: published → closed, after the appeal window and with every appeal decided."""
    cycle = locked(cycle, "area")
    workflow.check(actor, cycle, "close")
    on = on or _today()
    deadline = appeal_deadline(cycle)
    if on <= deadline:
        invalid(
            _("Appeals may be lodged until %(deadline)s; close the cycle after that day.")
            % {"deadline": deadline},
            code="appeal_window",
        )
    waiting = Appeal.objects.filter(assessment__cycle=cycle, status=AppealStatus.LODGED).count()
    if waiting:
        invalid(
            _("%(count)s appeal(s) are waiting for a decision.") % {"count": waiting},
            code="appeals_waiting",
        )
    return workflow.take(actor, cycle, "close", reason=reason)
