"""The pages of the bids (FIN-3): submit, replace and withdraw a bid (an organisation's
administrator), open the bids (the buyer's officer), a bid's page (its content sealed until the
opening, ``models.bids``), the proposal's file, and the bids' part of a procurement's page."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core import audit
from shegong.core.permissions import can, can_any, restrict
from shegong.core.roles import Role
from shegong.core.views import RecordActionView, RecordDetailView
from shegong.core.views.generic import get_restricted_or_404
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from .. import rules, services
from ..choices import BidStatus, ProcurementStatus
from ..forms import BidForm, ReasonForm
from ..models import Bid, BidOpening, Procurement

S = ProcurementStatus


def _closing_note(procurement) -> list[str]:
    if procurement.bid_deadline is None or procurement.opening_time is None:
        return []
    closing = rules.bids_close_at(procurement.bid_deadline, procurement.opening_time)
    return [
        _("Bids are received until %(closing)s and opened then; until then nobody can read them.")
        % {"closing": timezone.localtime(closing).strftime("%Y-%m-%d %H:%M")}
    ]


def _administered(user):
    """The organisations ``user`` administers (and may bid for)."""
    if user.is_superuser:
        return Organisation.objects.none()
    ids = [
        g.organisation_id
        for g in user.get_grants()
        if g.role == Role.ORG_ADMIN and g.organisation_id is not None
    ]
    return Organisation.objects.filter(pk__in=ids)


def procurement_bids(procurement, user) -> dict:
    """The bids' part of a procurement's page: before the opening only how many and when (the
    user's own bids: that they were submitted and when); after it, the opening record."""
    bids = restrict(Bid.objects.filter(procurement=procurement), user).select_related(
        "organisation"
    )
    opening = BidOpening.objects.filter(procurement=procurement).first()
    live = [b for b in bids if b.status != BidStatus.WITHDRAWN]
    acts = []
    open_now = procurement.status == S.PUBLISHED and not procurement.is_single_source
    if open_now and _administered(user).exists():
        acts.append((_("Submit a bid"), "procurement:bid_submit", "primary"))
    if open_now and can(user, "change", procurement) and procurement.bid_deadline:
        closing = rules.bids_close_at(procurement.bid_deadline, procurement.opening_time)
        if timezone.now() >= closing:
            acts.append((_("Open bids"), "procurement:bid_open", "success"))
    # FIN-3: after the opening the price shows to whoever may read the bid (the buyer's
    # district, the city, the bidder its own), each read logged as on the bid's page.
    priced = set(
        restrict(Bid.objects.filter(procurement=procurement), user, "view_private").values_list(
            "pk", flat=True
        )
    )
    for bid in bids:
        if bid.pk in priced:
            audit.record_read(user, bid, ["price"], _("procurement page"))
    return {
        "bids": [(bid, bid.pk in priced) for bid in bids],
        "live_bids": len(live),
        "bid_opening": opening,
        "bid_acts": acts,
    }


class SubmitBidView(RecordActionView):
    model = Procurement
    action = "view"
    form_class = BidForm
    template_name = "procurement/bid_form.html"
    title = gettext_lazy("Submit a bid")
    submit_label = gettext_lazy("Submit the bid")
    success_message = gettext_lazy("Bid submitted: %(name)s")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_any(request.user, "add", Bid):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        organisations = _administered(self.request.user)
        people = Person.objects.filter(employments__post__organisation__in=organisations).distinct()
        return {**super().get_form_kwargs(), "organisations": organisations, "people": people}

    def notes(self):
        return _closing_note(self.object)

    def perform(self, form):
        data = form.cleaned_data
        bid = services.submit_bid(
            self.request.user,
            self.object,
            data["organisation"],
            data["price"],
            data["proposal"],
            list(data["staff"]),
        )
        return bid


class ReplaceBidView(RecordActionView):
    model = Bid
    form_class = BidForm
    template_name = "procurement/bid_form.html"
    title = gettext_lazy("Replace the bid")
    submit_label = gettext_lazy("Replace the bid")
    success_message = gettext_lazy("Bid replaced: %(name)s")

    def get_form_kwargs(self):
        people = Person.objects.filter(
            employments__post__organisation=self.object.organisation
        ).distinct()
        return {**super().get_form_kwargs(), "people": people, "replacing": True}

    def notes(self):
        return _closing_note(self.object.procurement)

    def perform(self, form):
        data = form.cleaned_data
        return services.replace_bid(
            self.request.user, self.object, data["price"], data["proposal"], list(data["staff"])
        )


class WithdrawBidView(RecordActionView):
    model = Bid
    action = "withdraw"
    form_class = ReasonForm
    title = gettext_lazy("Withdraw the bid")
    submit_label = gettext_lazy("Withdraw the bid")
    success_message = gettext_lazy("Bid withdrawn: %(name)s")

    def perform(self, form):
        return services.withdraw_bid(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


class OpenBidsView(RecordActionView):
    model = Procurement
    form_class = ReasonForm
    title = gettext_lazy("Open bids")
    submit_label = gettext_lazy("Open bids")
    success_message = gettext_lazy("Bids opened: %(name)s")

    def notes(self):
        return [
            _(
                "Each bid is checked for eligibility again; an open tender with fewer than the "
                "required valid bids fails."
            )
        ]

    def perform(self, form):
        opening = services.open_bids(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )
        return opening.procurement


class BidDetailView(RecordDetailView):
    template_name = "procurement/bid_detail.html"
    detail_fields = (
        "procurement",
        "organisation",
        "status",
        "submitted_at",
        "price",
        "proposal",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        bid, user = self.object, self.request.user
        readable = can(user, "view_private", bid)
        live = bid.status != BidStatus.WITHDRAWN and bid.procurement.status == S.PUBLISHED
        ctx.update(
            sealed=not readable,
            staff=bid.staff.all() if readable else None,
            can_replace=live and can(user, "change", bid),
            can_withdraw=live and can(user, "withdraw", bid),
            can_change=False,
        )
        return ctx


@login_required
def download_proposal(request, pk):
    """A bid's proposal: only once the bids are opened, for whoever may read the bid."""
    bid = get_restricted_or_404(Bid, request.user, "view_private", pk)
    try:
        handle = bid.proposal.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(bid.proposal.name).name)
