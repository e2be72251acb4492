"""The fixed lists of the funding app (FIN-1, FIN-2, FIN-4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurchaseMode(models.TextChoices):
    """FIN-1: how a catalogue item is bought."""

    POST = "post", _("Post-based purchase")
    PROJECT = "project", _("Project-based purchase")


class FundingSource(models.TextChoices):
    """FIN-2, FIN-4: where a budget line's money comes from (policy clause 17)."""

    DISTRICT_BUDGET = "district_budget", _("District budget")
    CITY_SUBSIDY = "city_subsidy", _("City special subsidy")
    WELFARE_LOTTERY = "welfare_lottery", _("Welfare lottery fund")
    FOUNDATION = "foundation", _("Foundation or donated money")
    CITY_BUDGET = "city_budget", _("City budget")


class Purpose(models.TextChoices):
    """FIN-1, FIN-4: what a budget line pays for: purchased services, or one of the city's
    grants for training, exchange and platforms (clause 17), which name a recipient."""

    PURCHASE = "purchase", _("Purchase of services")
    TRAINING = "training", _("Education and training")
    EXCHANGE = "exchange", _("Exchange and cooperation")
    PRACTICE_BASE = "practice_base", _("Practice base")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    WEBSITE = "website", _("Social work website")
    PUBLICATION = "publication", _("Publication")


#: FIN-4: the purposes that are grants to an organisation (they name a recipient).
GRANT_PURPOSES = frozenset(Purpose) - {Purpose.PURCHASE}


class Movement(models.TextChoices):
    """FIN-2: the kinds of ledger entry on a budget line."""

    ALLOCATION = "allocation", _("Allocation")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    COMMITMENT = "commitment", _("Commitment")
    RELEASE = "release", _("Release of a commitment")
    PAYMENT = "payment", _("Payment")
