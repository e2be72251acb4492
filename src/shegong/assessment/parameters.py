"""The assessment's policy parameters (REG-6; the policy's parameter list, "Assessment": four
bands, about 15 % and at most 20 % rated excellent), as seeded defaults. Officials change
them from a date on the policy parameter pages; code reads them with
``core.parameters.get(key, on=date)`` on the cycle's reference date, and the values applied are
stored on the cycle when its results are computed (``AssessmentCycle.rules``).

The score thresholds are not in any source (the parameter list says so): 90 / 75 / 60 are
local choices.
The share of excellent ratings follows public-sector appraisal practice (about 15 %, at most
20 %); the minimum of one excellent rating for a small organisation is a local choice.
"""

from datetime import date

from django.utils.translation import gettext_noop

EXCELLENT_FROM = "assessment.excellent_from"
COMPETENT_FROM = "assessment.competent_from"
BASIC_FROM = "assessment.basically_competent_from"
EMPLOYER_WEIGHT = "assessment.employer_weight"
SERVED_UNIT_WEIGHT = "assessment.served_unit_weight"
EXCELLENT_TARGET = "assessment.excellent_target_percent"
EXCELLENT_CAP = "assessment.excellent_cap_percent"
EXCELLENT_MINIMUM = "assessment.excellent_minimum"
APPEAL_DAYS = "assessment.appeal_window_days"
PROMOTION_YEARS = "assessment.promotion_years"
PROMOTION_MIN_RATING = "assessment.promotion_min_rating"

SEED_FROM = date(2000, 1, 1)

DEFAULTS = [
    {
        "key": EXCELLENT_FROM,
        "value": 90,
        "source": gettext_noop(
            "Local choice (no source gives a number): a combined score of at least 90 is "
            "rated excellent (优秀)"
        ),
    },
    {
        "key": COMPETENT_FROM,
        "value": 75,
        "source": gettext_noop(
            "Local choice (no source gives a number): at least 75 is rated competent (合格)"
        ),
    },
    {
        "key": BASIC_FROM,
        "value": 60,
        "source": gettext_noop(
            "Local choice (no source gives a number): at least 60 is basically competent "
            "(基本合格); below is not competent"
        ),
    },
    {
        "key": EMPLOYER_WEIGHT,
        "value": 60,
        "source": gettext_noop(
            "Local choice (no source gives a number): the employing organisation's score "
            "counts 60 % (policy clause 3: assessed jointly with the served unit)"
        ),
    },
    {
        "key": SERVED_UNIT_WEIGHT,
        "value": 40,
        "source": gettext_noop(
            "Local choice (no source gives a number): the served unit's score counts 40 %"
        ),
    },
    {
        "key": EXCELLENT_TARGET,
        "value": 15,
        # xgettext:no-python-format
        "source": gettext_noop("Public-sector appraisal practice: about 15 % rated excellent"),
    },
    {
        "key": EXCELLENT_CAP,
        "value": 20,
        # xgettext:no-python-format
        "source": gettext_noop("Public-sector appraisal practice: at most 20 % rated excellent"),
    },
    {
        "key": EXCELLENT_MINIMUM,
        "value": 1,
        "source": gettext_noop(
            "Local choice (no source gives a number): an organisation with few assessed "
            "people may still rate one excellent"
        ),
    },
    {
        "key": APPEAL_DAYS,
        "value": 15,
        "source": gettext_noop(
            "Local choice (no source gives a number): an appeal within 15 days after the "
            "results are published"
        ),
    },
    {
        "key": PROMOTION_YEARS,
        "value": 2,
        "source": gettext_noop(
            "Local choice (no source gives a number): promotion needs competent or better"
            " in the assessments of the last 2 years"
        ),
    },
]

#: Issue 11, point 8 (migration 0003): the promotion bar, once fixed in code.
DATED_RULES = [
    {
        "key": PROMOTION_MIN_RATING,
        "value": "competent",
        "source": gettext_noop(
            "Local choice (no source gives a number): promotion needs competent (合格) or "
            "better in every assessment of the years counted"
        ),
    },
]
