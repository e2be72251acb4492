"""Large cycles in the background (REG-6): a step that handles more than ``INLINE_LIMIT``
people runs as a background job with a progress bar and a result file."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from shegong.core import workflow
from shegong.core.jobs import job, start_job
from shegong.core.services import ensure_allowed
from shegong.core.spreadsheets import csv_writer

from ..models import Assessment, AssessmentCycle
from .cycles import (
    _check_close,
    _check_open,
    close_scoring,
    compute_results,
    employments_in_scope,
    open_scoring,
)

#: People a step handles within the request; above this, the pages and the API run the step as
#: a background job with a progress bar (:func:`start_step`).
INLINE_LIMIT = 500
STEP_JOB = "assessment.cycle_step"


def step_size(actor, cycle: AssessmentCycle, step: str) -> int:
    """Refuse now what ``step`` would refuse (nothing is written) and say how many people it
    handles: those to be assessed for opening, the assessments for computing."""
    ensure_allowed(actor, "change", cycle)
    if step == "open_scoring":
        _check_open(actor, cycle)
        return employments_in_scope(cycle).order_by().values("person_id").distinct().count()
    if step == "close_scoring":
        _check_close(actor, cycle)
    else:
        workflow.check(actor, cycle, "compute_results")
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
