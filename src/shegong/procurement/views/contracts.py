"""Contract pages (FIN-6, FIN-2, VOL-3): the contract's page with its parties, funding lines,
posts, clauses, schedule, payments and amendments; the acts (each one service call): make the
contract of an awarded procurement, record an instalment's condition, pay it, amend,
terminate; the "contracted under" line of a post's page (``workforce.post_notes``)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.money import grouped
from shegong.core.permissions import can, restrict
from shegong.core.views import RecordActionView, RecordCreateView, RecordDetailView
from shegong.funding import queries as money_queries
from shegong.funding.models import BudgetLine
from shegong.organisations.models import Organisation
from shegong.workforce.models import Post

from .. import rules, services
from ..choices import ContractStatus
from ..forms import (
    AmendmentForm,
    CancelForm,
    ConditionForm,
    ContractForm,
    FundingLineFormSet,
    ReasonForm,
)
from ..models import Contract, Instalment, Procurement


def _lines_for(user, contract_or_procurement) -> object:
    """The purchase lines of the buyer district or the city, of the plan's year, that the user
    may see (``rules.budget_line_problem`` decides on saving)."""
    p = getattr(contract_or_procurement, "procurement", contract_or_procurement)
    year = p.plan_item.plan.year
    lines = BudgetLine.objects.filter(year=year, purpose="purchase").filter(
        Q(payer=p.buyer) | Q(payer__level="city")
    )
    return restrict(lines, user).select_related("payer")


class ContractCreateView(RecordActionView):
    """FIN-6: the contract of an awarded procurement (single source today; the open tender's
    award when it comes: ``services.awarded_supplier``)."""

    model = Procurement
    form_class = ContractForm
    template_name = "procurement/contract_form.html"
    title = gettext_lazy("Sign the contract")
    submit_label = gettext_lazy("Save the signed contract")
    success_message = gettext_lazy("Contract signed: %(name)s")
    #: The name of the button that adds a funding line (the page comes back with one more).
    ADD_LINE = "add_line"

    def get_form_kwargs(self):
        p, user = self.object, self.request.user
        named = services.awarded_supplier(p)
        posts = Post.objects.filter(organisation=named) if named else restrict(Post.objects, user)
        return {
            **super().get_form_kwargs(),
            "organisations": restrict(Organisation.objects.all(), user),
            "posts": posts.order_by("code"),
        }

    def get_formset(self, data=None, initial=None, extra=0):
        formset = FundingLineFormSet(
            data,
            initial=initial,
            prefix="lines",
            form_kwargs={"lines": _lines_for(self.request.user, self.object)},
        )
        formset.extra = extra
        return formset

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        ctx = super().get_context_data(**kwargs)
        ctx["add_line"] = self.ADD_LINE
        return ctx

    def post(self, request, *args, **kwargs):
        if self.ADD_LINE in request.POST:
            return self._with_one_more_line(request.POST)
        form, formset = self.get_form(), self.get_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            form.funding_lines = formset.funding_lines
            return self.form_valid(form)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def _with_one_more_line(self, data):
        """The page as filled in, unchecked, with an empty funding line more (no script)."""
        form = self.form_class(
            initial={
                name: data.getlist(name) if name == "posts" else data.get(name)
                for name in self.form_class.base_fields
                if name in data
            },
            **{
                k: v
                for k, v in self.get_form_kwargs().items()
                if k not in ("data", "files", "initial")
            },
        )
        total = FundingLineFormSet(data, prefix="lines").total_form_count()
        filled = [
            {"line": data.get(f"lines-{i}-line"), "amount": data.get(f"lines-{i}-amount")}
            for i in range(min(total, 19))
        ]
        formset = self.get_formset(initial=filled, extra=1)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def get_initial(self):
        return {"title": self.object.title, "signed_on": timezone.localdate()}

    def notes(self):
        p = self.object
        found = []
        named = services.awarded_supplier(p)
        if named:
            found.append(_("The award names the supplier: %(name)s.") % {"name": named})
        if p.awarded_on:
            found.append(
                _("Awarded on %(on)s: the contract is signed by %(last)s at the latest.")
                % {
                    "on": p.awarded_on.isoformat(),
                    "last": rules.contract_deadline(p.awarded_on).isoformat(),
                }
            )
        return found

    def perform(self, form):
        data = dict(form.cleaned_data)
        fields = ("supplier", "number", "title", "signed_on", "starts_on", "ends_on")
        values = {k: data[k] for k in fields if data.get(k) is not None}
        values.update(outputs=data["outputs"], outcome_targets=data["outcome_targets"])
        return services.create_contract(
            self.request.user,
            self.object,
            values,
            form.funding_lines(),
            posts=data["posts"],
        )


class ContractDetailView(RecordDetailView):
    template_name = "procurement/contract_detail.html"
    detail_fields = (
        "number",
        "title",
        "procurement",
        "buyer",
        "supplier",
        "signed_on",
        "starts_on",
        "ends_on",
        "value",
        "status",
        "outputs",
        "outcome_targets",
        "terminated_on",
        "termination_reason",
    )

    def shown_fields(self):
        """Without the facts that do not apply: a post purchase's empty outputs and targets, a
        contract in force's termination."""
        obj = self.object
        hidden = set()
        if obj.status == ContractStatus.IN_FORCE:
            hidden |= {"terminated_on", "termination_reason"}
        hidden |= {n for n in ("outputs", "outcome_targets") if not getattr(obj, n)}
        return [f for f in super().shown_fields() if f.name not in hidden]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        writer = can(user, "change", obj) and obj.status == ContractStatus.IN_FORCE
        lines = list(obj.lines.select_related("line", "commitment"))
        for funded in lines:
            funded.left = money_queries.open_amount(funded.commitment)
        instalments = list(obj.instalments.select_related("funding__line", "payment"))
        for i in instalments:
            i.problem = services.payment_problem(i) if writer else None
        ctx.update(
            can_change=False,
            writer=writer,
            lines=lines,
            posts=obj.posts.select_related("organisation"),
            clauses=obj.clauses.all(),
            instalments=instalments,
            payments=obj.payments.select_related("instalment", "entry"),
            amendments=obj.amendments.all(),
        )
        return ctx


