"""The funding API, under ``/api/v1/``, read only, restricted like the pages (rows out of the
caller's scope are 404); money moves through ``funding.services`` (the pages, and the
procurement app's contracts).

- ``catalogue-items/``: what may be bought (FIN-1);
- ``budget-lines/``: lines with ``allocated``, ``transferred``, ``committed``, ``paid`` and
  ``available`` (FIN-2, FIN-4), filtered by ``year``, ``payer``, ``source``, ``purpose``;
- ``ledger-entries/``: the movements (FIN-2), filtered by ``line``, ``kind``, ``year``.
"""

from __future__ import annotations

from shegong.core.api.viewsets import ReadOnlyRecordViewSet

from .. import queries
from ..filtersets import BudgetLineFilterSet, CatalogueItemFilterSet, LedgerEntryFilterSet
from ..models import BudgetLine, CatalogueItem, LedgerEntry
from . import serializers as s


class CatalogueItemViewSet(ReadOnlyRecordViewSet):
    queryset = CatalogueItem.objects.select_related("service_field")
    serializer_class = s.CatalogueItemSerializer
    filterset_class = CatalogueItemFilterSet
    ordering_fields = ["code", "name"]


class BudgetLineViewSet(ReadOnlyRecordViewSet):
    queryset = BudgetLine.objects.select_related("payer", "recipient")
    serializer_class = s.BudgetLineSerializer
    filterset_class = BudgetLineFilterSet
    ordering_fields = ["year", "name", "available"]

    def get_queryset(self):
        return queries.with_balances(super().get_queryset())


class LedgerEntryViewSet(ReadOnlyRecordViewSet):
    queryset = LedgerEntry.objects.select_related("line")
    serializer_class = s.LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet
    ordering_fields = ["booked_on", "amount"]
