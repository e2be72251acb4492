from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..models import (
    Amendment,
    Award,
    Bid,
    BidOpening,
    Challenge,
    Clarification,
    Clause,
    Contract,
    ContractLine,
    Criterion,
    Expert,
    Instalment,
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
            "budget_lines",
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


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{2}:\d{2}:\d{2}$",
        "example": "09:30:00",
        "description": "Local time in the city (China Standard Time, UTC+08:00), no offset.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day in the city's time zone, ``HH:MM:SS``: not an RFC 3339 ``time`` (which
    needs an offset), so the schema says so."""


class ProcurementSerializer(RecordSerializer):
    """A procurement with its criteria and clarifications (each with the deadline move it
    caused); the list leaves them out."""

    opening_time = LocalTimeField(
        allow_null=True,
        required=False,
        help_text="Bids close and are opened at this time on the deadline.",
    )
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


def _yuan() -> serializers.DecimalField:
    """Money in yuan as a string of two decimals (never a float)."""
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=True
    )


class ContractLineSerializer(serializers.ModelSerializer):
    amount = _yuan()

    class Meta:
        model = ContractLine
        fields = ["id", "line", "amount", "commitment"]


class ClauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clause
        fields = ["id", "number", "party", "text"]


class InstalmentSerializer(serializers.ModelSerializer):
    amount = _yuan()

    class Meta:
        model = Instalment
        fields = [
            "id",
            "number",
            "due_on",
            "amount",
            "funding",
            "condition",
            "condition_text",
            "condition_met",
            "met_on",
            "evidence",
        ]


class AmendmentSerializer(serializers.ModelSerializer):
    value_before = _yuan()
    value_after = _yuan()

    class Meta:
        model = Amendment
        fields = [
            "id",
            "made_on",
            "reason",
            "value_before",
            "value_after",
            "ends_on_before",
            "ends_on_after",
            "changes",
        ]


class ContractSerializer(RecordSerializer):
    """FIN-6: a contract with its funding lines, posts, clauses, schedule and amendments; the
    list leaves them out."""

    value = _yuan()
    lines = ContractLineSerializer(many=True, read_only=True)
    clauses = ClauseSerializer(many=True, read_only=True)
    instalments = InstalmentSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "procurement",
            "buyer",
            "supplier",
            "number",
            "title",
            "signed_on",
            "starts_on",
            "ends_on",
            "value",
            "status",
            "posts",
            "outputs",
            "outcome_targets",
            "terminated_on",
            "termination_reason",
            "lines",
            "clauses",
            "instalments",
            "amendments",
            "version",
        ]


class ContractListSerializer(ContractSerializer):
    class Meta(ContractSerializer.Meta):
        fields = [
            f
            for f in ContractSerializer.Meta.fields
            if f not in ("lines", "clauses", "instalments", "amendments", "posts")
        ]


class PaymentSerializer(RecordSerializer):
    amount = _yuan()

    class Meta:
        model = Payment
        fields = ["id", "contract", "instalment", "paid_on", "amount", "entry", "version"]


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


class ExpertSerializer(RecordSerializer):
    class Meta:
        model = Expert
        fields = [
            "id",
            "name",
            "user",
            "phone",
            "fields",
            "employer",
            "ties",
            "is_active",
            "version",
        ]


class PanelSerializer(RecordSerializer):
    class Meta:
        model = Panel
        fields = ["id", "procurement", "size", "expert_seats", "formed_on", "version"]


class PanelMemberSerializer(RecordSerializer):
    """The reason of a recusal is private (masked unless the caller may read it)."""

    class Meta:
        model = PanelMember
        fields = [
            "id",
            "panel",
            "kind",
            "expert",
            "name",
            "status",
            "recused_on",
            "recusal_reason",
            "replaced_by",
            "version",
        ]


class ScoreSerializer(RecordSerializer):
    """The points are private: masked unless the caller may read them (a detail only)."""

    points = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = Score
        fields = ["id", "member", "bid", "criterion", "points", "version"]


class ResultSerializer(RecordSerializer):
    quality_score = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=True)
    price_score = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "procurement",
            "bid",
            "rank",
            "quality_score",
            "price_score",
            "total",
            "version",
        ]


class AwardSerializer(RecordSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "procurement",
            "number",
            "bid",
            "supplier",
            "amount",
            "noticed_on",
            "status",
            "revoked_on",
            "revocation_reason",
            "version",
        ]


class ChallengeSerializer(RecordSerializer):
    class Meta:
        model = Challenge
        fields = [
            "id",
            "procurement",
            "award",
            "organisation",
            "lodged_on",
            "text",
            "answer_due",
            "status",
            "decided_on",
            "decision_reasons",
            "outcome",
            "version",
        ]
