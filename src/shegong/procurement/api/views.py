"""The procurement API, under ``/api/v1/``, read only in this release (writes are on the
pages, through ``procurement.services``): ``purchase-plans/``, ``plan-items/``,
``procurements/`` (a procurement's page has its criteria and clarifications) and
``procurement-objections/``. Rows are restricted as on the pages: officials see their area's,
an organisation's administrator the published procurements (never a draft) and their own
objections; a row out of reach is 404."""

from __future__ import annotations

from django.db.models import Prefetch

from shegong.core.api.viewsets import ReadOnlyRecordViewSet

from ..filtersets import (
    BidFilterSet,
    BidOpeningFilterSet,
    ObjectionFilterSet,
    PlanItemFilterSet,
    ProcurementFilterSet,
    PurchasePlanFilterSet,
)
from ..models import Bid, BidOpening, Clarification, Objection, PlanItem, Procurement, PurchasePlan
from . import serializers as s


class PurchasePlanViewSet(ReadOnlyRecordViewSet):
    queryset = PurchasePlan.objects.all()
    serializer_class = s.PurchasePlanSerializer
    filterset_class = PurchasePlanFilterSet
    ordering_fields = ["year"]


class PlanItemViewSet(ReadOnlyRecordViewSet):
    queryset = PlanItem.objects.all()
    serializer_class = s.PlanItemSerializer
    filterset_class = PlanItemFilterSet
    ordering_fields = ["estimated_value"]


class ProcurementViewSet(ReadOnlyRecordViewSet):
    queryset = Procurement.objects.prefetch_related(
        "criteria", Prefetch("clarifications", queryset=Clarification.objects.order_by("pk"))
    )
    serializer_class = s.ProcurementSerializer
    filterset_class = ProcurementFilterSet
    ordering_fields = ["published_on", "bid_deadline"]

    def get_serializer_class(self):
        if self.action == "list":
            return s.ProcurementListSerializer
        return s.ProcurementSerializer


class ObjectionViewSet(ReadOnlyRecordViewSet):
    queryset = Objection.objects.all()
    serializer_class = s.ObjectionSerializer
    filterset_class = ObjectionFilterSet


class BidViewSet(ReadOnlyRecordViewSet):
    """Bids: officials of the buyer's area and the city, and each bidder its own; the content
    is sealed until the opening (``Bid.PRIVATE_FIELDS``, ``Access.only_if``)."""

    queryset = Bid.objects.select_related("procurement", "organisation").prefetch_related("staff")
    serializer_class = s.BidSerializer
    filterset_class = BidFilterSet


class BidOpeningViewSet(ReadOnlyRecordViewSet):
    queryset = BidOpening.objects.all()
    serializer_class = s.BidOpeningSerializer
    filterset_class = BidOpeningFilterSet
