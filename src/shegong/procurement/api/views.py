"""The procurement API, under ``/api/v1/``, read only in this release (writes are on the
pages, through ``procurement.services``): ``purchase-plans/``, ``plan-items/``,
``procurements/`` (a procurement's page has its criteria and clarifications),
``procurement-objections/``, ``contracts/`` and ``contract-payments/``. Rows are restricted as
on the pages: officials see their area's, an organisation's administrator the published
procurements (never a draft), their own objections and their own contracts and payments; a
row out of reach is 404."""

from __future__ import annotations

from django.db.models import Prefetch

from shegong.core.api.viewsets import ReadOnlyRecordViewSet

from ..filtersets import (
    AwardFilterSet,
    BidFilterSet,
    BidOpeningFilterSet,
    ChallengeFilterSet,
    ContractFilterSet,
    ExpertFilterSet,
    ObjectionFilterSet,
    PanelFilterSet,
    PanelMemberFilterSet,
    PaymentFilterSet,
    PlanItemFilterSet,
    ProcurementFilterSet,
    PurchasePlanFilterSet,
    ResultFilterSet,
    ScoreFilterSet,
)
from ..models import (
    Award,
    Bid,
    BidOpening,
    Challenge,
    Clarification,
    Contract,
    Expert,
    Objection,
    Panel,
    PanelMember,
    Payment,
    PlanItem,
    Procurement,
    PurchasePlan,
    Result,
    Score,
)
from . import serializers as s


class PurchasePlanViewSet(ReadOnlyRecordViewSet):
    queryset = PurchasePlan.objects.all()
    serializer_class = s.PurchasePlanSerializer
    filterset_class = PurchasePlanFilterSet
    ordering_fields = ["year"]


class PlanItemViewSet(ReadOnlyRecordViewSet):
    queryset = PlanItem.objects.prefetch_related("budget_lines")
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


class ContractViewSet(ReadOnlyRecordViewSet):
    """FIN-6: contracts, restricted as on the pages (the supplier its own, the buyer district
    its own, the city all)."""

    queryset = Contract.objects.prefetch_related("lines", "clauses", "instalments", "amendments")
    serializer_class = s.ContractSerializer
    filterset_class = ContractFilterSet
    ordering_fields = ["signed_on", "value"]

    def get_serializer_class(self):
        if self.action == "list":
            return s.ContractListSerializer
        return s.ContractSerializer


class PaymentViewSet(ReadOnlyRecordViewSet):
    """FIN-2: payments of contracts, restricted like their contracts."""

    queryset = Payment.objects.all()
    serializer_class = s.PaymentSerializer
    filterset_class = PaymentFilterSet
    ordering_fields = ["paid_on"]


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


class ExpertViewSet(ReadOnlyRecordViewSet):
    """FIN-3: the expert pool (officials; an expert their own entry); the phone is private."""

    queryset = Expert.objects.prefetch_related("fields", "ties")
    serializer_class = s.ExpertSerializer
    filterset_class = ExpertFilterSet


class PanelViewSet(ReadOnlyRecordViewSet):
    """FIN-3: evaluation panels: the buyer district and the panel until the award, then the
    city and the organisations too (``Access.grant_if``)."""

    queryset = Panel.objects.all()
    serializer_class = s.PanelSerializer
    filterset_class = PanelFilterSet


class PanelMemberViewSet(ReadOnlyRecordViewSet):
    queryset = PanelMember.objects.all()
    serializer_class = s.PanelMemberSerializer
    filterset_class = PanelMemberFilterSet


class ScoreViewSet(ReadOnlyRecordViewSet):
    """FIN-3: scores, private to the panel and the buyer district until the award, then also
    the city's and each bidder's own; the points are masked in lists."""

    queryset = Score.objects.all()
    serializer_class = s.ScoreSerializer
    filterset_class = ScoreFilterSet


class ResultViewSet(ReadOnlyRecordViewSet):
    """FIN-3: the ranking, private until the award like the scores."""

    queryset = Result.objects.all()
    serializer_class = s.ResultSerializer
    filterset_class = ResultFilterSet


class AwardViewSet(ReadOnlyRecordViewSet):
    queryset = Award.objects.all()
    serializer_class = s.AwardSerializer
    filterset_class = AwardFilterSet


class ChallengeViewSet(ReadOnlyRecordViewSet):
    queryset = Challenge.objects.all()
    serializer_class = s.ChallengeSerializer
    filterset_class = ChallengeFilterSet
