"""Every write of the bids and their opening (FIN-3): each function takes the acting user and
a reason, runs in one transaction and leaves audit records (``core.services``,
``core.workflow``).

=================== ======================================================================
function            rule
=================== ======================================================================
``submit_bid``      a published procurement, before ``rules.bids_close_at``; staff of the
                    bidder; eligibility (``eligibility.problems``) recorded on the bid
``replace_bid``     the same, on the bidder's own bid, before the deadline
``withdraw_bid``    before the deadline
``open_bids``       the buyer's officer, at or after ``rules.bids_close_at``; eligibility
                    again; an open tender with fewer than ``rules.open_tender_outcome``
                    valid bids fails (published → bids closed → failed)
=================== ======================================================================

The acts take a moment ``at`` (now on the pages and the API; another for demo data and
tests). The content of a bid is sealed until ``open_bids`` (``models.bids``).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.permissions import can, grants_of
from shegong.core.roles import Role
from shegong.core.services import create_record, update_record

from .. import rules
from ..choices import BidStatus, ProcurementMethod, ProcurementStatus
from ..models import Bid, BidOpening, Procurement
from . import eligibility

S = ProcurementStatus


def _closing(procurement: Procurement) -> datetime:
    if procurement.bid_deadline is None or procurement.opening_time is None:
        raise ValidationError(_("The procurement has no bid deadline and opening time."))
    return rules.bids_close_at(procurement.bid_deadline, procurement.opening_time)


def _require_open(procurement: Procurement, at: datetime) -> None:
    """Bids are received on a published procurement (not a single source) until its close."""
    if procurement.is_single_source:
        raise ValidationError(_("A single source receives no bids."))
    workflow.require(procurement, _("bid on"), {S.PUBLISHED})
    closing = _closing(procurement)
    if at >= closing:
        raise ValidationError(
            _("Bids closed at %(closing)s; nothing can be submitted, replaced or withdrawn.")
            % {"closing": timezone.localtime(closing).strftime("%Y-%m-%d %H:%M")}
        )


def _check_content(organisation, price, proposal, staff, on) -> None:
    errors = {}
    if price is None:
        errors["price"] = _("Give the price.")
    elif price <= 0:
        errors["price"] = _("The price must be more than 0 yuan.")
    if not proposal:
        errors["proposal"] = _("Attach the proposal.")
    employed = set(eligibility.current_staff(organisation, on).values_list("person_id", flat=True))
    strangers = [str(p) for p in staff if p.pk not in employed]
    if strangers:
        errors["staff"] = _("Not on the organisation's posts: %(names)s.") % {
            "names": ", ".join(strangers)
        }
    if errors:
        raise ValidationError(errors)


def _eligibility(procurement, organisation, on) -> dict:
    organisation = type(organisation).objects.get(pk=organisation.pk)  # as stored now
    found = eligibility.problems(procurement, organisation, on)
    return {"problems": "\n".join(found), "status": BidStatus.INVALID if found else None}


def _require_bidder(actor, organisation) -> None:
    """Only the organisation's administrator bids for it (checked again on the new row)."""
    if actor is None:
        return
    if not any(
        g.role == Role.ORG_ADMIN and g.organisation_id == organisation.pk for g in grants_of(actor)
    ):
        raise PermissionDenied(_("Only the organisation's administrator may bid for it."))


