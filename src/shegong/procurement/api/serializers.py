from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..models import (
    Bid,
    BidOpening,
    Clarification,
    Criterion,
    Objection,
    PlanItem,
    Procurement,
    PurchasePlan,
)


class PlanItemSerializer(RecordSerializer):
    class Meta:
        model = PlanItem
        fields = [
            "id",
            "plan",
            "field",
            "kind",
            "posts",
            "project",
            "estimated_value",
            "method",
            "note",
            "version",
        ]


class PurchasePlanSerializer(RecordSerializer):
    class Meta:
        model = PurchasePlan
        fields = ["id", "area", "year", "title", "note", "version"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "weight", "is_price"]


class ClarificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clarification
        fields = [
            "id",
            "made_on",
            "text",
            "changes_documents",
            "deadline_before",
            "deadline_after",
        ]


class ProcurementSerializer(RecordSerializer):
    """A procurement with its criteria and clarifications (each with the deadline move it
    caused); the list leaves them out."""

    criteria = CriterionSerializer(many=True, read_only=True)
    clarifications = ClarificationSerializer(many=True, read_only=True)

    class Meta:
        model = Procurement
        fields = [
            "id",
            "plan_item",
            "buyer",
            "method",
            "title",
            "description",
            "status",
            "minimum_grade",
            "minimum_credentialed_staff",
            "published_on",
            "bid_deadline",
            "opening_time",
            "single_source_reason",
            "proposed_supplier",
            "awarded_on",
            "criteria",
            "clarifications",
            "version",
        ]


class ProcurementListSerializer(ProcurementSerializer):
    class Meta(ProcurementSerializer.Meta):
        fields = [
            f for f in ProcurementSerializer.Meta.fields if f not in ("criteria", "clarifications")
        ]


class ObjectionSerializer(RecordSerializer):
    class Meta:
        model = Objection
        fields = ["id", "procurement", "organisation", "lodged_on", "text", "version"]


class BidSerializer(RecordSerializer):
    """The sealed content is masked (``RecordSerializer``, ``Bid.PRIVATE_FIELDS``) unless the
    bids were opened and the caller may read it (a detail only)."""

    price = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "procurement",
            "organisation",
            "status",
            "submitted_at",
            "price",
            "proposal",
            "staff",
            "problems",
            "version",
        ]


class BidOpeningSerializer(RecordSerializer):
    class Meta:
        model = BidOpening
        fields = [
            "id",
            "procurement",
            "opened_at",
            "opened_by",
            "valid_bids",
            "invalid_bids",
            "failed",
            "outcome",
            "version",
        ]
