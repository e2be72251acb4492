from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry
from shegong.funding.apps import FUNDS, GROUP

#: The section of the tender stage in the "purchasing" group: the notice, bids, the
#: evaluation panel and the award (FIN-3).
TENDERS = pgettext_lazy("menu", "Tenders and award")
#: The section of the contract stage (FIN-6, FIN-2).
CONTRACTS = pgettext_lazy("menu", "Contracts and payments")


class ProcurementConfig(ShegongAppConfig):
    """FIN-3, FIN-6, GOV-1, VOL-3: purchase plans, tenders, bids, awards and contracts. Its menu
    entries are in the ``funding`` app's group (``shegong.funding.apps.GROUP``)."""

    default = True
    name = "shegong.procurement"
    label = "procurement"
    verbose_name = _("Purchase of services")
    navigation = (
        Entry(
            pgettext_lazy("menu", "Purchase plans"),
            "procurement:purchaseplan_list",
            "procurement.purchaseplan",
            GROUP,
            FUNDS,
            order=130,
        ),
        Entry(
            pgettext_lazy("menu", "Procurements"),
            "procurement:procurement_list",
            "procurement.procurement",
            GROUP,
            TENDERS,
            order=210,
        ),
        Entry(
            pgettext_lazy("menu", "Clarifications"),
            "procurement:clarification_list",
            "procurement.clarification",
            GROUP,
            TENDERS,
            order=220,
        ),
        Entry(
            pgettext_lazy("menu", "Objections"),
            "procurement:objection_list",
            "procurement.objection",
            GROUP,
            TENDERS,
            order=230,
        ),
        Entry(
            pgettext_lazy("menu", "Contracts"),
            "procurement:contract_list",
            "procurement.contract",
            GROUP,
            CONTRACTS,
            order=310,
        ),
        Entry(
            pgettext_lazy("menu", "Payment schedule"),
            "procurement:instalment_list",
            "procurement.instalment",
            GROUP,
            CONTRACTS,
            order=320,
        ),
        Entry(
            pgettext_lazy("menu", "Payments"),
            "procurement:payment_list",
            "procurement.payment",
            GROUP,
            CONTRACTS,
            order=330,
        ),
        Entry(
            pgettext_lazy("menu", "Bids"),
            "procurement:bid_list",
            "procurement.bid",
            GROUP,
            TENDERS,
            order=240,
        ),
        Entry(
            pgettext_lazy("menu", "Bid openings"),
            "procurement:bidopening_list",
            "procurement.bidopening",
            GROUP,
            TENDERS,
            order=250,
        ),
        Entry(
            pgettext_lazy("menu", "Evaluation experts"),
            "procurement:expert_list",
            "procurement.expert",
            GROUP,
            SETTINGS,
            order=920,
        ),
        Entry(
            pgettext_lazy("menu", "Panel seats"),
            "procurement:panelmember_list",
            "procurement.panelmember",
            GROUP,
            TENDERS,
            order=260,
        ),
        Entry(
            pgettext_lazy("menu", "Awards"),
            "procurement:award_list",
            "procurement.award",
            GROUP,
            TENDERS,
            order=270,
        ),
        Entry(
            pgettext_lazy("menu", "Challenges"),
            "procurement:challenge_list",
            "procurement.challenge",
            GROUP,
            TENDERS,
            order=280,
        ),
    )

    def ready(self):
        super().ready()
        from shegong.workforce.post_notes import register_post_note  # noqa: PLC0415

        from .views.contracts import contracted_under  # noqa: PLC0415 - after apps load

        register_post_note(contracted_under)
