"""The read side of oversight (FIN-5), no writes.

**Risks of the visit draw** (:func:`found_risks`): the risks a running contract shows, each
found by one grouped query over all the contracts at once (five queries whatever their number,
and a set difference in Python):

- a standard **not met** or **partly met** in a submitted self-assessment of the year or the
  year before;
- a **late** statistics return due from 1 January of the year before up to the day;
- a **complaint** received in that time;
- a **lapsed credential** on a contracted post: someone holds one of the contract's posts on
  the day and is not credentialed then, by the workforce's own rule
  (``workforce.compliance.credentialed``: a valid certificate of the required level and a
  valid registration).

**The visits dashboard** (:func:`board`): per district and for the city (and, when asked,
for one service field), the running contracts (:func:`running`, ``rules.counts_for_sampling``
counted by the database), the visits drawn and made against the 30 % rule
(``rules.visits_needed``), and the ratings of the year's evaluations. Every figure is counted
from the records the viewer may see and links to them. A handful of grouped queries, whatever
the number of contracts: each figure is a GROUP BY district (a CASE over the districts'
paths) with conditional counts, no contract is read into Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.urls import reverse

from shegong.areas.models import Area
from shegong.core.calendar import lasting
from shegong.core.permissions import holds, restrict
from shegong.core.roles import Role
from shegong.procurement.models import Contract
from shegong.workforce.compliance import credentialed
from shegong.workforce.models import Employment

from . import rules
from .choices import RATING_ORDER, AssessmentStatus, EvaluationStatus, StandardResult, VisitStatus
from .models import (
    READERS,
    Complaint,
    DrawEntry,
    Evaluation,
    SelfAssessmentItem,
    StatisticsReturn,
    Visit,
)


def _window(year: int) -> date:
    return date(year - 1, 1, 1)


def found_risks(contract_ids, year: int, on: date) -> dict[int, set[str]]:
    """``{contract id: {risk, ...}}`` for ``contract_ids`` (a list, or a query of ids: a
    subquery instead of thousands of parameters; risks as in ``rules.RISKS``)."""
    risks: dict[int, set[str]] = defaultdict(set)
    ids = contract_ids
    items = SelfAssessmentItem.objects.filter(
        assessment__contract_id__in=ids,
        assessment__status=AssessmentStatus.SUBMITTED,
        assessment__year__in=[year - 1, year],
        result__in=[StandardResult.NOT_MET, StandardResult.PARTLY_MET],
    ).values_list("assessment__contract", "result")
    for contract_id, result in items.distinct():
        risks[contract_id].add(f"{result}_standard")
    late = StatisticsReturn.objects.filter(
        contract_id__in=ids, due_on__gte=_window(year), due_on__lte=on
    ).filter(Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True, due_on__lt=on))
    for contract_id in late.values_list("contract_id", flat=True).distinct():
        risks[contract_id].add("late_return")
    complaints = Complaint.objects.filter(
        contract_id__in=ids, received_on__gte=_window(year), received_on__lte=on
    )
    for contract_id in complaints.values_list("contract_id", flat=True).distinct():
        risks[contract_id].add("complaint")
    funded = list(
        Contract.posts.through.objects.filter(contract_id__in=ids).values_list(
            "contract_id", "post_id"
        )
    )
    held = Employment.objects.filter(
        post__in=Contract.posts.through.objects.filter(contract_id__in=ids).values("post_id"),
        start__lte=on,
    ).filter(Q(end__isnull=True) | Q(end__gte=on))
    # Two flat queries and a set difference: a NOT IN over the credential rule's subqueries
    # took 24 s for 5,000 contracts on SQLite (bench/visit_draw.py).
    ok = set(credentialed(held, on).values_list("pk", flat=True))
    lapsed = {post for pk, post in held.values_list("pk", "post_id") if pk not in ok}
    for contract_id, post_id in funded:
        if post_id in lapsed:
            risks[contract_id].add("lapsed_credential")
    return risks


# --- The visits dashboard ----------------------------------------------------------------------


def may_view(user) -> bool:
    """Officials of an area (and auditors): the dashboard counts every supplier's contracts."""
    return holds(user, READERS | {Role.AUDITOR}, area=True)


@dataclass
class Row:
    key: int | None
    label: str
    running: int = 0
    drawn: int = 0
    done: int = 0
    needed: int = 0
    ratings: Counter = field(default_factory=Counter)
    links: dict = field(default_factory=dict)

    def rating_cells(self) -> list[tuple[str, int, str]]:
        return [(r, self.ratings.get(r, 0), self.links["ratings"][r]) for r in RATING_ORDER]

    @property
    def met(self) -> bool:
        return self.done >= self.needed

    @property
    def drawn_met(self) -> bool:
        return self.drawn >= self.needed


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in query.items() if v != ''})}"


