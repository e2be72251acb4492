from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry, Group

#: The menu group of purchased services, shared by ``funding`` and ``procurement``.
GROUP = "purchasing"
#: The section of the money and the year's plans (FIN-1, FIN-2, FIN-4): budget lines, the ledger
#: and the purchase plans (``procurement``).
FUNDS = pgettext_lazy("menu", "Funds and plans")


class FundingConfig(ShegongAppConfig):
    """FIN-1, FIN-2, FIN-4: the catalogue, budget lines and the money ledger."""

    default = True
    name = "shegong.funding"
    label = "funding"
    verbose_name = _("Funding of purchased services")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Purchasing"), order=50),)
    navigation = (
        Entry(
            _("Budget lines"),
            "funding:budgetline_list",
            "funding.budgetline",
            GROUP,
            FUNDS,
            order=110,
        ),
        Entry(
            pgettext_lazy("menu", "Ledger"),
            "funding:ledgerentry_list",
            "funding.ledgerentry",
            GROUP,
            FUNDS,
            order=120,
        ),
        Entry(
            _("Service catalogue"),
            "funding:catalogueitem_list",
            "funding.catalogueitem",
            GROUP,
            SETTINGS,
            order=910,
        ),
    )
