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

The module is a package (issue 11): ``cycles`` (the stages), ``steps`` (large cycles in the
background), ``scoring`` (within a cycle) and ``appeals``; this ``__init__`` re-exports their
public names.
"""

from .appeals import decide_appeal, lodge_appeal, may_appeal
from .cycles import (
    OPEN_EDITABLE,
    WRITE_CHUNK,
    appeal_deadline,
    appeal_window_days,
    close_cycle,
    close_scoring,
    compute_results,
    default_served_unit,
    employments_in_scope,
    open_scoring,
    publish,
    rules_on,
    update_cycle,
)
from .scoring import award_excellent, hard_cap, set_served_unit, submit_scores
from .steps import (
    BACKGROUND_STEPS,
    INLINE_LIMIT,
    STEP_JOB,
    STEP_TITLES,
    cycle_csv,
    cycle_step_job,
    start_step,
    step_size,
)

__all__ = [
    "BACKGROUND_STEPS",
    "INLINE_LIMIT",
    "OPEN_EDITABLE",
    "STEP_JOB",
    "STEP_TITLES",
    "WRITE_CHUNK",
    "appeal_deadline",
    "appeal_window_days",
    "award_excellent",
    "close_cycle",
    "close_scoring",
    "compute_results",
    "cycle_csv",
    "cycle_step_job",
    "decide_appeal",
    "default_served_unit",
    "employments_in_scope",
    "hard_cap",
    "lodge_appeal",
    "may_appeal",
    "open_scoring",
    "publish",
    "rules_on",
    "set_served_unit",
    "start_step",
    "step_size",
    "submit_scores",
    "update_cycle",
]
