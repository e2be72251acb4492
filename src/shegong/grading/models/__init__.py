"""Grading and quality certification of organisations (ORG-3).

- :class:`IndicatorSystem`, :class:`IndicatorGroup`, :class:`Indicator`: the indicators as
  data (groups of indicators, each with its maximum points, 1,000 in all by default), kept by
  city officials; a system is changed only while no cycle using it has opened.
- :class:`GradingCycle`: a year's grading, open for applications between two dates.
- :class:`Application`: an organisation's application in a cycle, its self-assessment
  (:class:`Claim`: points claimed per indicator with evidence), its evaluators
  (:class:`Assignment`, with recusals kept) and their scores (:class:`Score`, private), the
  total and the grade.
- :class:`OrganisationGrade`: the published grade, valid 5 years (a parameter), maybe downgraded or
  revoked from a date with the reason; :class:`Appeal` against it.

Who sees what: city officials run the grading; a district officer sees the applications and
grades of their district's organisations; an organisation administrator sees their own
organisation's application, claims, total and grade, never the individual scores, evaluator
notes or other organisations' scores; an evaluator sees the applications they are assigned to
(:class:`AssignedAccess`) and only their own scores.
"""

from .applications import (
    Appeal,
    Application,
    AssignedAccess,
    Assignment,
    Claim,
    OrganisationGrade,
    Score,
    assigned_applications,
)
from .indicators import (
    KEEPERS,
    OFFICIALS,
    GradingCycle,
    Indicator,
    IndicatorGroup,
    IndicatorSystem,
)

__all__ = [
    "KEEPERS",
    "OFFICIALS",
    "Appeal",
    "Application",
    "AssignedAccess",
    "Assignment",
    "Claim",
    "GradingCycle",
    "Indicator",
    "IndicatorGroup",
    "IndicatorSystem",
    "OrganisationGrade",
    "Score",
    "assigned_applications",
]
