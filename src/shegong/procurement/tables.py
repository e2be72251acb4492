import django_tables2 as tables

from shegong.core.money import MoneyColumn
from shegong.core.registry import register_table
from shegong.core.tables import PrivateColumn, RecordTable

from .models import (
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
    PanelDraw,
    PanelMember,
    Payment,
    PlanItem,
    Procurement,
    PurchasePlan,
    Result,
    Score,
    TenderDocument,
)


@register_table
class PurchasePlanTable(RecordTable):
    related = ("area",)
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = PurchasePlan
        fields = ("title", "year", "area")


@register_table
class PlanItemTable(RecordTable):
    related = ("plan", "field")
    id = tables.Column(linkify=True, verbose_name="#")
    estimated_value = MoneyColumn()

    class Meta(RecordTable.Meta):
        model = PlanItem
        fields = ("id", "plan", "field", "kind", "posts", "project", "estimated_value", "method")


@register_table
class ProcurementTable(RecordTable):
    related = ("buyer",)
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Procurement
        fields = ("title", "buyer", "method", "status", "published_on", "bid_deadline")


@register_table
class CriterionTable(RecordTable):
    related = ("procurement",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Criterion
        fields = ("name", "procurement", "weight", "is_price")


@register_table
class TenderDocumentTable(RecordTable):
    related = ("procurement",)
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = TenderDocument
        fields = ("title", "procurement", "created_at")


@register_table
class ClarificationTable(RecordTable):
    related = ("procurement",)
    made_on = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Clarification
        fields = (
            "made_on",
            "procurement",
            "changes_documents",
            "deadline_before",
            "deadline_after",
        )


@register_table
class ObjectionTable(RecordTable):
    related = ("procurement", "organisation")
    lodged_on = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Objection
        fields = ("lodged_on", "procurement", "organisation")


@register_table
class ContractTable(RecordTable):
    related = ("buyer", "supplier")
    number = tables.Column(linkify=True)
    value = MoneyColumn()

    class Meta(RecordTable.Meta):
        model = Contract
        fields = ("number", "title", "buyer", "supplier", "signed_on", "ends_on", "value", "status")


@register_table
class ContractLineTable(RecordTable):
    related = ("contract", "line")
    contract = tables.Column(linkify=True)
    amount = MoneyColumn()

    class Meta(RecordTable.Meta):
        model = ContractLine
        fields = ("contract", "line", "amount")


@register_table
class ClauseTable(RecordTable):
    related = ("contract",)
    number = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Clause
        fields = ("number", "contract", "party", "text")


@register_table
class InstalmentTable(RecordTable):
    related = ("contract",)
    number = tables.Column(linkify=True)
    amount = MoneyColumn()

    class Meta(RecordTable.Meta):
        model = Instalment
        fields = ("number", "contract", "due_on", "amount", "condition", "condition_met")


@register_table
class PaymentTable(RecordTable):
    related = ("contract", "instalment__contract")
    paid_on = tables.Column(linkify=True)
    amount = MoneyColumn()

    class Meta(RecordTable.Meta):
        model = Payment
        fields = ("paid_on", "contract", "instalment", "amount")


@register_table
class AmendmentTable(RecordTable):
    related = ("contract",)
    made_on = tables.Column(linkify=True)
    value_before = MoneyColumn()
    value_after = MoneyColumn()

    class Meta(RecordTable.Meta):
        model = Amendment
        fields = ("made_on", "contract", "value_before", "value_after", "ends_on_after")


@register_table
class BidTable(RecordTable):
    """The content columns are private (``Bid.PRIVATE_FIELDS``): always masked in lists and
    exports, whatever the stage; a bid's page shows them after the opening."""

    related = ("procurement", "organisation")
    price = PrivateColumn()
    submitted_at = tables.DateTimeColumn(linkify=True, format="Y-m-d H:i")

    class Meta(RecordTable.Meta):
        model = Bid
        fields = ("submitted_at", "procurement", "organisation", "status", "price")


@register_table
class BidOpeningTable(RecordTable):
    related = ("procurement", "opened_by")
    opened_at = tables.DateTimeColumn(linkify=True, format="Y-m-d H:i")

    class Meta(RecordTable.Meta):
        model = BidOpening
        fields = ("opened_at", "procurement", "opened_by", "valid_bids", "invalid_bids", "failed")


@register_table
class ExpertTable(RecordTable):
    related = ("employer",)
    name = tables.Column(linkify=True)
    phone = PrivateColumn()

    class Meta(RecordTable.Meta):
        model = Expert
        fields = ("name", "employer", "is_active", "phone")


@register_table
class PanelTable(RecordTable):
    related = ("procurement",)
    procurement = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Panel
        fields = ("procurement", "size", "expert_seats", "formed_on")


@register_table
class PanelMemberTable(RecordTable):
    related = ("panel__procurement",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = PanelMember
        fields = ("name", "panel", "kind", "status", "recused_on")


@register_table
class ScoreTable(RecordTable):
    """The points are private (``Score.PRIVATE_FIELDS``): masked in lists and exports; the
    procurement's page shows them to whoever may read them."""

    related = ("member__panel__procurement", "bid__organisation", "bid__procurement", "criterion")
    id = tables.Column(linkify=True, verbose_name="#")
    points = PrivateColumn()

    class Meta(RecordTable.Meta):
        model = Score
        fields = ("id", "member", "bid", "criterion", "points")


@register_table
class ResultTable(RecordTable):
    related = ("procurement", "bid__organisation", "bid__procurement")
    rank = tables.Column(linkify=True)
    total = PrivateColumn()

    class Meta(RecordTable.Meta):
        model = Result
        fields = ("rank", "procurement", "bid", "total")


@register_table
class AwardTable(RecordTable):
    related = ("procurement", "supplier")
    noticed_on = tables.DateColumn(linkify=True, format="Y-m-d")

    class Meta(RecordTable.Meta):
        model = Award
        fields = ("noticed_on", "procurement", "supplier", "amount", "status")


@register_table
class ChallengeTable(RecordTable):
    related = ("procurement", "organisation")
    lodged_on = tables.DateColumn(linkify=True, format="Y-m-d")

    class Meta(RecordTable.Meta):
        model = Challenge
        fields = ("lodged_on", "procurement", "organisation", "status", "answer_due")


@register_table
class PanelDrawTable(RecordTable):
    related = ("panel__procurement",)
    number = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = PanelDraw
        fields = ("number", "panel", "seed", "seats", "drawn_on")
