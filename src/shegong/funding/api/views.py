"""The funding API, under ``/api/v1/``, read only, restricted like the pages (rows out of the
caller's scope are 404); money moves through ``funding.services`` (the pages, and the
procurement app's contracts).

- ``catalogue-items/``: what may be bought (FIN-1);
- ``budget-lines/``: lines with ``allocated``, ``transferred``, ``committed``, ``paid`` and
  ``available`` (FIN-2, FIN-4), filtered by ``year``, ``payer``, ``source``, ``purpose``;
  ``POST budget-lines/{id}/allocate/`` (``{"amount", "booked_on", "reason"}``) and, on a city
  line, ``POST budget-lines/{id}/transfer/`` (``{"district", "newly_added", "booked_on",
  "reason"}``), through ``funding.services``: 400 with the refusal (e.g. beyond what is
  available), 403 for a role that may not move the line's money;
- ``ledger-entries/``: the movements (FIN-2), filtered by ``line``, ``kind``, ``year``.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.serializers import validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet

from .. import queries, services
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

    def _line(self, request, pk):
        line = self.get_queryset().get(pk=pk)
        return Response(s.BudgetLineSerializer(line, context={"request": request}).data)

    @extend_schema(
        request=s.AllocateInput,
        responses={200: s.BudgetLineSerializer},
        summary="Allocate money to a budget line",
    )
    @action(detail=True, methods=["post"])
    def allocate(self, request, pk=None):
        line = self.get_object()
        data = validated_input(s.AllocateInput, request)
        services.allocate(
            line,
            data["amount"],
            actor=request.user,
            reason=data["reason"],
            on=data.get("booked_on"),
        )
        return self._line(request, line.pk)

    @extend_schema(
        request=s.TransferInput,
        responses={200: s.BudgetLineSerializer},
        summary="Transfer the city special subsidy; answers with the district's line",
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        line = self.get_object()
        data = validated_input(s.TransferInput, request)
        _out, received = services.transfer_city_subsidy(
            line,
            data["district"],
            data["newly_added"],
            actor=request.user,
            reason=data["reason"],
            on=data.get("booked_on"),
        )
        return self._line(request, received.line_id)


class LedgerEntryViewSet(ReadOnlyRecordViewSet):
    queryset = LedgerEntry.objects.select_related("line")
    serializer_class = s.LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet
    ordering_fields = ["booked_on", "amount"]
