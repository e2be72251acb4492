from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import Group

#: The menu group of purchased services, shared by ``funding`` and ``procurement``.
GROUP = "purchasing"


class FundingConfig(ShegongAppConfig):
    """FIN-1, FIN-2, FIN-4: the catalogue, budget lines and the money ledger."""

    default = True
    name = "shegong.funding"
    label = "funding"
    verbose_name = _("Funding of purchased services")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Purchasing"), order=50),)
    navigation = ()
