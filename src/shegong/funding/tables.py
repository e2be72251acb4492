"""The funding lists: the catalogue, budget lines with their balances (summed by the
database, ``funding.queries``) and the ledger."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shegong.core.money import MoneyColumn
from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from . import queries
from .models import BudgetLine, CatalogueItem, LedgerEntry


def money_column(verbose_name):
    return MoneyColumn(verbose_name)


@register_table
class CatalogueItemTable(RecordTable):
    related = ("service_field",)
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = CatalogueItem
        fields = ("code", "name", "service_field", "mode", "level", "is_active")


@register_table
class BudgetLineTable(RecordTable):
    related = ("payer",)
    name = tables.Column(linkify=True)
    payer = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    allocated = money_column(_("Allocated"))
    committed = money_column(_("Committed"))
    paid = money_column(_("Paid"))
    available = money_column(_("Available"))

    class Meta(RecordTable.Meta):
        model = BudgetLine
        fields = ("year", "name", "payer", "source", "purpose")
        sequence = (
            "year",
            "name",
            "payer",
            "source",
            "purpose",
            "allocated",
            "committed",
            "paid",
            "available",
        )

    @classmethod
    def prepare(cls, queryset):
        return queries.with_balances(super().prepare(queryset))


@register_table
class LedgerEntryTable(RecordTable):
    related = ("line",)
    booked_on = tables.Column(linkify=True)
    amount = money_column(_("Amount (yuan)"))

    class Meta(RecordTable.Meta):
        model = LedgerEntry
        fields = ("booked_on", "line", "kind", "amount", "reason", "reference")
