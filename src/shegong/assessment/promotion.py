"""REG-6 → PAY-2: assessment results count towards promotion.

:func:`assessment_condition` is registered in ``workforce.pay.PROMOTION_CONDITIONS`` by
``AssessmentConfig.ready``. On the day ``on`` it reads the person's published results
(cycles published on or before ``on``) of the years ``on.year − N`` to ``on.year``, N being
``assessment.promotion_years`` (2): the N years before the day's year and a cycle of the day's
own year once published. The final rating counts (after the cap, an award or an appeal).

- any of them below competent (basically competent or not competent): not met, the application
  is ineligible, and the reason names the year and the rating;
- all competent or excellent: met;
- none at all (a newcomer, or no cycle in the area): not checked, which does not block.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from shegong.core import parameters

from . import parameters as keys
from .choices import RATING_RANK, Rating
from .models import RESULT_SHOWN, Assessment


def assessment_condition(employment, to_grade, on: date) -> list[dict]:
    years = int(parameters.value(keys.PROMOTION_YEARS, on))
    first = on.year - years
    results = list(
        Assessment.objects.filter(
            person=employment.person_id,
            cycle__status__in=RESULT_SHOWN,
            cycle__published_on__lte=on,
            cycle__year__gte=first,
            cycle__year__lte=on.year,
        )
        .exclude(rating="")
        .select_related("cycle")
        .order_by("cycle__year")
    )
    if not results:
        return [
            {
                "rule": "assessment",
                "met": None,
                "message": _(
                    "No published assessment result for %(first)s–%(last)s: not held against "
                    "the promotion."
                )
                % {"first": first, "last": on.year},
            }
        ]
    shown = "; ".join(f"{a.cycle.year}: {a.get_rating_display()}" for a in results)
    below = [a for a in results if RATING_RANK[a.rating] < RATING_RANK[Rating.COMPETENT]]
    if below:
        return [
            {
                "rule": "assessment",
                "met": False,
                "message": _(
                    "Assessment results %(results)s; %(competent)s or better is required in "
                    "every assessment of %(first)s–%(last)s."
                )
                % {
                    "results": shown,
                    "competent": Rating.COMPETENT.label,
                    "first": first,
                    "last": on.year,
                },
            }
        ]
    return [
        {
            "rule": "assessment",
            "met": True,
            "message": _("Assessment results %(results)s: %(competent)s or better.")
            % {"results": shown, "competent": Rating.COMPETENT.label},
        }
    ]
