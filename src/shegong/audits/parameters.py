"""The audits parameters (FIN-5), as seeded defaults. Officials change them from a date; code
reads them with ``core.parameters.get(key, on=date)``."""

from django.utils.translation import gettext_noop

#: FIN-5: the day of the following year by which the annual work report of a year is filed,
#: as "MM-DD" (the last day allowed, Asia/Shanghai).
REPORT_DEADLINE = "audits.report_deadline"

DEFAULTS = [
    {
        "key": REPORT_DEADLINE,
        "value": "05-31",
        "source": gettext_noop(
            "Policy clause 17 names annual work reports without a date; 31 May of the "
            "following year follows the civil affairs practice for social organisations' "
            "annual work reports (a local choice)"
        ),
    },
]
