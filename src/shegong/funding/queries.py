"""FIN-2: the balances of budget lines, as sums the database computes over the ledger (never a
loop in Python).

- allocated: money put on the line (allocations, including city subsidies received);
- transferred: money that left a city line as subsidies to districts;
- committed: commitments still open (committed, less released, less paid);
- paid: payments;
- available: allocated − transferred − committed − paid, what may still be committed.

Payments consume their commitment, so a payment moves money from "committed" to "paid" and
leaves "available" as it was; a release moves it from "committed" back to "available".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from shegong.core import parameters

from .choices import Movement, PurchaseMode
from .models import BudgetLine, CatalogueItem, LedgerEntry
from .parameters import POST_PRICE

ZERO = Decimal("0.00")
#: One fen.
FEN = Decimal("0.01")
#: The names of a balance, in the order they are shown.
NAMES = ("allocated", "transferred", "committed", "paid", "available")


def _money(expression):
    return Coalesce(
        expression,
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _sums(prefix: str) -> dict:
    """The sum of each kind of movement, over the entries at ``prefix`` ("" or "entries__")."""

    def total(kind):
        return _money(Sum(f"{prefix}amount", filter=Q(**{f"{prefix}kind": kind})))

    return {
        "allocated": total(Movement.ALLOCATION),
        "transferred": total(Movement.TRANSFER_OUT),
        "_commitments": total(Movement.COMMITMENT),
        "_released": total(Movement.RELEASE),
        "paid": total(Movement.PAYMENT),
    }


def _derived() -> dict:
    money = DecimalField(max_digits=14, decimal_places=2)
    return {
        "committed": (F("_commitments") - F("_released") - F("paid")),
        "available": (F("allocated") - F("transferred") - F("_commitments") + F("_released")),
        "_field": money,
    }


def with_balances(lines: QuerySet) -> QuerySet:
    """``lines`` annotated with ``allocated``, ``transferred``, ``committed``, ``paid`` and
    ``available`` (one query, grouped by line; in the model's order unless ``lines`` has
    one of its own, since a grouped query drops ``Meta.ordering``)."""
    derived = _derived()
    money = derived.pop("_field")
    annotated = lines.annotate(**_sums("entries__")).annotate(
        **{name: ExpressionWrapper(e, output_field=money) for name, e in derived.items()}
    )
    if not lines.query.order_by:
        annotated = annotated.order_by(*BudgetLine._meta.ordering, "pk")
    return annotated


def of_entries(entries: QuerySet) -> dict[str, Decimal]:
    """The balances of a set of ledger entries (one line's, a year's, a district's), as one
    aggregate query."""
    sums = entries.aggregate(**_sums(""))
    commitments, released = sums.pop("_commitments"), sums.pop("_released")
    sums["committed"] = commitments - released - sums["paid"]
    sums["available"] = sums["allocated"] - sums["transferred"] - commitments + released
    return {name: Decimal(sums[name]).quantize(FEN) for name in NAMES}


def of_line(line: BudgetLine) -> dict[str, Decimal]:
    """FIN-2: one line's balances (read again inside a locked transaction by the services)."""
    return of_entries(LedgerEntry.objects.filter(line_id=line.pk))


def open_amount(commitment: LedgerEntry) -> Decimal:
    """FIN-2: what is left of a commitment: its amount less what was released and paid
    against it (one aggregate query)."""
    settled = commitment.settlements.aggregate(total=_money(Sum("amount")))["total"]
    return (commitment.amount - settled).quantize(FEN)


def summary(lines: QuerySet) -> list[dict]:
    """The money of ``lines`` by payer and year (the list page's summary): one grouped query."""
    derived = _derived()
    money = derived.pop("_field")
    rows = (
        lines.order_by()
        .values("year", "payer__name")
        .annotate(**_sums("entries__"))
        .annotate(**{name: ExpressionWrapper(e, output_field=money) for name, e in derived.items()})
        .order_by("-year", "payer__name")
    )
    return [
        {
            "year": r["year"],
            "payer": r["payer__name"],
            **{n: Decimal(r[n]).quantize(FEN) for n in NAMES},
        }
        for r in rows
    ]


def reference_price(item: CatalogueItem, posts: int = 1, on: date | None = None):
    """FIN-1: the yearly reference price of ``posts`` posts of a post-based catalogue item:
    ``posts × funding.post_price.<level>`` in force on ``on``, with the parameter row applied;
    ``(None, None)`` for a project (its price is set per tender)."""
    if item.mode != PurchaseMode.POST or not item.level:
        return None, None
    rule = parameters.get(POST_PRICE[item.level], on=on)
    return (Decimal(str(rule.value)) * posts).quantize(FEN), rule


def grouped(entries: QuerySet, *fields: str) -> dict[tuple, dict[str, Decimal]]:
    """FIN-2: the balances of ``entries`` grouped by ``fields`` (e.g. ``line__source``), as
    ``{(value, …): balances}``: one grouped query, the dashboards' sums (issue 14)."""
    derived = _derived()
    money = derived.pop("_field")
    rows = (
        entries.order_by()
        .values(*fields)
        .annotate(**_sums(""))
        .annotate(**{name: ExpressionWrapper(e, output_field=money) for name, e in derived.items()})
    )
    return {
        tuple(r[f] for f in fields): {n: Decimal(r[n]).quantize(FEN) for n in NAMES} for r in rows
    }
