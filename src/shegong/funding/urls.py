from django.urls import path
from django.utils.translation import gettext_lazy as _

from shegong.core.views import (
    Action,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)

from . import services, views
from .choices import FundingSource, Purpose
from .forms import BudgetLineForm, CatalogueItemForm
from .models import BudgetLine, CatalogueItem, LedgerEntry

app_name = "funding"

LINE_ACTIONS = (
    Action(
        _("Allocate"),
        "funding:budgetline_allocate",
        when=lambda line: line.source != FundingSource.CITY_SUBSIDY,
        style="outline-primary",
    ),
    Action(
        _("Transfer the city special subsidy"),
        "funding:budgetline_transfer",
        when=lambda line: line.payer.level == "city" and line.purpose == Purpose.PURCHASE,
        style="outline-primary",
    ),
)
LEDGER_LIST_ACTIONS = (Action(_("Budget lines"), "funding:budgetline_list", "view"),)

urlpatterns = [
    path(
        "budgetlines/<int:pk>/allocate/",
        views.AllocateView.as_view(),
        name="budgetline_allocate",
    ),
    path(
        "budgetlines/<int:pk>/transfer/",
        views.TransferView.as_view(),
        name="budgetline_transfer",
    ),
    *model_urls(
        CatalogueItem,
        list=RecordListView,
        detail=views.CatalogueItemDetailView,
        add=(RecordCreateView, {"form_class": CatalogueItemForm}),
        edit=(RecordUpdateView, {"form_class": CatalogueItemForm}),
    ),
    *model_urls(
        BudgetLine,
        list=views.BudgetLineListView,
        detail=(views.BudgetLineDetailView, {"actions": LINE_ACTIONS}),
        add=(
            RecordCreateView,
            {"form_class": BudgetLineForm, "create_service": services.create_budget_line},
        ),
        edit=(
            RecordUpdateView,
            {"form_class": BudgetLineForm, "update_service": services.update_budget_line},
        ),
    ),
    *model_urls(
        LedgerEntry,
        list=(RecordListView, {"actions": LEDGER_LIST_ACTIONS}),
        detail=RecordDetailView,
    ),
]
