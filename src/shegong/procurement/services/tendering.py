"""Every write of the procurement module (FIN-3, GOV-1): each function takes the acting user
and a reason, runs in one transaction and leaves audit records (through ``core.services`` and
``core.workflow``). Plans and their items are plain records (``core.services``); the rules of a
procurement are here and in ``rules.py``.

=============== =========== ========================== ===================================
from            to          function                   rule
=============== =========== ========================== ===================================
(none)          draft       ``create_procurement``     the buyer is the plan's district
draft           published   ``publish``                criteria add up to 100, price weight,
                                                       bid deadline (open tender: 20 days)
published       published   ``clarify``                a change close to the deadline moves it
published       awarded     ``award_single_source``    after the notice's 5 working days
draft/published cancelled   ``cancel``                 a reason
=============== =========== ========================== ===================================

The acts take a date ``on`` (the day they happen: today on the pages and the API; another day
only for demo data and tests).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.services import create_record, delete_record, update_record

from .. import rules
from ..choices import SCORED_METHODS, ProcurementMethod, ProcurementStatus
from ..models import Clarification, Criterion, Objection, Procurement, TenderDocument

S = ProcurementStatus


def _today() -> date:
    return timezone.localdate()


def _deadline_errors(
    method: str, published_on: date, deadline, opening_time, *, final: bool = True
) -> dict:
    """The bid deadline's problems for documents published on ``published_on`` (``final``:
    on publication, when the deadline and the opening time must be given)."""
    if method == ProcurementMethod.SINGLE_SOURCE:
        return {}
    errors = {}
    if deadline is None:
        if final:
            errors["bid_deadline"] = _("Give the bid deadline.")
    elif method == ProcurementMethod.OPEN_TENDER:
        problem = rules.deadline_problem(published_on, deadline)
        if problem:
            errors["bid_deadline"] = problem
    elif deadline <= published_on:
        errors["bid_deadline"] = _("The bid deadline must be after publication.")
    if opening_time is None and final:
        errors["opening_time"] = _("Give the opening time.")
    return errors


def _check_planned_deadline(data: dict, current=None, on: date | None = None) -> None:
    """A deadline entered on a draft is checked as if published on ``on`` (today): published
    later, it could only be too early again."""

    def value(name):
        return data[name] if name in data else getattr(current, name, None)

    deadline = value("bid_deadline")
    if deadline is None:
        return
    errors = _deadline_errors(
        value("method"), on or _today(), deadline, value("opening_time"), final=False
    )
    if errors:
        raise ValidationError(errors)


# --- Procurements -------------------------------------------------------------------------------


@transaction.atomic
def create_procurement(
    actor, model, data: dict, reason: str = "", m2m=None, on: date | None = None
) -> Procurement:
    """GOV-1: a procurement of a plan item; the buyer is the district of the item's plan (only
    its officers may create it: the permission is checked on the new row). ``on``: the day it
    is drafted (today; another day for demo data)."""
    data = dict(data)
    item = data.get("plan_item")
    if item is None:
        raise ValidationError({"plan_item": _("Choose the plan item to purchase.")})
    data["buyer"] = item.plan.area
    data.setdefault("method", item.method)
    data["status"] = S.DRAFT
    _check_planned_deadline(data, on=on)
    return create_record(actor, Procurement, data, reason or _("Procurement drafted"), m2m=m2m)


def _require_draft(procurement: Procurement, verb) -> None:
    workflow.require(procurement, verb, {S.DRAFT})


@transaction.atomic
def update_procurement(actor, procurement, data, reason="", expected_version=None, m2m=None):
    """A draft is edited freely; a published procurement changes only by clarifications."""
    _require_draft(procurement, _("edited"))
    data = dict(data)
    if "plan_item" in data and data["plan_item"] != procurement.plan_item:
        data["buyer"] = data["plan_item"].plan.area
    _check_planned_deadline(data, procurement)
    return update_record(actor, procurement, data, reason, expected_version, m2m)


def publish_problems(procurement: Procurement, on: date) -> dict:
    """FIN-3: what keeps ``procurement`` from being published on ``on``: the bid deadline
    (``rules.deadline_problem``), and for a scored method the criteria (weights adding up to
    100, one price criterion weighing at least ``rules.minimum_price_weight``)."""
    errors = _deadline_errors(
        procurement.method, on, procurement.bid_deadline, procurement.opening_time
    )
    if procurement.method in SCORED_METHODS:
        criteria = list(procurement.criteria.all())
        total = sum((c.weight for c in criteria), Decimal("0"))
        price = [c for c in criteria if c.is_price]
        if total != Decimal("100"):
            errors[None] = [
                _("The criteria's weights add up to %(total)s %%, not 100 %%.")
                % {"total": f"{total:g}"}
            ]
        if not price:
            errors.setdefault(None, []).append(_("The criteria need a price criterion."))
        else:
            problem = rules.price_weight_problem(price[0].weight, on)
            if problem:
                errors.setdefault(None, []).append(problem)
    return errors


@transaction.atomic
def publish(actor, procurement: Procurement, on: date | None = None, reason: str = ""):
    """draft → published on ``on`` (today): the tender documents, or a single source's notice,
    are public from that day (FIN-3); refused with every problem of ``publish_problems``."""
    on = on or _today()
    workflow.check(actor, procurement, "publish")
    errors = publish_problems(procurement, on)
    if errors:
        raise ValidationError({k or "__all__": v for k, v in errors.items()})
    return workflow.take(
        actor,
        procurement,
        "publish",
        reason=reason,
        changes={"published_on": on},
        default_reason=_("Published"),
    )


@transaction.atomic
def clarify(
    actor,
    procurement: Procurement,
    text: str,
    changes_documents: bool = False,
    on: date | None = None,
    reason: str = "",
) -> Clarification:
    """FIN-3 (MoF Order 87 art. 27): a clarification of published documents on ``on``; one that
    changes them less than 15 days before the bid deadline moves the deadline
    (``rules.deadline_after_clarification``), and the clarification records the move."""
    on = on or _today()
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the clarification.")})
    workflow.check(actor, procurement, "clarify")
    before = procurement.bid_deadline
    if before is not None and on >= before:
        raise ValidationError(
            _("Bids closed on %(deadline)s; the documents can no longer be clarified.")
            % {"deadline": before.isoformat()}
        )
    after = before
    if changes_documents and before is not None:
        after = rules.deadline_after_clarification(before, on)
    changes = {"bid_deadline": after} if after != before else {}
    default = (
        _("Clarified; the bid deadline moved from %(before)s to %(after)s")
        % {"before": before.isoformat(), "after": after.isoformat()}
        if changes
        else _("Clarified")
    )
    workflow.take(
        actor, procurement, "clarify", reason=reason, changes=changes, default_reason=default
    )
    return create_record(
        actor,
        Clarification,
        {
            "procurement": procurement,
            "made_on": on,
            "text": text,
            "changes_documents": changes_documents,
            "deadline_before": before,
            "deadline_after": after,
        },
        reason or default,
    )


@transaction.atomic
def lodge_objection(
    actor, procurement: Procurement, organisation, text: str, on: date | None = None, reason=""
) -> Objection:
    """FIN-3 (Implementing Regulations art. 38): an objection to a published single-source
    notice, from its publication to the end of its working days
    (``rules.objection_window_end``)."""
    on = on or _today()
    if not procurement.is_single_source:
        raise ValidationError(_("Only a single-source notice is open to objections."))
    workflow.require(procurement, _("objected to"), {S.PUBLISHED})
    end = rules.objection_window_end(procurement.published_on)
    if not procurement.published_on <= on <= end:
        raise ValidationError(
            _("The notice was open to objections from %(start)s to %(end)s.")
            % {"start": procurement.published_on.isoformat(), "end": end.isoformat()}
        )
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the objection.")})
    return create_record(
        actor,
        Objection,
        {"procurement": procurement, "organisation": organisation, "lodged_on": on, "text": text},
        reason or _("Objection lodged"),
    )


@transaction.atomic
def award_single_source(actor, procurement: Procurement, on: date | None = None, reason=""):
    """FIN-3 (Implementing Regulations art. 38): a single source is awarded only after its
    notice's working days have ended (``rules.objection_window_end``)."""
    on = on or _today()
    workflow.check(actor, procurement, "award_single_source")
    end = rules.objection_window_end(procurement.published_on)
    if on <= end:
        raise ValidationError(
            _(
                "The single-source notice is open to objections until %(end)s; the award can "
                "be made from the next day."
            )
            % {"end": end.isoformat()}
        )
    return workflow.take(
        actor,
        procurement,
        "award_single_source",
        reason=reason,
        changes={"awarded_on": on},
        default_reason=_("Awarded to the single source"),
    )


