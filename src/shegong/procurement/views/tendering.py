"""Procurement pages: generic lists, details and forms (writes through ``services``), the
procurement's page with its criteria, documents, deadline moves, clarifications and (single
source) notice and objections, and the pages of its acts: publish, clarify, lodge an objection,
award a single source, cancel."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.permissions import can, can_any, restrict
from shegong.core.views import RecordActionView, RecordCreateView, RecordDetailView
from shegong.core.views.generic import get_restricted_or_404
from shegong.organisations.models import Organisation

from .. import rules, services
from ..choices import SCORED_METHODS, ProcurementStatus
from ..forms import CancelForm, ClarificationForm, ObjectionForm, ReasonForm
from ..models import Objection, PlanItem, Procurement, TenderDocument
from .bids import procurement_bids
from .evaluation import procurement_evaluation

S = ProcurementStatus


class PurchasePlanDetailView(RecordDetailView):
    template_name = "procurement/purchaseplan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["items"] = (
            restrict(PlanItem.objects.filter(plan=self.object), user)
            .select_related("field")
            .prefetch_related(
                "budget_lines__payer",
                Prefetch(
                    "procurements",
                    queryset=restrict(Procurement.objects.order_by("pk"), user),
                    to_attr="shown_procurements",
                ),
            )
        )
        ctx["can_add_item"] = can(user, "change", self.object)
        ctx["items"] = list(ctx["items"])
        for item in ctx["items"]:  # a failed or cancelled procurement may be started again
            item.can_start = ctx["can_add_item"] and all(
                p.status in (S.FAILED, S.CANCELLED) for p in item.shown_procurements
            )
        return ctx


class ProcurementDetailView(RecordDetailView):
    template_name = "procurement/procurement_detail.html"
    detail_fields = (
        "title",
        "buyer",
        "plan_item",
        "method",
        "status",
        "description",
        "minimum_grade",
        "minimum_credentialed_staff",
        "published_on",
        "bid_deadline",
        "opening_time",
        "single_source_reason",
        "proposed_supplier",
        "awarded_on",
    )
    #: Fields of the other methods, not shown (FIN-3: a single source has no bids, deadline
    #: or eligibility rules; a tender has no single-source reason or proposed supplier).
    TENDER_ONLY = {"minimum_grade", "minimum_credentialed_staff", "bid_deadline", "opening_time"}
    SINGLE_SOURCE_ONLY = {"single_source_reason", "proposed_supplier"}

    def shown_fields(self):
        hidden = self.TENDER_ONLY if self.object.is_single_source else self.SINGLE_SOURCE_ONLY
        if self.object.awarded_on is None:
            hidden = hidden | {"awarded_on"}
        return [f for f in super().shown_fields() if f.name not in hidden]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        draft = obj.status == S.DRAFT
        writer = can(user, "change", obj)
        ctx["can_change"] = ctx["can_change"] and draft
        ctx.update(
            criteria=obj.criteria.all(),
            documents=obj.documents.all(),
            clarifications=obj.clarifications.all(),
            moves=[c for c in obj.clarifications.all() if c.moved_deadline],
            objections=restrict(Objection.objects.filter(procurement=obj), user).select_related(
                "organisation"
            ),
            scored=obj.method in SCORED_METHODS,
            can_edit_parts=writer and draft,
            window_end=(
                rules.objection_window_end(obj.published_on)
                if obj.is_single_source and obj.published_on
                else None
            ),
            acts=self.acts(obj, user, writer),
            contracts=restrict(obj.contracts.all(), user),
        )
        ctx.update(procurement_bids(obj, user))
        ctx.update(procurement_evaluation(obj, user))
        return ctx

    def acts(self, obj, user, writer) -> list[tuple[str, str, str]]:
        """(label, URL name, style) of the acts the user may take now."""
        found = []
        if writer and obj.status == S.DRAFT:
            found.append((_("Publish"), "procurement:procurement_publish", "success"))
        if writer and obj.status == S.PUBLISHED and not obj.is_single_source:
            found.append((_("Add a clarification"), "procurement:procurement_clarify", "primary"))
        if obj.is_single_source and obj.status == S.PUBLISHED:
            if can_any(user, "add", Objection):
                found.append(
                    (_("Lodge an objection"), "procurement:procurement_object", "outline-primary")
                )
            if writer:
                found.append((_("Award"), "procurement:procurement_award", "success"))
        if writer and obj.status == S.AWARDED:
            found.append((_("Sign the contract"), "procurement:procurement_contract", "success"))
        if writer and obj.status in (S.DRAFT, S.PUBLISHED):
            found.append(
                (_("Cancel the procurement"), "procurement:procurement_cancel", "outline-danger")
            )
        return found


class PartCreateView(RecordCreateView):
    """A criterion or a document of the procurement named by ``?procurement=``; back to the
    procurement's page when saved."""

    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("procurement")
        if pk and pk.isdigit():
            initial["procurement"] = pk
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect) and getattr(self, "object", None):
            return HttpResponseRedirect(self.object.procurement.get_absolute_url())
        return response


