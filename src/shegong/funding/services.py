"""Every write of the funding app (FIN-1, FIN-2, FIN-4): budget lines, and the movements of
the ledger. Each takes the acting user and a reason, runs in one transaction, checks
permissions and writes the audit record (through ``core.services``).

The procurement app calls :func:`commit`, :func:`release` and :func:`pay` for its contracts.
A movement that would spend more than is left is refused: the line's row is locked first
(``select_for_update``), so two commitments at the same moment cannot both pass on the same
money."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.areas.models import Area
from shegong.core import money as money_format
from shegong.core import parameters, services

from . import queries
from .choices import FundingSource, Movement, Purpose
from .models import FEN, BudgetLine, LedgerEntry
from .parameters import CITY_SUBSIDY_PERCENT

#: Fields of a line that cannot change once money moved on it (FIN-2: the ledger stays true).
FIXED_ONCE_USED = ("year", "payer", "source")


def money(value, field: str = "amount") -> Decimal:
    """An amount of money in yuan: above zero, at most two decimals (fen)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or not amount.is_finite() or amount < FEN or amount != amount.quantize(FEN):
        raise ValidationError(
            {field: _("An amount is in yuan, above zero, with at most two decimals (fen).")}
        )
    return amount


def _reason(reason: str) -> str:
    """FIN-2: every movement has its reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for this movement of money.")})
    return reason.strip()


def _yuan(amount: Decimal) -> str:
    return money_format.grouped(amount)


# --- Budget lines ----------------------------------------------------------------------------


def create_budget_line(actor, model, data: dict, reason: str = "", m2m=None, **kwargs):
    """FIN-2: a new budget line (with no money yet: money comes by :func:`allocate`). A city
    special subsidy line is opened only by :func:`transfer_city_subsidy`."""
    if data.get("source") == FundingSource.CITY_SUBSIDY:
        raise ValidationError(
            {"source": _("A city special subsidy line is opened by a transfer from a city line.")}
        )
    return services.create_record(actor, BudgetLine, data, reason, m2m=m2m, **kwargs)


def update_budget_line(actor, line, data: dict, reason: str = "", **kwargs):
    """FIN-2: a line's year, payer and source stay as they are once money moved on it; a line
    does not become, or stop being, a city special subsidy line."""
    current = {name: getattr(line, f"{name}_id" if name == "payer" else name) for name in data}
    changed = {
        name
        for name, value in data.items()
        if name in FIXED_ONCE_USED and current[name] != getattr(value, "pk", value)
    }
    if changed and LedgerEntry.objects.filter(line_id=line.pk).exists():
        raise ValidationError(
            {
                name: _("Money has moved on this line: its year, payer and source stay.")
                for name in changed
            }
        )
    if "source" in changed and FundingSource.CITY_SUBSIDY in (line.source, data["source"]):
        raise ValidationError(
            {"source": _("A city special subsidy line is opened by a transfer from a city line.")}
        )
    return services.update_record(actor, line, data, reason, **kwargs)


# --- The ledger ------------------------------------------------------------------------------


def _locked(actor, line: BudgetLine) -> BudgetLine:
    """The line, read again and locked until the transaction ends; the actor must be allowed
    to change it (a district officer their district's lines, city roles every line)."""
    locked = services.locked(line, "payer")
    services.ensure_allowed(actor, "change", locked)
    return locked


def _book(actor, line, kind, amount, reason, on=None, **fields) -> LedgerEntry:
    data = {
        "line": line,
        "kind": kind,
        "amount": amount,
        "reason": reason,
        "booked_on": on or timezone.localdate(),
        **fields,
    }
    return services.create_record(actor, LedgerEntry, data, reason)


def _source_fields(source, reference: str) -> dict:
    if source is None:
        return {"reference": reference or ""}
    return {
        "source_model": source._meta.label_lower,
        "source_id": source.pk,
        "reference": reference or str(source)[:100],
    }


@transaction.atomic
def allocate(line: BudgetLine, amount, *, actor, reason: str, on: date | None = None):
    """FIN-2: put money on a line (the payer's budget decision). A city special subsidy line
    receives money only by a transfer from the city."""
    amount, reason = money(amount), _reason(reason)
    line = _locked(actor, line)
    if line.source == FundingSource.CITY_SUBSIDY:
        raise ValidationError(
            _("A city special subsidy line receives money only by a transfer from a city line.")
        )
    return _book(actor, line, Movement.ALLOCATION, amount, reason, on)


def _refuse_beyond(amount: Decimal, left: Decimal, message: str, **names) -> None:
    if amount > left:
        raise ValidationError(
            {"amount": message % {"amount": _yuan(amount), "left": _yuan(left), **names}}
        )


@transaction.atomic
def commit(
    line: BudgetLine,
    amount,
    *,
    actor,
    reason: str,
    source=None,
    reference: str = "",
    on: date | None = None,
) -> LedgerEntry:
    """FIN-2: reserve money on a line for a contract (``source``, the contract record, and/or
    ``reference``, its number). Refused beyond what the line has available; exactly what is
    left passes."""
    amount, reason = money(amount), _reason(reason)
    line = _locked(actor, line)
    left = queries.of_line(line)["available"]
    _refuse_beyond(
        amount,
        left,
        _(
            "%(amount)s yuan is more than the %(left)s yuan still available on the budget line "
            "%(line)s."
        ),
        line=line,
    )
    fields = _source_fields(source, reference)
    return _book(actor, line, Movement.COMMITMENT, amount, reason, on, **fields)


def _settle(commitment, amount, kind, *, actor, reason, on, fields, message):
    if commitment.kind != Movement.COMMITMENT:
        raise ValidationError({"commitment": _("This ledger entry is not a commitment.")})
    line = _locked(actor, commitment.line)
    left = queries.open_amount(commitment)
    if amount is None:
        amount = left
        if amount <= 0:
            raise ValidationError({"amount": _("Nothing is left of this commitment.")})
    _refuse_beyond(amount, left, message, commitment=commitment)
    return _book(actor, line, kind, amount, reason, on, commitment=commitment, **fields)


@transaction.atomic
def release(
    commitment: LedgerEntry, amount=None, *, actor, reason: str, on: date | None = None
) -> LedgerEntry:
    """FIN-2: give (part of) a commitment back to its line (``amount`` empty: all that is left
    of it). Refused beyond what is left of the commitment."""
    amount = None if amount is None else money(amount)
    return _settle(
        commitment,
        amount,
        Movement.RELEASE,
        actor=actor,
        reason=_reason(reason),
        on=on,
        fields={"reference": commitment.reference},
        message=_(
            "%(amount)s yuan is more than the %(left)s yuan left of the commitment %(commitment)s."
        ),
    )


@transaction.atomic
def pay(
    commitment: LedgerEntry,
    amount,
    *,
    actor,
    reason: str,
    source=None,
    reference: str = "",
    on: date | None = None,
) -> LedgerEntry:
    """FIN-2: pay money against a commitment, which it consumes. Refused beyond what is left of
    the commitment; exactly what is left passes."""
    amount, reason = money(amount), _reason(reason)
    fields = _source_fields(source, reference or commitment.reference)
    if source is None and commitment.source_model:
        fields.update(source_model=commitment.source_model, source_id=commitment.source_id)
    return _settle(
        commitment,
        amount,
        Movement.PAYMENT,
        actor=actor,
        reason=reason,
        on=on,
        fields=fields,
        message=_(
            "%(amount)s yuan is more than the %(left)s yuan left of the commitment %(commitment)s."
        ),
    )


# --- The city special subsidy (FIN-2) ---------------------------------------------------------


def subsidy_amount(newly_added: Decimal, on: date) -> tuple[Decimal, object]:
    """FIN-2 (clause 17): the city's special subsidy for a district's newly added purchases:
    ``newly_added × funding.city_subsidy_percent / 100`` in force on ``on``, rounded to the
    fen (half up). Returns the amount and the parameter row applied."""
    rule = parameters.get(CITY_SUBSIDY_PERCENT, on=on)
    percent = Decimal(str(rule.value))
    amount = (newly_added * percent / 100).quantize(FEN, rounding=ROUND_HALF_UP)
    return amount, rule


@transaction.atomic
def transfer_city_subsidy(
    city_line: BudgetLine,
    district: Area,
    newly_added,
    *,
    actor,
    reason: str,
    on: date | None = None,
) -> tuple[LedgerEntry, LedgerEntry]:
    """FIN-2: move the city's special subsidy for ``district``'s newly added purchases from a
    city line to the district's line of source "city special subsidy" for the same year
    (opened when it does not exist). Two entries: a transfer out on the city line and an
    allocation on the district's line, each pointing at the rule applied; refused beyond what
    the city line has available."""
    on = on or timezone.localdate()
    newly_added, reason = money(newly_added, "newly_added"), _reason(reason)
    city_line = _locked(actor, city_line)
    if city_line.payer.level != "city" or city_line.purpose != Purpose.PURCHASE:
        raise ValidationError(
            {"city_line": _("A city special subsidy comes from a city line for purchases.")}
        )
    if district.level != "district":
        raise ValidationError({"district": _("A city special subsidy goes to a district.")})
    amount, rule = subsidy_amount(newly_added, on)
    if amount < FEN:
        raise ValidationError({"newly_added": _("The subsidy would be less than one fen.")})
    _refuse_beyond(
        amount,
        queries.of_line(city_line)["available"],
        _(
            "The subsidy of %(amount)s yuan is more than the %(left)s yuan still available on "
            "the budget line %(line)s."
        ),
        line=city_line,
    )
    district_line = (
        BudgetLine.objects.select_for_update()
        .filter(
            year=city_line.year,
            payer=district,
            source=FundingSource.CITY_SUBSIDY,
            purpose=Purpose.PURCHASE,
        )
        .order_by("pk")
        .first()
    )
    if district_line is None:
        district_line = services.create_record(
            actor,
            BudgetLine,
            {
                "year": city_line.year,
                "payer": district,
                "source": FundingSource.CITY_SUBSIDY,
                "purpose": Purpose.PURCHASE,
                "name": _("City special subsidy to %(district)s") % {"district": district.name},
            },
            reason,
        )
    else:
        services.ensure_allowed(actor, "change", district_line)
    basis = {"newly_added": newly_added, "rule": rule}
    out = _book(actor, city_line, Movement.TRANSFER_OUT, amount, reason, on, **basis)
    received = _book(
        actor, district_line, Movement.ALLOCATION, amount, reason, on, counterpart=out, **basis
    )
    return out, received
