"""The continuing-education and supervision parameters, as seeded defaults (the policy's
parameter list, "Continuing education and supervision": 8 hours make a day, one supervisor for
8 to 20 social workers). Officials change them from a date; code reads
them with ``core.parameters.get(key, on=date)``. The rules themselves (how many days or hours,
which kinds count, caps) are rows of :class:`~shegong.education.models.CpdRule`."""

from django.utils.translation import gettext_noop

HOURS_PER_DAY = "education.hours_per_day"
SUPERVISION_RATIO = "education.supervision_ratio"
SUPERVISOR_LEVEL = "education.supervisor_level"
SUPERVISOR_ALTERNATIVE_LEVEL = "education.supervisor_alternative_level"
SUPERVISOR_ALTERNATIVE_YEARS = "education.supervisor_alternative_years"
REMINDER_DAYS = "education.reminder_days_before_year_end"
CPD_YEAR_START = "education.cpd_year_start"


DEFAULTS = [
    {
        "key": HOURS_PER_DAY,
        "value": 8,
        "source": gettext_noop(
            "Common practice: 8 hours make a day of continuing education (some rules use 6)"
        ),
    },
    {
        "key": SUPERVISION_RATIO,
        "value": 20,
        "source": gettext_noop("City practice reports: 1 supervisor to 8-20 social workers"),
    },
    {
        "key": SUPERVISOR_LEVEL,
        "value": "senior",
        "source": gettext_noop("Local choice: a senior social worker may supervise"),
    },
    {
        "key": SUPERVISOR_ALTERNATIVE_LEVEL,
        "value": "intermediate",
        "source": gettext_noop(
            "Local choice: or a social worker (intermediate) with years of practice"
        ),
    },
    {
        "key": SUPERVISOR_ALTERNATIVE_YEARS,
        "value": 3,
        "source": gettext_noop(
            "Local choice: years since the first certificate for the alternative"
        ),
    },
    {
        "key": REMINDER_DAYS,
        "value": 60,
        "source": gettext_noop(
            "Local choice: remind people short of the yearly rule 60 days before 31 Dec"
        ),
    },
]

#: Issue 11, point 8 (migration 0005): where each CPD year starts, "MM-DD" (``education.years``).
DATED_RULES = [
    {
        "key": CPD_YEAR_START,
        "value": "01-01",
        "source": gettext_noop("Policy clause 5: at least 15 days a year (a calendar year)"),
    },
]
