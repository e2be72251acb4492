"""The purchased-services dashboard (issue 14, point 9; FIN-2, FIN-4, GOV-1): for the city or
one district and a year, the money planned, allocated, committed and paid by funding source and
by service field, the posts bought against the posts held by credentialed staff, the
procurements by status and the overdue steps. Each figure is a link to the list of the records
behind it (the same filters), and each table is an XLSX download (``exports.money_table``).

Every figure is a sum or count the database computes (grouped queries, no loop over records)
over the records the viewer may see (``restrict(…, own=False)``), inside the area:

- **by funding source** (FIN-2, FIN-4): the ledger of the budget lines of the year whose payer
  is the area or lies in it (``funding.queries.grouped``: allocated, committed still open,
  paid, available). The plan's estimated values are not split by source (a plan item may be
  funded by several lines): they are in the table by service field;
- **by service field** (FIN-1, GOV-1): planned = the estimated values of the items of the
  year's purchase plans of the area's districts; committed = the commitments still open for
  the contracts of those items; paid = the payments of those contracts. A contract of a plan
  item of the year is funded only by budget lines of that year (``rules.budget_line_problem``),
  so these are the same sums as the ledger's of the year's lines (the table by source), without
  reading the ledger's 60,000 payment entries again;
- **posts** (FIN-6, POST-3): the posts funded by contracts in force on the day, those held, and
  those held by a credentialed holder (``workforce.compliance.credentialed``, the rule of the
  compliance dashboard);
- **procurements by status** (GOV-1): the procurements of the year's plan items;
- **overdue steps**: ``procurement.overdue`` (one function a step), counted today over every
  procurement or instalment of the area, whatever its year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.areas.models import Area
from shegong.core.money import grouped
from shegong.core.permissions import holds, restrict
from shegong.funding import queries
from shegong.funding.choices import FundingSource, Movement
from shegong.funding.models import MONEY_KEEPERS, LedgerEntry
from shegong.organisations.models import ServiceField
from shegong.procurement import overdue
from shegong.procurement.choices import ContractStatus, ProcurementStatus
from shegong.procurement.models import Contract, ContractLine, Payment, PlanItem, Procurement
from shegong.workforce import compliance
from shegong.workforce.models import Employment, Post

ZERO = Decimal("0.00")
MONEY, COUNT, PERCENT = "money", "count", "percent"


def may_view(user) -> bool:
    """Who sees the dashboard: the officials who keep the money (``funding.MONEY_KEEPERS``)
    through an area grant: a district's officers their district, the city's every district."""
    return holds(user, MONEY_KEEPERS, area=True)


@dataclass
class Scope:
    """The viewer, the area (the city or a district), the year, the day the posts are counted
    on (the year's last day, or today in the current year) and today (overdue steps)."""

    user: object
    area: Area
    year: int
    today: date = field(default_factory=timezone.localdate)

    @property
    def on(self) -> date:
        return min(date(self.year, 12, 31), self.today)

    @property
    def path(self) -> str:
        return self.area.path

    @property
    def district(self) -> Area | None:
        return self.area if self.area.level == "district" else None

    def within(self, lookup: str) -> Q:
        """Records whose district (``lookup``, a foreign key to an area) is in the area: an
        equality for a district (an index the database uses), a path prefix otherwise."""
        if self.district is not None:
            return Q(**{lookup: self.district})
        return Q(**{f"{lookup}__path__startswith": self.path})


@dataclass
class Cell:
    value: object
    kind: str = MONEY
    url: str = ""
    #: Shown as a warning (an overdue step that has records).
    alert: bool = False

    @property
    def shown(self) -> str:
        """Thousands separators and two decimals for money (both languages alike)."""
        if self.value is None:
            return "—"
        if self.kind == MONEY:
            return grouped(self.value)
        if self.kind == PERCENT:
            return f"{self.value:,.1f}"
        return f"{self.value:,}"


@dataclass
class Table:
    key: str
    title: object
    note: object
    requirement: str
    label: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    total: list[Cell] | None = None


def _link(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _field_names(keys) -> dict:
    """The service fields' names in the page's language (the English name in English, where
    the reference list has one)."""
    english = (translation.get_language() or "").startswith("en")
    rows = ServiceField.objects.filter(pk__in=[k for k in keys if k])
    return {
        pk: (name_en if english and name_en else name)
        for pk, name, name_en in rows.values_list("pk", "name", "name_en")
    }


def _sum(cells: list[list[Cell]], i: int, kind: str = MONEY) -> Cell:
    return Cell(sum((row[i].value or 0) for row in cells), kind)


# --- Money by funding source (FIN-2, FIN-4) ----------------------------------------------------

SOURCE_FIGURES = ("allocated", "committed", "paid", "available")


def by_source(scope: Scope) -> Table:
    entries = restrict(LedgerEntry.objects.all(), scope.user, "view", own=False).filter(
        line__year=scope.year, line__payer__path__startswith=scope.path
    )
    sums = queries.grouped(entries, "line__source")
    payer = scope.district.pk if scope.district else None
    kinds = {"allocated": Movement.ALLOCATION, "committed": Movement.COMMITMENT}
    kinds["paid"] = Movement.PAYMENT
    rows = []
    for source in FundingSource:
        found = sums.get((source.value,))
        if found is None:
            continue
        cells = []
        for name in SOURCE_FIGURES:
            params = {"year": scope.year, "source": source.value, "payer": payer}
            if name == "available":
                url = _link("funding:budgetline_list", **params)
            else:
                url = _link("funding:ledgerentry_list", kind=kinds[name], **params)
            cells.append(Cell(found[name], MONEY, url))
        rows.append((str(source.label), cells))
    total = [_sum([c for _label, c in rows], i) for i in range(len(SOURCE_FIGURES))]
    return Table(
        "by_source",
        gettext_lazy("Money by funding source"),
        gettext_lazy(
            "The ledger of the year's budget lines of the area: allocated, committed and not "
            "yet paid, paid, and still available. Planned values are by service field (a plan "
            "item may be funded by several sources)."
        ),
        "FIN-2, FIN-4",
        _("Funding source"),
        [_("Allocated"), _("Committed"), _("Paid"), _("Available")],
        rows,
        total if rows else None,
    )


# --- Money by service field (FIN-1, GOV-1) ----------------------------------------------------


def _by_field(scope: Scope) -> dict[int | None, dict[str, Decimal]]:
    found: dict[int | None, dict[str, Decimal]] = {}

    def merge(rows, key, name):
        for row in rows:
            found.setdefault(row[key], {})[name] = row[name] or ZERO

    planned = (
        restrict(PlanItem.objects.all(), scope.user, "view", own=False)
        .filter(scope.within("plan__area"), plan__year=scope.year)
        .values("field")
        .annotate(planned=Sum("estimated_value"))
        .order_by()
    )
    merge(planned, "field", "planned")
    paid = (
        restrict(Payment.objects.all(), scope.user, "view", own=False)
        .filter(
            scope.within("contract__buyer"), contract__procurement__plan_item__plan__year=scope.year
        )
        .values(FIELD)
        .annotate(paid=Sum("amount"))
        .order_by()
    )
    merge(paid, FIELD, "paid")
    # Committed and not yet paid: each funding line's open commitment (a contract line has one
    # open commitment: an amendment releases the old one in full, ``services.contracts``) less
    # what was released or paid against it, by the field of the contract's plan item.
    lines = (
        restrict(ContractLine.objects.all(), scope.user, "view", own=False)
        .filter(
            scope.within("contract__buyer"), contract__procurement__plan_item__plan__year=scope.year
        )
        .values(FIELD)
        .order_by()
    )
    for row in lines.annotate(reserved=Sum("commitment__amount")):
        found.setdefault(row[FIELD], {})["committed"] = row["reserved"] or ZERO
    for row in lines.annotate(settled=Sum("commitment__settlements__amount")):
        values = found.setdefault(row[FIELD], {})
        values["committed"] = values.get("committed", ZERO) - (row["settled"] or ZERO)
    return found


FIELD_FIGURES = ("planned", "committed", "paid")
#: The service field of a contract's plan item, from a contract line or a payment.
FIELD = "contract__procurement__plan_item__field"


def by_field(scope: Scope) -> Table:
    found = _by_field(scope)
    names = _field_names(found)
    buyer = scope.district.pk if scope.district else None
    rows = []
    for key in sorted(found, key=lambda k: (k is None, names.get(k, ""))):
        values = found[key]
        links = {
            "planned": _link(
                "procurement:planitem_list", year=scope.year, field=key, district=buyer
            ),
            "committed": _link(
                "procurement:contract_list", year=scope.year, field=key, buyer=buyer
            ),
            "paid": _link("procurement:payment_list", year=scope.year, field=key, buyer=buyer),
        }
        cells = [Cell(values.get(n, ZERO), MONEY, links[n]) for n in FIELD_FIGURES]
        rows.append((names.get(key, _("No service field")), cells))
    total = [_sum([c for _label, c in rows], i) for i in range(len(FIELD_FIGURES))]
    return Table(
        "by_field",
        gettext_lazy("Money by service field"),
        gettext_lazy(
            "Planned: the estimated values of the year's purchase plan items. Committed and "
            "paid: the contracts of the area's districts, on the budget lines of the year."
        ),
        "FIN-1, GOV-1",
        _("Service field"),
        [_("Planned"), _("Committed"), _("Paid")],
        rows,
        total if rows else None,
    )


# --- Posts bought and filled by credentialed staff (FIN-6, POST-3) ------------------------------


def posts(scope: Scope) -> Table:
    on = scope.on
    contracts = restrict(Contract.objects.all(), scope.user, "view", own=False).filter(
        scope.within("buyer"),
        status=ContractStatus.IN_FORCE,
        starts_on__lte=on,
        ends_on__gte=on,
    )
    funded = Contract.posts.through.objects.filter(post=OuterRef("pk"), contract__in=contracts)
    bought = Post.objects.filter(Exists(funded))
    held = Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=on), start__lte=on, post__in=bought
    )

    def counts(queryset, key, counted):
        rows = queryset.values(key).annotate(n=Count(counted, distinct=True)).order_by()
        return {row[key]: row["n"] for row in rows}

    n_bought = counts(bought, "field", "pk")
    n_held = counts(held, "post__field", "post")
    n_credentialed = counts(compliance.credentialed(held, on), "post__field", "post")
    names = _field_names(n_bought)
    buyer = scope.district.pk if scope.district else None
    url = _link("procurement:contract_list", status=ContractStatus.IN_FORCE, buyer=buyer)
    rows = []
    for key in sorted(n_bought, key=lambda k: (k is None, names.get(k, ""))):
        b, h, c = n_bought[key], n_held.get(key, 0), n_credentialed.get(key, 0)
        rows.append(
            (
                names.get(key, _("No service field")),
                [Cell(b, COUNT, url), Cell(h, COUNT), Cell(c, COUNT), Cell(_rate(c, b), PERCENT)],
            )
        )
    sums = [sum(cells[i].value for _l, cells in rows) for i in range(3)]
    total = [Cell(s, COUNT) for s in sums] + [Cell(_rate(sums[2], sums[0]), PERCENT)]
    return Table(
        "posts",
        gettext_lazy("Posts bought and posts filled by credentialed staff"),
        gettext_lazy(
            "The posts funded by contracts in force on the day, those held, and those held by "
            "a credentialed holder (the rule of the compliance dashboard)."
        ),
        "FIN-6, POST-3",
        _("Service field"),
        [_("Posts bought"), _("Held"), _("Held by credentialed staff"), _("Rate (%)")],
        rows,
        total if rows else None,
    )


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1"))


