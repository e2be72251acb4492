from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry

#: The menu group of oversight (declared by ``oversight``).
GROUP = "oversight"
#: The section of audits and annual work reports in the group (FIN-5).
OVERSIGHT = pgettext_lazy("menu", "Audits and annual reports")


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
            order=210,
        ),
        Entry(_("Audits"), "audits:audit_list", "audits.audit", GROUP, OVERSIGHT, order=220),
        Entry(
            _("Required actions"),
            "audits:requiredaction_list",
            "audits.requiredaction",
            GROUP,
            OVERSIGHT,
            order=230,
        ),
        Entry(
            _("Annual work report forms"),
            "audits:reportform_list",
            "audits.reportform",
            GROUP,
            SETTINGS,
            order=920,
        ),
    )
