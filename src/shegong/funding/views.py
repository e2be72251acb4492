"""The funding pages (FIN-1, FIN-2, FIN-4): generic lists, details and forms; the budget-line
list with each line's balances and a summary by payer and year; a line's page with its
ledger; the forms to allocate money and to transfer the city's special subsidy. Every write
goes through ``funding.services``."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shegong.core import parameters
from shegong.core.money import yuan
from shegong.core.permissions import restrict
from shegong.core.views import RecordActionView, RecordDetailView, RecordListView

from . import queries, services
from .forms import AllocateForm, TransferForm
from .models import BudgetLine, LedgerEntry
from .parameters import CITY_SUBSIDY_PERCENT

#: Ledger entries shown on a line's page (the rest: the ledger list, filtered by the line).
LEDGER_ON_PAGE = 50


class BudgetLineListView(RecordListView):
    """FIN-2: budget lines with allocated, committed, paid and available, and the money of the
    lines shown by payer and year."""

    template_name = "funding/budgetline_list.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["funding/partials/budgetline_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plain = restrict(BudgetLine.objects.all(), self.request.user, "view")
        lines = self.get_filterset_class()(
            self.request.GET or None, queryset=plain, request=self.request
        )
        valid = not lines.is_bound or lines.is_valid()
        ctx["summary"] = queries.summary(lines.qs) if valid else []
        ctx["summary_rows"] = [
            (
                row["year"],
                row["payer"],
                [(label, yuan(row[n])) for n, label in BALANCE_LABELS],
            )
            for row in ctx["summary"]
        ]
        ctx["balance_names"] = BALANCE_LABELS
        return ctx


BALANCE_LABELS = (
    ("allocated", gettext_lazy("Allocated")),
    ("transferred", gettext_lazy("Transferred to districts")),
    ("committed", gettext_lazy("Committed")),
    ("paid", gettext_lazy("Paid")),
    ("available", gettext_lazy("Available")),
)


class BudgetLineDetailView(RecordDetailView):
    """FIN-2: a line, its balances and its latest ledger entries."""

    template_name = "funding/budgetline_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        line = self.object
        totals = queries.of_line(line)
        ctx["balances"] = [(label, yuan(totals[name])) for name, label in BALANCE_LABELS]
        entries = restrict(LedgerEntry.objects.filter(line=line), self.request.user, "view")
        ctx["entries"] = [(entry, yuan(entry.amount)) for entry in entries[:LEDGER_ON_PAGE]]
        ctx["more_entries"] = entries.count() > LEDGER_ON_PAGE
        return ctx


class CatalogueItemDetailView(RecordDetailView):
    """FIN-1: an item, and for a post its yearly reference price in force today."""

    template_name = "funding/catalogueitem_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        try:
            price, rule = queries.reference_price(self.object)
        except ImproperlyConfigured:
            price, rule = None, None
        ctx["reference_price"] = yuan(price) if price is not None else ""
        ctx["price_rule"] = rule
        return ctx


class AllocateView(RecordActionView):
    """FIN-2: put money on a line."""

    model = BudgetLine
    form_class = AllocateForm
    title = gettext_lazy("Allocate money to the budget line")
    submit_label = gettext_lazy("Allocate")
    success_message = gettext_lazy("Allocated: %(name)s")

    def get_initial(self):
        return {"booked_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        services.allocate(
            self.object,
            data["amount"],
            actor=self.request.user,
            reason=data["reason"],
            on=data["booked_on"],
        )
        return self.object


class TransferView(RecordActionView):
    """FIN-2: the city's special subsidy to a district for its newly added purchases."""

    model = BudgetLine
    form_class = TransferForm
    title = gettext_lazy("Transfer the city special subsidy")
    submit_label = pgettext_lazy("money", "Transfer")
    success_message = gettext_lazy("Subsidy transferred to %(name)s")

    def get_initial(self):
        return {"booked_on": timezone.localdate()}

    def notes(self):
        try:
            rule = parameters.get(CITY_SUBSIDY_PERCENT)
        except ImproperlyConfigured:
            return []
        return [
            _(
                "The subsidy is the district's newly added purchases times the city's share in "
                "force on the date: today %(percent)s %% (from %(date)s)."
            )
            % {"percent": rule.value, "date": rule.valid_from.isoformat()}
        ]

    def perform(self, form):
        data = form.cleaned_data
        _out, received = services.transfer_city_subsidy(
            self.object,
            data["district"],
            data["newly_added"],
            actor=self.request.user,
            reason=data["reason"],
            on=data["booked_on"],
        )
        return received.line
