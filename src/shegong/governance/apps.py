from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import Entry

#: The menu group of oversight (declared by ``oversight``): the committees are the evaluator
#: bodies of gradings and evaluations.
GROUP = "oversight"
#: GOV-2: the section of the coordinating committees and the ties their members declare.
COMMITTEES = pgettext_lazy("menu", "Committees")


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
            COMMITTEES,
            order=410,
        ),
        Entry(
            _("Declared ties"),
            "governance:declaredtie_list",
            "governance.declaredtie",
            GROUP,
            COMMITTEES,
            order=420,
        ),
    )