@transaction.atomic
def submit_bid(
    actor,
    procurement: Procurement,
    organisation,
    price,
    proposal,
    staff=(),
    at: datetime | None = None,
    reason: str = "",
) -> Bid:
    """FIN-3: ``organisation``'s administrator submits its bid before the close; an ineligible
    bid is kept and marked invalid with its reasons (``eligibility.problems``)."""
    at = at or timezone.now()
    on = timezone.localdate(at)
    _require_bidder(actor, organisation)
    _require_open(procurement, at)
    _check_content(organisation, price, proposal, staff, on)
    if (
        Bid.objects.filter(procurement=procurement, organisation=organisation)
        .exclude(status=BidStatus.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(_("The organisation has already bid; replace its bid."))
    checked = _eligibility(procurement, organisation, on)
    return create_record(
        actor,
        Bid,
        {
            "procurement": procurement,
            "organisation": organisation,
            "price": price,
            "proposal": proposal,
            "submitted_at": at,
            "problems": checked["problems"],
            "status": checked["status"] or BidStatus.SUBMITTED,
        },
        reason or _("Bid submitted"),
        m2m={"staff": list(staff)},
    )


def _require_own_live(actor, bid: Bid, action: str) -> None:
    if bid.status == BidStatus.WITHDRAWN:
        raise ValidationError(_("The bid was withdrawn."))
    if actor is not None and not can(actor, action, bid):
        raise PermissionDenied(_("Only the bidder's administrator may change its bid."))


@transaction.atomic
def replace_bid(
    actor, bid: Bid, price, proposal, staff=(), at: datetime | None = None, reason: str = ""
) -> Bid:
    """FIN-3: the bidder replaces its bid's content before the close (eligibility again)."""
    at = at or timezone.now()
    on = timezone.localdate(at)
    _require_own_live(actor, bid, "change")
    _require_open(bid.procurement, at)
    proposal = proposal or bid.proposal
    _check_content(bid.organisation, price, proposal, staff, on)
    checked = _eligibility(bid.procurement, bid.organisation, on)
    return update_record(
        actor,
        bid,
        {
            "price": price,
            "proposal": proposal,
            "submitted_at": at,
            "problems": checked["problems"],
            "status": checked["status"] or BidStatus.SUBMITTED,
        },
        reason or _("Bid replaced"),
        m2m={"staff": list(staff)},
    )


@transaction.atomic
def withdraw_bid(actor, bid: Bid, at: datetime | None = None, reason: str = "") -> Bid:
    """FIN-3: the bidder withdraws its bid before the close."""
    at = at or timezone.now()
    _require_own_live(actor, bid, "withdraw")
    _require_open(bid.procurement, at)
    return update_record(
        actor,
        bid,
        {"status": BidStatus.WITHDRAWN},
        reason or _("Bid withdrawn"),
        permission="withdraw",
    )


@transaction.atomic
def open_bids(actor, procurement: Procurement, at: datetime | None = None, reason: str = ""):
    """FIN-3: the buyer's officer opens the bids at or after the close (a recorded, audited
    act: ``BidOpening``); each live bid is checked again (``eligibility.problems``) and marked
    valid or invalid; an open tender with fewer than ``rules.open_tender_outcome`` valid bids
    fails. From then the bids' content is readable (``models.bids.OPENED``)."""
    at = at or timezone.now()
    if actor is not None and not can(actor, "change", procurement):
        raise PermissionDenied(_("Only the buyer's officers open the bids."))
    if procurement.is_single_source:
        raise ValidationError(_("A single source receives no bids."))
    workflow.require(procurement, _("opened"), {S.PUBLISHED})
    closing = _closing(procurement)
    if at < closing:
        raise ValidationError(
            _("The bids can be opened from %(closing)s.")
            % {"closing": timezone.localtime(closing).strftime("%Y-%m-%d %H:%M")}
        )
    on = timezone.localdate(at)
    valid = invalid = 0
    live = Bid.objects.filter(procurement=procurement).exclude(status=BidStatus.WITHDRAWN)
    for bid in live.select_related("organisation"):
        found = eligibility.problems(procurement, bid.organisation, on)
        status = BidStatus.INVALID if found else BidStatus.VALID
        valid, invalid = valid + (not found), invalid + bool(found)
        update_record(
            actor,
            bid,
            {"status": status, "problems": "\n".join(found)},
            _("Checked at the opening"),
            permission=None,
        )
    procurement = workflow.take(
        actor,
        procurement,
        "close_bids",
        reason=reason,
        default_reason=_("Bids opened"),
        consequence=True,
    )
    outcome, failed = "", False
    if procurement.method == ProcurementMethod.OPEN_TENDER:
        result = rules.open_tender_outcome(valid, procurement.bid_deadline)
        if not result.proceeds:
            failed = True
            outcome = _("The open tender failed: %(valid)d valid bids, fewer than %(least)d.") % {
                "valid": valid,
                "least": result.least,
            }
            procurement = workflow.take(
                actor, procurement, "fail", reason=outcome, consequence=True
            )
    user = actor if getattr(actor, "is_authenticated", False) else None
    return create_record(
        actor,
        BidOpening,
        {
            "procurement": procurement,
            "opened_at": at,
            "opened_by": user,
            "valid_bids": valid,
            "invalid_bids": invalid,
            "failed": failed,
            "outcome": outcome,
        },
        reason or _("Bids opened"),
    )
