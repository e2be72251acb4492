"""The annual assessment's workflow (REG-6): every write of the module, one function per step.
The numbers (bands, weights, the excellent cap) are in ``rules.py``.

State machine (``AssessmentCycle.status``)
==========================================

=============== =============== ======================= ========================================
from            to              function                notes
=============== =============== ======================= ========================================
(none)          draft           ``create_record``       year, area (city or district), dates; no
                                                        other cycle of the year may cover the
                                                        same people
draft           draft           ``update_cycle``        every field; in scoring open only the
                                                        dates and the note
draft           scoring open    ``open_scoring``        one assessment per person employed in a
                                                        post of the area on the reference date,
                                                        with the active form of the post type
                                                        (refused, naming them, while a post type
                                                        has none) and a score sheet per side
scoring open    scoring closed  ``close_scoring``       refused while a sheet waits for scores;
                                                        computes the results
scoring closed  scoring closed  ``compute_results``     again (e.g. after a parameter changed);
                                                        clears officers' awards
scoring closed  published       ``publish``             the person sees the result from now
published       closed          ``close_cycle``         only after the appeal window, with every
                                                        appeal decided
=============== =============== ======================= ========================================

A step asked of a cycle in another stage is refused with a ``ValidationError`` naming both.
Within a cycle: ``set_served_unit`` (officers, scoring open), ``submit_scores`` (the scoring
organisation's administrator, scoring open, up to the closing date), ``award_excellent`` (an
officer lifts a cap demotion within the hard cap, scoring closed), ``lodge_appeal`` (the person,
published, within ``assessment.appeal_window_days`` after publication: the last day counts) and
``decide_appeal`` (an officer: upheld with the new rating and score, or dismissed; reasons
required). Everything is written through ``core.services`` and so is in the audit trail.

A city's cycle is large: ``start_step`` runs opening, closing and computing as a background job
(``STEP_JOB``) above ``INLINE_LIMIT`` people, after refusing at once what the step would refuse;
those steps write their rows in bulk (``core.bulk``) with bulk audit records.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from shegong.core import audit, bulk, parameters, workflow
from shegong.core.jobs import job, start_job
from shegong.core.services import (
    create_record,
    delete_record,
    ensure_allowed,
    update_record,
    update_records_in_bulk,
)
from shegong.core.spreadsheets import csv_writer
from shegong.workforce.models import Employment

from . import parameters as keys
from . import rules
from .choices import AppealStatus, CycleStatus, Rating, SheetStatus, Side
from .models import Appeal, Assessment, AssessmentCycle, AssessmentForm, ScoreSheet

#: Rows written per bulk statement (and per progress report) by the cycle's steps.
WRITE_CHUNK = 2000


def _today() -> date:
    return timezone.localdate()


def _refuse(message: str, field: str | None = None, code: str = "invalid"):
    if field:
        raise ValidationError({field: ValidationError(message, code=code)})
    raise ValidationError(message, code=code)


def _require(cycle: AssessmentCycle, verb: str, *allowed: str) -> None:
    if cycle.status in allowed:
        return
    labels = dict(CycleStatus.choices)
    _refuse(
        _("%(cycle)s is at the stage “%(stage)s”; %(verb)s only at the stage %(allowed)s.")
        % {
            "cycle": cycle,
            "stage": labels[cycle.status],
            "verb": verb,
            "allowed": _(" or ").join(f"“{labels[a]}”" for a in allowed),
        },
        code="invalid_stage",
    )


def _locked(cycle: AssessmentCycle) -> AssessmentCycle:
    return AssessmentCycle.objects.select_for_update().select_related("area").get(pk=cycle.pk)


def _reason_required(reason: str, message: str) -> str:
    if not (reason or "").strip():
        _refuse(message, "reason", "required")
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
        _refuse(
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
    cycle = _locked(cycle)
    ensure_allowed(actor, "change", cycle)
    _require(cycle, _("a cycle can be edited"), CycleStatus.DRAFT, CycleStatus.SCORING_OPEN)
    if cycle.status != CycleStatus.DRAFT:
        for name, value in data.items():
            if name not in OPEN_EDITABLE and getattr(cycle, name) != value:
                _refuse(_("This cannot change once scoring is open."), name, "locked")
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


def _check_open(cycle: AssessmentCycle) -> dict:
    """What opening scoring refuses, checked by counting, without writing: the cycle's stage,
    nobody employed, a post type without an active form. Returns the forms by post type."""
    _require(cycle, _("scoring can be opened"), CycleStatus.DRAFT)
    employments = employments_in_scope(cycle)
    if not employments.exists():
        _refuse(_("Nobody is employed in a post of this area on the reference date."))
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
        _refuse(
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
    cycle = _locked(cycle)
    ensure_allowed(actor, "change", cycle)
    forms = _check_open(cycle)
    employments = employments_in_scope(cycle).select_related("post__organisation__area")
    cycle = update_record(actor, cycle, {"status": CycleStatus.SCORING_OPEN}, reason)
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


def _check_close(cycle: AssessmentCycle) -> None:
    """What closing scoring refuses, checked without writing: the stage, sheets waiting."""
    _require(cycle, _("scoring can be closed"), CycleStatus.SCORING_OPEN)
    pending = ScoreSheet.objects.filter(assessment__cycle=cycle, status=SheetStatus.PENDING)
    count = pending.count()
    if count:
        first = pending.select_related("assessment__person", "scoring_organisation").first()
        _refuse(
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
    cycle = _locked(cycle)
    ensure_allowed(actor, "change", cycle)
    _check_close(cycle)
    cycle = update_record(actor, cycle, {"status": CycleStatus.SCORING_CLOSED}, reason)
    return compute_results(
        actor, cycle, reason=reason or _("Results computed on closing"), progress=progress
    )


@transaction.atomic
def compute_results(
    actor, cycle: AssessmentCycle, *, reason: str = "", progress=None
) -> AssessmentCycle:
    """REG-6: each assessment's side scores, combined score, band and rating; then the
    excellent cap per employing organisation (``rules.apply_cap``). Officers' awards are
    cleared: a computation starts afresh. Only assessments whose result changes are written
    (in bulk, with their audit records); ``progress(done, total)`` hears how many."""
    cycle = _locked(cycle)
    ensure_allowed(actor, "change", cycle)
    _require(cycle, _("results can be computed"), CycleStatus.SCORING_CLOSED)
    applied = rules_on(cycle.reference_date)
    assessments = list(
        Assessment.objects.filter(cycle=cycle)
        .select_related("person", "cycle", "organisation__area")
        .prefetch_related("sheets")
    )
    results = {}
    for a in assessments:
        totals = {s.side: s.total for s in a.sheets.all()}
        employer = totals.get(Side.EMPLOYER)
        served = totals.get(Side.SERVED_UNIT) if a.served_unit_id else None
        combined = rules.combine(
            employer, served, applied["employer_weight"], applied["served_unit_weight"]
        )
        reached = rules.band(
            combined,
            applied["excellent_from"],
            applied["competent_from"],
            applied["basically_competent_from"],
        )
        results[a.pk] = {
            "employer_score": employer,
            "served_unit_score": served,
            "combined_score": combined,
            "computed_rating": reached,
            "rating": reached,
            "cap_demoted": False,
            "rating_note": "",
        }
    by_organisation: dict[int, list] = {}
    for a in assessments:
        by_organisation.setdefault(a.organisation_id, []).append(a)
    for members in by_organisation.values():
        slots = rules.excellent_slots(
            len(members), applied["excellent_target_percent"], applied["excellent_minimum"]
        )
        candidates = [
            (a.pk, results[a.pk]["combined_score"])
            for a in members
            if results[a.pk]["computed_rating"] == Rating.EXCELLENT
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
    _write_results(actor, assessments, results, reason or _("Results computed"), progress)
    return update_record(
        actor,
        cycle,
        {"results_computed_at": timezone.now(), "rules": applied},
        reason or _("Results computed"),
    )


def _write_results(actor, assessments, results: dict, reason: str, progress) -> None:
    """Store the computed results of the assessments whose values change, in bulk, with one
    audit record per changed assessment (``core.services.update_records_in_bulk``)."""
    fields = list(next(iter(results.values()), {}))
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


# --- Large cycles in the background ------------------------------------------------------------

#: People a step handles within the request; above this, the pages and the API run the step as
#: a background job with a progress bar (:func:`start_step`).
INLINE_LIMIT = 500
STEP_JOB = "assessment.cycle_step"


def step_size(actor, cycle: AssessmentCycle, step: str) -> int:
    """Refuse now what ``step`` would refuse (nothing is written) and say how many people it
    handles: those to be assessed for opening, the assessments for computing."""
    ensure_allowed(actor, "change", cycle)
    if step == "open_scoring":
        _check_open(cycle)
        return employments_in_scope(cycle).order_by().values("person_id").distinct().count()
    if step == "close_scoring":
        _check_close(cycle)
    else:
        _require(cycle, _("results can be computed"), CycleStatus.SCORING_CLOSED)
    return Assessment.objects.filter(cycle=cycle).count()


def start_step(actor, cycle: AssessmentCycle, step: str, reason: str = ""):
    """Run ``step`` (opening scoring, closing it, computing the results) now, or as a background
    job when it handles more than ``INLINE_LIMIT`` people; what it would refuse is refused at
    once either way. Returns ``(cycle, None)`` when done, ``(None, job)`` when started."""
    size = step_size(actor, cycle, step)
    if size > INLINE_LIMIT:
        job = start_job(
            STEP_JOB,
            actor,
            {"cycle": cycle.pk, "step": step, "reason": reason},
            _("%(step)s: %(cycle)s (%(count)s people)")
            % {"step": STEP_TITLES[step], "cycle": cycle, "count": size},
        )
        return None, job
    return BACKGROUND_STEPS[step](actor, cycle, reason=reason), None


def cycle_csv(cycle: AssessmentCycle) -> bytes:
    """The cycle's assessments as CSV (UTF-8 with BOM, for spreadsheet programs): the result
    file of a background step."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            pgettext("person", "name"),
            _("employing organisation"),
            _("served unit"),
            _("employer's score"),
            _("served unit's score"),
            _("combined score"),
            _("rating"),
        ]
    )
    rows = (
        Assessment.objects.filter(cycle=cycle)
        .select_related("person", "organisation", "served_unit")
        .order_by("organisation__name", "person__name", "pk")
    )
    for a in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                a.person.name,
                a.organisation.name,
                a.served_unit.name if a.served_unit_id else "",
                a.employer_score if a.employer_score is not None else "",
                a.served_unit_score if a.served_unit_score is not None else "",
                a.combined_score if a.combined_score is not None else "",
                a.get_rating_display(),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode()