class InstalmentActionView(RecordActionView):
    model = Instalment

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["back_url"] = self.object.contract.get_absolute_url()
        return ctx


class ConditionView(InstalmentActionView):
    form_class = ConditionForm
    title = gettext_lazy("Record the condition")
    success_message = gettext_lazy("Condition recorded: %(name)s")

    def notes(self):
        i = self.object
        return [i.condition_text or i.get_condition_display()]

    def perform(self, form):
        data = form.cleaned_data
        done = services.record_condition(
            self.request.user, self.object, data["met"], data["evidence"]
        )
        return done.contract


class PayView(InstalmentActionView):
    form_class = ReasonForm
    title = gettext_lazy("Approve the payment")
    submit_label = gettext_lazy("Pay")
    success_message = gettext_lazy("Paid: %(name)s")

    def notes(self):
        i = self.object
        return [
            _("%(amount)s yuan from the budget line %(line)s, against its commitment.")
            % {"amount": grouped(i.amount), "line": i.funding.line}
        ]

    def perform(self, form):
        payment = services.pay_instalment(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )
        return payment.contract


class AmendView(RecordActionView):
    model = Contract
    form_class = AmendmentForm
    title = gettext_lazy("Amend the contract")
    submit_label = gettext_lazy("Save the amendment")
    success_message = gettext_lazy("Amended: %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lines": _lines_for(self.request.user, self.object)}

    def notes(self):
        return [
            _(
                "A higher amount is committed on its line, a lower one released; the value is "
                "the sum of the lines."
            )
        ]

    def perform(self, form):
        data = form.cleaned_data
        amounts = {data["line"]: data["amount"]} if data.get("line") else None
        services.amend(
            self.request.user,
            self.object,
            data["reason"],
            amounts=amounts,
            ends_on=data.get("ends_on"),
        )
        return self.object


class TerminateView(RecordActionView):
    model = Contract
    form_class = CancelForm
    title = gettext_lazy("Terminate the contract")
    submit_label = gettext_lazy("Terminate")
    success_message = gettext_lazy("Terminated: %(name)s")

    def notes(self):
        return [_("What is left of each commitment goes back to its budget line.")]

    def perform(self, form):
        return services.terminate(self.request.user, self.object, form.cleaned_data["reason"])


def contracted_under(request, post) -> list[tuple[str, object]]:
    """The post page's line (``workforce.post_notes``): the contracts in force that fund the
    post, those the user may see (FIN-6, VOL-3)."""
    contracts = restrict(
        Contract.objects.filter(posts=post, status=ContractStatus.IN_FORCE), request.user
    )
    if not contracts:
        return []
    links = format_html_join(
        "; ", '<a href="{}">{}</a>', ((c.get_absolute_url(), str(c)) for c in contracts)
    )
    return [(_("contracted under"), links)]


class ContractPartCreateView(RecordCreateView):
    """A clause or an instalment of the contract named by ``?contract=``; back to the
    contract's page when saved."""

    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("contract")
        if pk and pk.isdigit():
            initial["contract"] = pk
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect) and getattr(self, "object", None):
            return HttpResponseRedirect(self.object.contract.get_absolute_url())
        return response