def cancel(actor, procurement: Procurement, reason: str = ""):
    return workflow.take(actor, procurement, "cancel", reason=reason)


# --- Criteria and documents ------------------------------------------------------------------


@transaction.atomic
def create_criterion(actor, model, data: dict, reason: str = "", m2m=None) -> Criterion:
    """FIN-3: criteria are set while the procurement is a draft; a price criterion weighs at
    least the minimum (``rules.price_weight_problem``, as of today)."""
    procurement = data.get("procurement")
    if procurement is None:
        raise ValidationError({"procurement": _("Choose the procurement.")})
    _require_draft(procurement, _("given criteria"))
    _check_price(data)
    return create_record(actor, Criterion, data, reason, m2m=m2m)


def _check_price(data: dict, current: Criterion | None = None) -> None:
    is_price = data.get("is_price", getattr(current, "is_price", False))
    weight = data.get("weight", getattr(current, "weight", None))
    if is_price and weight is not None:
        problem = rules.price_weight_problem(weight, _today())
        if problem:
            raise ValidationError({"weight": problem})


@transaction.atomic
def update_criterion(actor, criterion, data, reason="", expected_version=None, m2m=None):
    _require_draft(criterion.procurement, _("given criteria"))
    _check_price(data, criterion)
    return update_record(actor, criterion, data, reason, expected_version, m2m)


@transaction.atomic
def delete_criterion(actor, criterion, reason: str = ""):
    _require_draft(criterion.procurement, _("given criteria"))
    return delete_record(actor, criterion, reason)


@transaction.atomic
def add_document(actor, model, data: dict, reason: str = "", m2m=None) -> TenderDocument:
    """Documents are added to a draft; once published, a change is made by a clarification."""
    procurement = data.get("procurement")
    if procurement is None:
        raise ValidationError({"procurement": _("Choose the procurement.")})
    _require_draft(procurement, _("given documents"))
    return create_record(actor, TenderDocument, data, reason, m2m=m2m)