@job(STEP_JOB)
def cycle_step_job(runner, cycle: int, step: str, reason: str = ""):
    """A step of a large cycle, in the background; the result file lists its assessments."""
    done = BACKGROUND_STEPS[step](
        runner.user, AssessmentCycle.objects.get(pk=cycle), reason=reason, progress=runner.progress
    )
    return f"assessment-{done.year}-{done.pk}-{step}.csv", cycle_csv(done)


@transaction.atomic
def publish(actor, cycle: AssessmentCycle, *, reason: str = "", on: date | None = None):
    """REG-6: scoring closed → published: each person sees their result and may appeal."""
    cycle = _locked(cycle)
    ensure_allowed(actor, "change", cycle)
    _require(cycle, _("results can be published"), CycleStatus.SCORING_CLOSED)
    if cycle.results_computed_at is None:
        _refuse(_("Compute the results before publishing them."), code="not_computed")
    return update_record(
        actor,
        cycle,
        {"status": CycleStatus.PUBLISHED, "published_on": on or _today()},
        reason,
    )


@transaction.atomic
def close_cycle(actor, cycle: AssessmentCycle, *, reason: str = "", on: date | None = None):
    """REG-6: published → closed, after the appeal window and with every appeal decided."""
    cycle = _locked(cycle)
    ensure_allowed(actor, "change", cycle)
    _require(cycle, _("a cycle can be closed"), CycleStatus.PUBLISHED)
    on = on or _today()
    deadline = appeal_deadline(cycle)
    if on <= deadline:
        _refuse(
            _("Appeals may be lodged until %(deadline)s; close the cycle after that day.")
            % {"deadline": deadline},
            code="appeal_window",
        )
    waiting = Appeal.objects.filter(assessment__cycle=cycle, status=AppealStatus.LODGED).count()
    if waiting:
        _refuse(
            _("%(count)s appeal(s) are waiting for a decision.") % {"count": waiting},
            code="appeals_waiting",
        )
    return update_record(actor, cycle, {"status": CycleStatus.CLOSED}, reason)


