"""FIN-5: the figures of oversight, for the pages and the oversight dashboard:

- :func:`overdue_actions`: required actions of audits of an area's contracts overdue on a day;
- :func:`late_reports`: the organisations of an area whose annual work report of a year is
  late on a day (filed after the deadline, or not filed and the deadline passed);
- :func:`government_purchase_income`: the payments of purchased services to an organisation
  in a year, from the funding ledger (to prefill its annual work report).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from shegong.funding.choices import Movement
from shegong.funding.models import LedgerEntry
from shegong.organisations.choices import SUPERVISED_BY_LINE
from shegong.organisations.models import Organisation
from shegong.procurement.models import Contract

from . import rules
from .models import AnnualReport, RequiredAction

ZERO = Decimal("0.00")


def overdue_actions(area, on: date) -> QuerySet:
    """FIN-5: the required actions of audits of contracts bought by ``area`` (and the areas
    below it) that are overdue on ``on``: not done by then, deadline before ``on``."""
    return (
        RequiredAction.objects.filter(
            finding__audit__contract__buyer__path__startswith=area.path, due_on__lt=on
        )
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=on))
        .select_related("finding__audit__contract")
    )


def filers(area) -> QuerySet:
    """FIN-5: the organisations of ``area`` that file annual work reports: active social
    organisations (service organisations, associations, volunteer organisations)."""
    return Organisation.objects.filter(
        area__path__startswith=area.path, is_active=True, kind__in=SUPERVISED_BY_LINE
    )


def late_reports(area, year: int, on: date) -> QuerySet:
    """FIN-5: the organisations of ``area`` whose report of ``year`` is late on ``on``: filed
    after the deadline (and by ``on``), or not filed by ``on`` when ``on`` is after the
    deadline. Organisations registered after the year ended owe no report for it."""
    deadline, _rule = rules.report_deadline(year)
    owing = filers(area).exclude(registered_on__gt=date(year, 12, 31))
    if not on > deadline:  # nothing is late on or before the deadline
        return owing.none()
    on_time = AnnualReport.objects.filter(
        organisation=OuterRef("pk"), year=year, filed_on__lte=deadline
    )
    return owing.exclude(Exists(on_time))


def government_purchase_income(organisation, year: int) -> Decimal:
    """FIN-5, FIN-2: the payments booked in ``year`` on the ledger against contracts whose
    supplier is ``organisation`` (income from the government's purchase of services)."""
    contracts = Contract.objects.filter(supplier=organisation).values("pk")
    total = LedgerEntry.objects.filter(
        kind=Movement.PAYMENT,
        source_model=Contract._meta.label_lower,
        source_id__in=contracts,
        booked_on__year=year,
    ).aggregate(total=Sum("amount"))["total"]
    return (total or ZERO).quantize(Decimal("0.01"))
