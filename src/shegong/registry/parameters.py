"""The register's policy parameters, as seeded defaults, each with the source the policy's
parameter list ("Register") gives (e.g. 3-year registration, national measures of 2009).

Officials change them from a date in the policy parameter list; code reads them with
``core.parameters.get(key, on=date)``.
"""

from django.utils.translation import gettext_noop

REGISTRATION_YEARS = "registry.registration_years"
RENEWAL_WINDOW_MONTHS = "registry.renewal_window_months"
FIRST_REGISTRATION_WITHIN_YEARS = "registry.first_registration_within_years"
DECISION_WORKING_DAYS = "registry.decision_working_days"
ISSUING_BODY = "registry.issuing_body"

DEFAULTS = [
    {
        "key": REGISTRATION_YEARS,
        "scope": "national",
        "value": 3,
        "source": gettext_noop("National registration measures (2009): 3-year registration period"),
    },
    {
        "key": REGISTRATION_YEARS,
        "scope": "city",
        "value": 1,
        "source": gettext_noop("City practice: annual renewal (续期注册)"),
    },
    {
        "key": RENEWAL_WINDOW_MONTHS,
        "scope": "national",
        "value": 3,
        "source": gettext_noop("National measures: renewal in the last 3 months before expiry"),
    },
    {
        "key": RENEWAL_WINDOW_MONTHS,
        "scope": "city",
        "value": 3,
        "source": gettext_noop("National measures, applied by the city"),
    },
    {
        "key": FIRST_REGISTRATION_WITHIN_YEARS,
        "scope": "city",
        "value": 1,
        "source": gettext_noop("National registration measures (2009): within 1 year of passing"),
    },
    {
        "key": DECISION_WORKING_DAYS,
        "scope": "city",
        "value": 30,
        "source": gettext_noop("National measures: decision within 30 working days"),
    },
    {
        "key": ISSUING_BODY,
        "scope": "city",
        "value": "深圳市人事局",
        "source": gettext_noop("Policy clause 3: certificates issued by the personnel authority"),
    },
]

# Issue 11, point 8: policy numbers that were code or settings, now dated rows.
FIRST_EXAM_YEAR = "registry.first_exam_year"
RULE_SCOPE = "registry.rule_scope"

DATED_RULES = [
    {
        "key": FIRST_EXAM_YEAR,
        "scope": "city",
        "value": 2008,
        "source": gettext_noop(
            "The national social work qualification examination was first held in 2008"
        ),
    },
    {
        "key": RULE_SCOPE,
        "scope": "city",
        "value": "city",
        "source": gettext_noop(
            "Local choice: the city's registration rules (annual renewal); "
            "'national' applies the national measures (2009)"
        ),
    },
]