# --- Procurements by status (GOV-1) and overdue steps -----------------------------------------


def by_status(scope: Scope) -> Table:
    found = {
        row["status"]: row
        for row in restrict(Procurement.objects.all(), scope.user, "view", own=False)
        .filter(scope.within("buyer"), plan_item__plan__year=scope.year)
        .values("status")
        .annotate(n=Count("pk"), value=Sum("plan_item__estimated_value"))
        .order_by()
    }
    buyer = scope.district.pk if scope.district else None
    rows = []
    for status in ProcurementStatus:
        row = found.get(status.value)
        if row is None:
            continue
        url = _link(
            "procurement:procurement_list", status=status.value, year=scope.year, buyer=buyer
        )
        rows.append((str(status.label), [Cell(row["n"], COUNT, url), Cell(row["value"], MONEY)]))
    total = [_sum([c for _l, c in rows], 0, COUNT), _sum([c for _l, c in rows], 1)]
    return Table(
        "by_status",
        gettext_lazy("Procurements by status"),
        gettext_lazy("The procurements of the year's plan items, with their estimated values."),
        "GOV-1, FIN-3",
        _("Status"),
        [_("Procurements"), _("Estimated value")],
        rows,
        total if rows else None,
    )


def overdue_steps(scope: Scope) -> Table:
    buyer = scope.district.pk if scope.district else None
    rows = []
    for step in overdue.STEPS.values():
        queryset = restrict(step.model._default_manager.all(), scope.user, "view", own=False)
        queryset = queryset.filter(scope.within(step.area))
        n = step.find(queryset, scope.today).count()
        list_name = f"procurement:{step.model._meta.model_name}_list"
        url = _link(list_name, overdue=step.key, buyer=buyer)
        rows.append((str(step.label), [Cell(n, COUNT, url, alert=n > 0)]))
    return Table(
        "overdue",
        gettext_lazy("Overdue steps"),
        gettext_lazy(
            "Counted today over every procurement and contract of the area, whatever its year. "
            "A step is overdue when the period its rule sets has passed."
        ),
        "FIN-3, FIN-6, GOV-1",
        _("Procedure step"),
        [_("Overdue")],
        rows,
        [_sum([c for _l, c in rows], 0, COUNT)] if rows else None,
    )


#: The dashboard's tables, in the order shown (each also an XLSX download).
TABLES = {
    "by_source": by_source,
    "by_field": by_field,
    "posts": posts,
    "by_status": by_status,
    "overdue": overdue_steps,
}


def dashboard(scope: Scope) -> list[Table]:
    return [build(scope) for build in TABLES.values()]
