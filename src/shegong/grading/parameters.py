"""The grading parameters (ORG-3), seeded defaults from the national measures
《社会组织评估管理办法》 (民政部令第39号, 2010, in force 2011-03-01) and common local practice.
Officials change them from a date; the rules read the row in force on the relevant day with
``core.parameters.get(key, on=date)``."""

from django.utils.translation import gettext_noop

MIN_REGISTERED_YEARS = "grading.min_registered_years"
VALIDITY_YEARS = "grading.validity_years"
APPEAL_DAYS = "grading.appeal_days"
BANDS = "grading.bands"
INDICATOR_TOTAL = "grading.indicator_total"

DEFAULTS = [
    {
        "key": MIN_REGISTERED_YEARS,
        "value": 2,
        "source": gettext_noop(
            "《社会组织评估管理办法》 (MCA Order 39, 2010), art. 6: an organisation may apply "
            "once it has held its registration certificate for two full years"
        ),
    },
    {
        "key": VALIDITY_YEARS,
        "value": 5,
        "source": gettext_noop(
            "《社会组织评估管理办法》 (MCA Order 39, 2010): a grade is valid for 5 years; "
            "《全国性社会组织评估管理规定》 (2021) keeps 5 years"
        ),
    },
    {
        "key": APPEAL_DAYS,
        "value": 7,
        "source": gettext_noop(
            "《社会组织评估管理办法》 (MCA Order 39, 2010), art. 20: an organisation may ask "
            "for a review within the publicity period of the result; common local practice "
            "publishes the result for 7 days"
        ),
    },
    {
        "key": BANDS,
        "value": {"5A": 900, "4A": 800, "3A": 700, "2A": 600, "1A": 0},
        "source": gettext_noop(
            "The national measures set the five grades but no score bands; common local "
            "practice (e.g. 洛阳市瀍河回族区民政局, 2025 grading notice): 5A from 900 of 1,000 "
            "points, 4A 800-899, 3A 700-799, 2A 600-699, 1A below 600"
        ),
    },
    {
        "key": INDICATOR_TOTAL,
        "value": 1000,
        "source": gettext_noop(
            "Common local practice of the grading indicators (社会组织评估指标): a total of "
            "1,000 points"
        ),
    },
]