def _district_of(paths, field: str) -> Case:
    """The district (its id) of a row whose area path is ``field``: one CASE over the
    districts' paths, so that the database groups by district."""
    return Case(
        *(When(**{f"{field}__startswith": path}, then=Value(pk)) for path, pk in paths),
        default=Value(None),
        output_field=IntegerField(),
    )


def running(queryset, year: int, months: int):
    """FIN-5: the contracts of ``queryset`` that count towards the year's 30 %, as
    ``rules.counts_for_sampling`` (in force on some day of the year, a term of at least
    ``months``: ``rules.min_term_months`` on the day), filtered by the database."""
    overlapping = queryset.filter(starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1))
    return lasting(overlapping, "starts_on", "ends_on", months)


def board(user, year: int, on: date, service_field=None) -> dict:
    """The rows (districts, then the city) and the links of each figure; ``service_field``:
    only the contracts of that field (their plan item's). Every figure is a grouped count of
    the database (four queries whatever the number of contracts)."""
    percent = rules.share_percent(on)
    months = rules.min_term_months(on)
    districts = list(
        restrict(Area.objects.filter(level="district", is_active=True), user, "view").order_by(
            "code"
        )
    )
    rows = {d.pk: Row(d.pk, d.name) for d in districts}
    paths = [(d.path, d.pk) for d in districts]
    if not paths:
        city = Row(None, "")
        city.links = links(None, year, months, service_field)
        return {"percent": percent, "rows": [], "city": city}

    def grouped(model, prefix: str, district: str | None, **counts):
        """``model``'s rows the viewer sees (of the field), counted per district: the
        ``district`` path's CASE, or the row's own district when ``None``."""
        queryset = restrict(model, user, "view")
        if service_field is not None:
            queryset = queryset.filter(**{f"{prefix}procurement__plan_item__field": service_field})
        if district is not None:
            queryset = queryset.annotate(district=_district_of(paths, district))
        for found in queryset.values("district").annotate(**counts):
            if found["district"] in rows:
                yield rows[found["district"]], found

    contracts = running(Contract.objects.all(), year, months)
    for row, found in grouped(contracts, "", "buyer__path", n=Count("pk")):
        row.running += found["n"]
    drawn = DrawEntry.objects.filter(draw__year=year, chosen=True)
    for row, found in grouped(drawn, "contract__", None, n=Count("contract", distinct=True)):
        row.drawn += found["n"]
    done = Visit.objects.filter(status=VisitStatus.DONE, visited_on__year=year)
    by_buyer = "contract__buyer__path"
    for row, found in grouped(done, "contract__", by_buyer, n=Count("contract", distinct=True)):
        row.done += found["n"]
    rated = Evaluation.objects.filter(status=EvaluationStatus.RATED, held_on__year=year)
    by_rating = {r: Count("pk", filter=Q(rating=r)) for r in RATING_ORDER}
    for row, found in grouped(rated, "contract__", by_buyer, **by_rating):
        row.ratings.update({r: found[r] for r in RATING_ORDER if found[r]})
    city = Row(None, "")
    for row in rows.values():
        row.needed = rules.visits_needed(row.running, percent)
        city.running += row.running
        city.drawn += row.drawn
        city.done += row.done
        city.needed += row.needed
        city.ratings.update(row.ratings)
    for row in [*rows.values(), city]:
        row.links = links(row.key, year, months, service_field)
    return {"percent": percent, "rows": list(rows.values()), "city": city}


def links(district: int | None, year: int, months: int, service_field=None) -> dict:
    """The list behind each figure, filtered to exactly its records."""
    buyer = "" if district is None else district
    field = "" if service_field is None else getattr(service_field, "pk", service_field)
    return {
        "running": _url(
            "procurement:contract_list",
            buyer_area=buyer,
            field=field,
            in_force_in=year,
            lasting_months=months,
        ),
        "drawn": _url(
            "oversight:drawentry_list", district=buyer, year=year, chosen="true", field=field
        ),
        "done": _url(
            "oversight:visit_list",
            buyer=buyer,
            status="done",
            visited_in=year,
            first_of_year="true",
            field=field,
        ),
        "ratings": {
            r: _url(
                "oversight:evaluation_list",
                buyer=buyer,
                status=EvaluationStatus.RATED,
                rating=r,
                year=year,
                field=field,
            )
            for r in RATING_ORDER
        },
    }
