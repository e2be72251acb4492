from django.urls import path

from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)

from . import services, views
from .forms import ProcurementForm
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

app_name = "procurement"

PLAN_FIELDS = ("area", "year", "title", "note")
ITEM_FIELDS = (
    "plan",
    "field",
    "kind",
    "posts",
    "project",
    "estimated_value",
    "method",
    "budget_lines",
    "note",
)
CRITERION_FIELDS = ("procurement", "name", "weight", "is_price")
DOCUMENT_FIELDS = ("procurement", "title", "file")
CLAUSE_FIELDS = ("contract", "number", "party", "text")
EXPERT_FIELDS = ("name", "user", "phone", "fields", "employer", "ties", "is_active", "note")
INSTALMENT_FIELDS = (
    "contract",
    "number",
    "due_on",
    "amount",
    "funding",
    "condition",
    "condition_text",
)

urlpatterns = [
    path("procurements/<int:pk>/panel/", views.FormPanelView.as_view(), name="panel_form"),
    path("procurements/<int:pk>/evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("procurements/<int:pk>/award-bid/", views.AwardBidView.as_view(), name="award_bid"),
    path("procurements/<int:pk>/challenge/", views.ChallengeView.as_view(), name="challenge"),
    path("panelmembers/<int:pk>/recuse/", views.RecuseView.as_view(), name="panelmember_recuse"),
    path("panelmembers/<int:pk>/score/", views.ScoreView.as_view(), name="panelmember_score"),
    path(
        "challenges/<int:pk>/answer/",
        views.AnswerChallengeView.as_view(),
        name="challenge_answer",
    ),
    path("procurements/<int:pk>/bid/", views.SubmitBidView.as_view(), name="bid_submit"),
    path("procurements/<int:pk>/open-bids/", views.OpenBidsView.as_view(), name="bid_open"),
    path("bids/<int:pk>/replace/", views.ReplaceBidView.as_view(), name="bid_replace"),
    path("bids/<int:pk>/withdraw/", views.WithdrawBidView.as_view(), name="bid_withdraw"),
    path("bids/<int:pk>/proposal/", views.download_proposal, name="bid_proposal"),
    path(
        "procurements/<int:pk>/publish/",
        views.PublishView.as_view(),
        name="procurement_publish",
    ),
    path(
        "procurements/<int:pk>/clarify/",
        views.ClarifyView.as_view(),
        name="procurement_clarify",
    ),
    path(
        "tenderdocuments/<int:pk>/download/",
        views.download_document,
        name="tenderdocument_download",
    ),
    path("procurements/<int:pk>/object/", views.ObjectView.as_view(), name="procurement_object"),
    path("procurements/<int:pk>/award/", views.AwardView.as_view(), name="procurement_award"),
    path(
        "procurements/<int:pk>/contract/",
        views.ContractCreateView.as_view(),
        name="procurement_contract",
    ),
    path("contracts/<int:pk>/amend/", views.AmendView.as_view(), name="contract_amend"),
    path("contracts/<int:pk>/terminate/", views.TerminateView.as_view(), name="contract_terminate"),
    path(
        "instalments/<int:pk>/condition/",
        views.ConditionView.as_view(),
        name="instalment_condition",
    ),
    path("instalments/<int:pk>/pay/", views.PayView.as_view(), name="instalment_pay"),
    path("procurements/<int:pk>/cancel/", views.CancelView.as_view(), name="procurement_cancel"),
    *model_urls(
        PurchasePlan,
        list=RecordListView,
        detail=views.PurchasePlanDetailView,
        add=(RecordCreateView, {"fields": PLAN_FIELDS}),
        edit=(RecordUpdateView, {"fields": PLAN_FIELDS}),
    ),
    *model_urls(
        PlanItem,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            views.PlanItemCreateView,
            {"fields": ITEM_FIELDS, "create_service": services.create_plan_item},
        ),
        edit=(
            RecordUpdateView,
            {"fields": ITEM_FIELDS, "update_service": services.update_plan_item},
        ),
        delete=RecordDeleteView,
    ),
    *model_urls(
        Procurement,
        list=RecordListView,
        detail=views.ProcurementDetailView,
        add=(views.ProcurementCreateView, {"form_class": ProcurementForm}),
        edit=(
            RecordUpdateView,
            {"form_class": ProcurementForm, "update_service": services.update_procurement},
        ),
    ),
    *model_urls(
        Criterion,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            views.PartCreateView,
            {"fields": CRITERION_FIELDS, "create_service": services.create_criterion},
        ),
        edit=(
            RecordUpdateView,
            {"fields": CRITERION_FIELDS, "update_service": services.update_criterion},
        ),
        delete=(RecordDeleteView, {"delete_service": services.delete_criterion}),
    ),
    *model_urls(
        TenderDocument,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            views.PartCreateView,
            {"fields": DOCUMENT_FIELDS, "create_service": services.add_document},
        ),
    ),
    *model_urls(Clarification, list=RecordListView, detail=RecordDetailView),
    *model_urls(Contract, list=RecordListView, detail=views.ContractDetailView),
    *model_urls(ContractLine, list=RecordListView, detail=RecordDetailView),
    *model_urls(
        Clause,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            views.ContractPartCreateView,
            {"fields": CLAUSE_FIELDS, "create_service": services.add_clause},
        ),
    ),
    *model_urls(
        Instalment,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            views.ContractPartCreateView,
            {"fields": INSTALMENT_FIELDS, "create_service": services.add_instalment},
        ),
    ),
    *model_urls(Payment, list=RecordListView, detail=RecordDetailView),
    *model_urls(Amendment, list=RecordListView, detail=RecordDetailView),
    *model_urls(Objection, list=RecordListView, detail=RecordDetailView),
    *model_urls(Bid, list=RecordListView, detail=views.BidDetailView),
    *model_urls(BidOpening, list=RecordListView, detail=RecordDetailView),
    *model_urls(
        Expert,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": EXPERT_FIELDS}),
        edit=(RecordUpdateView, {"fields": EXPERT_FIELDS}),
    ),
    *model_urls(Panel, list=RecordListView, detail=RecordDetailView),
    *model_urls(PanelDraw, list=RecordListView, detail=RecordDetailView),
    *model_urls(PanelMember, list=RecordListView, detail=views.PanelMemberDetailView),
    *model_urls(Score, list=RecordListView, detail=RecordDetailView),
    *model_urls(Result, list=RecordListView, detail=RecordDetailView),
    *model_urls(Award, list=RecordListView, detail=RecordDetailView),
    *model_urls(Challenge, list=RecordListView, detail=views.ChallengeDetailView),
]