# --- Within a cycle --------------------------------------------------------------------------


@transaction.atomic
def set_served_unit(actor, assessment: Assessment, organisation, *, reason: str = ""):
    """REG-6: the organisation that scores for the served unit (an officer, scoring open). A
    change sends the served unit's sheet back to waiting, empty, for the new organisation; no
    organisation removes the sheet (the employer's score then counts in full)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    ensure_allowed(actor, "change", assessment)
    _require(assessment.cycle, _("the served unit can be changed"), CycleStatus.SCORING_OPEN)
    assessment = update_record(actor, assessment, {"served_unit": organisation}, reason)
    sheet = ScoreSheet.objects.filter(assessment=assessment, side=Side.SERVED_UNIT).first()
    if organisation is None:
        if sheet is not None:
            delete_record(None, sheet, reason)
    elif sheet is None:
        _sheet(assessment, Side.SERVED_UNIT, organisation, reason)
    elif sheet.scoring_organisation_id != organisation.pk:
        empty = {f"score_{c}": None for c in sheet.scores()}
        update_record(
            None,
            sheet,
            {
                **empty,
                "scoring_organisation": organisation,
                "status": SheetStatus.PENDING,
                "total": None,
                "comment": "",
                "submitted_by": None,
                "submitted_at": None,
            },
            reason,
        )
    return assessment


@transaction.atomic
def submit_scores(
    actor,
    sheet: ScoreSheet,
    scores: dict,
    *,
    comment: str = "",
    reason: str = "",
    on: date | None = None,
) -> ScoreSheet:
    """REG-6: one side's scores, 0 to 100 for every criterion, while scoring is open and up
    to the closing date (that day included); may be submitted again until scoring closes."""
    sheet = (
        ScoreSheet.objects.select_for_update().select_related("assessment__cycle").get(pk=sheet.pk)
    )
    ensure_allowed(actor, "change", sheet)
    cycle = sheet.assessment.cycle
    _require(cycle, _("scores can be given"), CycleStatus.SCORING_OPEN)
    on = on or _today()
    if on > cycle.closes_on:
        _refuse(_("Scoring closed on %(date)s.") % {"date": cycle.closes_on}, code="scoring_closed")
    errors = {}
    values = {}
    for criterion in sheet.scores():
        value = scores.get(criterion)
        name = f"score_{criterion}"
        if value in (None, ""):
            errors[name] = _("Give a score from 0 to 100.")
            continue
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            errors[name] = _("Give a score from 0 to 100.")
            continue
        if not (Decimal("0") <= value <= Decimal("100")) or value != rules.quantize(value):
            errors[name] = _("Give a score from 0 to 100, with at most two decimals.")
            continue
        values[name] = value
    if errors:
        raise ValidationError(errors)
    weights = {c: Decimal(w) for c, w in sheet.assessment.weights.items()}
    total = rules.weighted_total({c: values[f"score_{c}"] for c in sheet.scores()}, weights)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return update_record(
        actor,
        sheet,
        {
            **values,
            "comment": (comment or "").strip(),
            "total": total,
            "status": SheetStatus.SUBMITTED,
            "submitted_by": user,
            "submitted_at": timezone.now(),
        },
        reason,
    )


def _excellent_in_organisation(assessment: Assessment) -> tuple[int, int]:
    """(excellent ratings now, people assessed) in the assessment's organisation and cycle."""
    group = Assessment.objects.filter(
        cycle=assessment.cycle_id, organisation=assessment.organisation_id
    )
    return group.filter(rating=Rating.EXCELLENT).count(), group.count()