class PlanItemCreateView(RecordCreateView):
    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("plan")
        if pk and pk.isdigit():
            initial["plan"] = pk
        return initial


class ProcurementCreateView(RecordCreateView):
    create_service = staticmethod(services.create_procurement)

    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("plan_item")
        if pk and pk.isdigit():
            item = restrict(PlanItem.objects.filter(pk=pk), self.request.user).first()
            if item is not None:
                initial.update(plan_item=item.pk, method=item.method)
        return initial


class PublishView(RecordActionView):
    model = Procurement
    form_class = ReasonForm
    title = gettext_lazy("Publish the procurement")
    submit_label = gettext_lazy("Publish")
    success_message = gettext_lazy("Published: %(name)s")

    def notes(self):
        today = timezone.localdate()
        if self.object.is_single_source:
            return [
                _("The notice is open to objections until %(end)s; the award can follow.")
                % {"end": rules.objection_window_end(today).isoformat()}
            ]
        return [
            _("Published today, an open tender's bid deadline is %(earliest)s at the earliest.")
            % {"earliest": rules.earliest_bid_deadline(today).isoformat()}
        ]

    def perform(self, form):
        return services.publish(self.request.user, self.object, reason=form.cleaned_data["reason"])


class ClarifyView(RecordActionView):
    model = Procurement
    form_class = ClarificationForm
    title = gettext_lazy("Add a clarification")
    submit_label = gettext_lazy("Publish the clarification")
    success_message = gettext_lazy("Clarification published: %(name)s")

    def notes(self):
        deadline = self.object.bid_deadline
        if deadline is None:
            return []
        moved = rules.deadline_after_clarification(deadline, timezone.localdate())
        if moved == deadline:
            return [_("A change today leaves the bid deadline at %(d)s.") % {"d": deadline}]
        return [
            _("A change of the documents today moves the bid deadline from %(d)s to %(m)s.")
            % {"d": deadline.isoformat(), "m": moved.isoformat()}
        ]

    def perform(self, form):
        data = form.cleaned_data
        clarification = services.clarify(
            self.request.user,
            self.object,
            data["text"],
            data["changes_documents"],
            reason=data["reason"],
        )
        return clarification.procurement


class ObjectView(RecordActionView):
    """A supplier's administrator (or the buyer's officer, for one received on paper) lodges
    an objection to a single-source notice."""

    model = Procurement
    action = "view"
    form_class = ObjectionForm
    title = gettext_lazy("Lodge an objection")
    submit_label = gettext_lazy("Lodge the objection")
    success_message = gettext_lazy("Objection lodged: %(name)s")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_any(request.user, "add", Objection):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        organisations = restrict(Organisation.objects.all(), self.request.user)
        return {**super().get_form_kwargs(), "organisations": organisations}

    def notes(self):
        if not self.object.published_on:
            return []
        end = rules.objection_window_end(self.object.published_on)
        return [_("Objections are open until %(end)s.") % {"end": end.isoformat()}]

    def perform(self, form):
        data = form.cleaned_data
        objection = services.lodge_objection(
            self.request.user, self.object, data["organisation"], data["text"]
        )
        return objection.procurement


class AwardView(RecordActionView):
    model = Procurement
    form_class = ReasonForm
    title = gettext_lazy("Award the single source")
    submit_label = gettext_lazy("Award")
    success_message = gettext_lazy("Awarded: %(name)s")

    def perform(self, form):
        return services.award_single_source(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


class CancelView(RecordActionView):
    model = Procurement
    form_class = CancelForm
    title = gettext_lazy("Cancel the procurement")
    submit_label = gettext_lazy("Cancel the procurement")
    success_message = gettext_lazy("Cancelled: %(name)s")

    def perform(self, form):
        return services.cancel(self.request.user, self.object, form.cleaned_data["reason"])


@login_required
def download_document(request, pk):
    """A document's file, for whoever may see its procurement (organisations: once published)."""
    document = get_restricted_or_404(TenderDocument, request.user, "view", pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = PurePosixPath(document.file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)
