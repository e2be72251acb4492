"""What is published and how: the public procurements (never a draft), pages of them, and the
release and record packages around their releases (issue 14, point 7; ADR 0053).

A page of procurements costs a fixed number of queries whatever its size: the procurement
with its plan item, plan, buyer and proposed supplier in one query, then one each for the
criteria, documents and clarifications of the whole page.

Speed (issue 14, 100,000 procurements, ``bench/ocds_records.py``): the page's ids come from a
sliced subquery over the partial index of the public procurements (``procurement_public``),
so ``OFFSET`` walks an index of ids instead of sorting every joined row; the related rows are
prefetched in their procurement's order (``procurement_id``), never joined back to the
procurement table to sort by its own ordering.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from ..choices import PUBLIC_STATES, ProcurementStatus
from ..models import Clarification, Contract, Criterion, Payment, Procurement, TenderDocument
from . import builders, records
from .jsonout import at

VERSION = "1.1"
PAGE_SIZE = 100


#: The procurements that were ever published (the condition of the partial index
#: ``procurement_public``): a draft, also a draft later cancelled, never appears.
PUBLISHED = Q(status__in=PUBLIC_STATES) | Q(
    status=ProcurementStatus.CANCELLED, published_on__isnull=False
)


def _related():
    """What the builders read of each procurement, in their order within one procurement."""
    payments = Payment.objects.order_by("-paid_on", "-pk")
    return (
        Prefetch("criteria", Criterion.objects.order_by("procurement_id", "-is_price", "pk")),
        Prefetch("documents", TenderDocument.objects.order_by("procurement_id", "pk")),
        Prefetch(
            "clarifications", Clarification.objects.order_by("procurement_id", "made_on", "pk")
        ),
        Prefetch(
            "contracts",
            Contract.objects.order_by("-signed_on", "-pk").prefetch_related(
                Prefetch("payments", payments)
            ),
        ),
    )


def public_procurements():
    """The procurements that were ever published, ordered by id, with what the builders read
    fetched in bulk."""
    return (
        Procurement.objects.filter(PUBLISHED)
        .select_related("buyer", "plan_item__plan", "plan_item__field", "proposed_supplier")
        .prefetch_related(*_related(), "awards__supplier")
        .order_by("pk")
    )


@dataclass
class Page:
    procurements: list
    number: int
    has_next: bool


def page(number: int, ocid: str = "", size: int = PAGE_SIZE) -> Page:
    """Page ``number`` (from 1) of the public procurements; ``ocid`` narrows to one."""
    qs = public_procurements()
    if ocid:
        prefix = f"{settings.OCDS_OCID_PREFIX}-"
        pk = ocid.removeprefix(prefix)
        if not ocid.startswith(prefix) or not pk.isdigit():
            return Page([], number, False)
        qs = qs.filter(pk=int(pk))
    start = (number - 1) * size
    # The ids of the page (and one more: is there a next page?) from the index, then the rows.
    ids = qs.select_related(None).prefetch_related(None).values("pk")[start : start + size + 1]
    rows = list(qs.filter(pk__in=ids))
    return Page(rows[:size], number, len(rows) > size)


def package_header(uri: str, links: dict | None) -> dict:
    package = {
        "uri": uri,
        "version": VERSION,
        "publishedDate": at(timezone.now()),
        "publisher": {"name": settings.OCDS_PUBLISHER_NAME},
        "license": settings.OCDS_LICENSE,
    }
    if links:
        package["links"] = links
    return package


def release_package(procurements, uri: str, links: dict | None = None) -> dict:
    """A release package of every release of ``procurements``."""
    package = package_header(uri, links)
    package["releases"] = [r for p in procurements for r in builders.releases(p)]
    return package


def record_package(procurements, uri: str, release_url: str, links: dict | None = None) -> dict:
    """A record package: one record (linked releases and compiled release) per procurement;
    a release is linked as ``<release_url>?ocid=<ocid>#<release id>``."""
    package = package_header(uri, links)
    package["records"] = [
        records.record(builders.releases(p), f"{release_url}?ocid={builders.ocid(p.pk)}")
        for p in procurements
    ]
    return package