def hard_cap(assessment: Assessment) -> int:
    cycle = assessment.cycle
    applied = cycle.rules or rules_on(cycle.reference_date)
    _excellent, n = _excellent_in_organisation(assessment)
    return rules.excellent_slots(n, applied["excellent_cap_percent"], applied["excellent_minimum"])


def _check_hard_cap(assessment: Assessment) -> None:
    excellent, n = _excellent_in_organisation(assessment)
    cap = hard_cap(assessment)
    if excellent + 1 > cap:
        _refuse(
            _(
                "%(organisation)s already has %(excellent)s excellent rating(s) of %(n)s "
                "people; the hard cap allows %(cap)s."
            )
            % {
                "organisation": assessment.organisation,
                "excellent": excellent,
                "n": n,
                "cap": cap,
            },
            code="cap",
        )


@transaction.atomic
def award_excellent(actor, assessment: Assessment, *, reason: str = "") -> Assessment:
    """REG-6: an officer rates excellent someone the target share left out (a tie at the
    cut-off, or below the target's places), while the organisation stays within the hard cap."""
    assessment = (
        Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    )
    ensure_allowed(actor, "change", assessment)
    _require(assessment.cycle, _("excellent can be awarded"), CycleStatus.SCORING_CLOSED)
    why = _reason_required(reason, _("Give the reason for the award."))
    if not (assessment.cap_demoted and assessment.rating != Rating.EXCELLENT):
        _refuse(
            _("Only a person who reached excellent but was limited by the cap can be awarded it."),
            code="not_demoted",
        )
    _check_hard_cap(assessment)
    return update_record(
        actor,
        assessment,
        {
            "rating": Rating.EXCELLENT,
            "rating_note": _("Excellent awarded by an officer within the hard cap: %(why)s")
            % {"why": why},
        },
        why,
    )


