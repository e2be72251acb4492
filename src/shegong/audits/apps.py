from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry

#: The menu group of purchased services (declared by ``funding``).
GROUP = "purchasing"
#: The oversight section of the group.
OVERSIGHT = pgettext_lazy("menu", "Audits and reports")


class AuditsConfig(ShegongAppConfig):
    """FIN-5: annual work reports, and financial and performance audits of contracts."""

    default = True
    name = "shegong.audits"
    label = "audits"
    verbose_name = _("Audits and annual work reports")
    navigation = (
        Entry(
            _("Annual work reports"),
            "audits:annualreport_list",
            "audits.annualreport",
            GROUP,
            OVERSIGHT,
            170,
        ),
        Entry(_("Audits"), "audits:audit_list", "audits.audit", GROUP, OVERSIGHT, 180),
        Entry(
            _("Required actions"),
            "audits:requiredaction_list",
            "audits.requiredaction",
            GROUP,
            OVERSIGHT,
            190,
        ),
        Entry(
            _("Annual work report forms"),
            "audits:reportform_list",
            "audits.reportform",
            GROUP,
            SETTINGS,
            220,
        ),
    )
