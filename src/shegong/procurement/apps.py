from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class ProcurementConfig(ShegongAppConfig):
    """FIN-3, FIN-6, GOV-1, VOL-3: purchase plans, tenders, bids, awards and contracts. Its menu
    entries are in the ``funding`` app's group (``shegong.funding.apps.GROUP``)."""

    default = True
    name = "shegong.procurement"
    label = "procurement"
    verbose_name = _("Purchase of services")
    navigation = ()