def may_appeal(user, assessment: Assessment) -> bool:
    """Only the person assessed appeals their own result (``Appeal.access``: add = own)."""
    return (
        getattr(user, "is_authenticated", False)
        and assessment.person.user_id is not None
        and assessment.person.user_id == user.pk
    )


@transaction.atomic
def lodge_appeal(actor, assessment: Assessment, *, grounds: str, on: date | None = None) -> Appeal:
    """REG-6: the person appeals their published result, within the window after publication
    (the last day included; a day later is refused). One appeal per assessment."""
    assessment = (
        Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    )
    cycle = assessment.cycle
    if actor is not None and not may_appeal(actor, assessment):
        raise PermissionDenied(_("Only the person assessed may appeal the result."))
    _require(cycle, _("an appeal can be lodged"), CycleStatus.PUBLISHED)
    on = on or _today()
    deadline = appeal_deadline(cycle)
    if on > deadline:
        _refuse(
            _(
                "The appeal window of %(days)s days after publication on %(published)s closed on "
                "%(deadline)s."
            )
            % {
                "days": appeal_window_days(cycle.published_on),
                "published": cycle.published_on,
                "deadline": deadline,
            },
            "grounds",
            "too_late",
        )
    if Appeal.objects.filter(assessment=assessment).exists():
        _refuse(_("This result has already been appealed."), "grounds", "exists")
    if not (grounds or "").strip():
        _refuse(_("Give the grounds of the appeal."), "grounds", "required")
    return create_record(
        actor,
        Appeal,
        {
            "assessment": assessment,
            "lodged_on": on,
            "grounds": grounds.strip(),
            "previous_rating": assessment.rating,
            "previous_score": assessment.combined_score,
        },
        grounds.strip()[:500],
    )


@transaction.atomic
@workflow.decision(Appeal, "decide_appeal")
def decide_appeal(
    actor,
    appeal: Appeal,
    *,
    upheld: bool,
    reasons: str,
    new_rating: str = "",
    new_score: Decimal | None = None,
    on: date | None = None,
) -> Appeal:
    """REG-6: an officer hears the appeal: upheld (the new rating, and the new combined score
    if it changes; an excellent rating stays within the hard cap) or dismissed; reasons
    required. The assessment's rating changes with an upheld appeal."""
    appeal = (
        Appeal.objects.select_for_update().select_related("assessment__cycle").get(pk=appeal.pk)
    )
    ensure_allowed(actor, "change", appeal)
    if appeal.status != AppealStatus.LODGED:
        _refuse(
            _("This appeal was already decided: %(status)s.")
            % {"status": appeal.get_status_display()},
            code="decided",
        )
    assessment = appeal.assessment
    _require(assessment.cycle, _("an appeal can be decided"), CycleStatus.PUBLISHED)
    why = _reason_required(reasons, _("Give the reasons for the decision."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    data = {
        "status": AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED,
        "decided_by": user,
        "decided_on": on or _today(),
        "decision_reasons": why,
    }
    if upheld:
        if new_rating not in Rating.values:
            _refuse(_("Choose the new rating."), "new_rating", "required")
        if new_score is not None:
            new_score = Decimal(str(new_score))
            if not (Decimal("0") <= new_score <= Decimal("100")):
                _refuse(_("Give a score from 0 to 100."), "new_score")
        if new_rating == assessment.rating and (
            new_score is None or new_score == assessment.combined_score
        ):
            _refuse(
                _("An upheld appeal changes the rating or the score; otherwise dismiss it."),
                "new_rating",
            )
        if new_rating == Rating.EXCELLENT and assessment.rating != Rating.EXCELLENT:
            _check_hard_cap(assessment)
        data.update(new_rating=new_rating, new_score=new_score)
        changes = {
            "rating": new_rating,
            "rating_note": _("Changed on appeal: %(why)s") % {"why": why},
        }
        if new_score is not None:
            changes["combined_score"] = new_score
        update_record(actor, assessment, changes, why)
    return update_record(actor, appeal, data, why)


#: The steps :func:`start_step` may run in the background, and their names.
BACKGROUND_STEPS = {
    "open_scoring": open_scoring,
    "close_scoring": close_scoring,
    "compute_results": compute_results,
}
STEP_TITLES = {
    "open_scoring": gettext_lazy("Open scoring"),
    "close_scoring": gettext_lazy("Close scoring"),
    "compute_results": gettext_lazy("Compute the results"),
}
