"""REG-6 → PAY-2: assessment results count towards promotion.

:func:`assessment_condition` is registered in ``workforce.pay.PROMOTION_CONDITIONS`` by
``AssessmentConfig.ready``. On the day ``on`` it reads the person's published results
(cycles published on or before ``on``) of the years ``on.year − N`` to ``on.year``, N being
``assessment.promotion_years`` (2): the N years before the day's year and a cycle of the day's
own year once published. The final rating counts (after the cap, an award or an appeal).

- any of them below the bar, ``assessment.promotion_min_rating`` in force on ``on`` (competent:
  basically competent or not competent are below): not met, the application is ineligible,
  and the reason names the year and the rating;
- all at the bar or better: met;
- none at all (a newcomer, or no cycle in the area): not checked, which does not block.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from shegong.core import parameters

from . import parameters as keys
from .choices import RATING_RANK, Rating
from .models import RESULT_SHOWN, Assessment


def min_rating(on: date) -> Rating:
    """The lowest rating that keeps a promotion eligible on ``on`` (issue 11, point 8)."""
    value = parameters.value(keys.PROMOTION_MIN_RATING, on)
    try:
        return Rating(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{keys.PROMOTION_MIN_RATING} on {on} must be one of {', '.join(Rating.values)}, "
            f"not {value!r}."
        ) from None


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
    bar = min_rating(on)
    below = [a for a in results if RATING_RANK[a.rating] < RATING_RANK[bar]]
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
                    "competent": bar.label,
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
            % {"results": shown, "competent": bar.label},
        }
    ]
