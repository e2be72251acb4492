"""FIN-5: the risks a running contract shows for the visit draw, each found by one grouped
query over all the contracts at once (five queries whatever their number, and a set difference in Python):

- a standard **not met** or **partly met** in a submitted self-assessment of the year or the
  year before;
- a **late** statistics return due from 1 January of the year before up to the day;
- a **complaint** received in that time;
- a **lapsed credential** on a contracted post: someone holds one of the contract's posts on
  the day and is not credentialed then, by the workforce's own rule
  (``workforce.compliance.credentialed``: a valid certificate of the required level and a
  valid registration).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import F, Q

from shegong.procurement.models import Contract
from shegong.workforce.compliance import credentialed
from shegong.workforce.models import Employment

from .choices import AssessmentStatus, StandardResult
from .models import Complaint, SelfAssessmentItem, StatisticsReturn


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
