from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import Entry

#: The menu group of assessment (``assessment``): grading assesses organisations.
GROUP = "assessment"
#: The section of grading and the committees that help assess (ORG-3, GOV-2).
GRADING = pgettext_lazy("menu", "Grading")


class GovernanceConfig(ShegongAppConfig):
    """GOV-2: the field departments' coordinating committees."""

    default = True
    name = "shegong.governance"
    label = "governance"
    verbose_name = _("Governance")
    navigation = (
        Entry(
            _("Coordinating committees"),
            "governance:committee_list",
            "governance.committee",
            GROUP,
            GRADING,
            order=120,
        ),
        Entry(
            _("Declared ties"),
            "governance:declaredtie_list",
            "governance.declaredtie",
            GROUP,
            GRADING,
            order=130,
        ),
    )
