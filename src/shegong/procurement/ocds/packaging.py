"""What is published and how: the public procurements (never a draft), pages of them, and the
release and record packages around their releases (issue 14, point 7; ADR 0053).

A page of procurements costs a fixed number of queries whatever its size: the procurement
with its plan item, plan, buyer and proposed supplier in one query, then one each for the
criteria, documents and clarifications of the whole page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..choices import PUBLIC_STATES, ProcurementStatus
from ..models import Procurement
from . import builders, records
from .jsonout import at

VERSION = "1.1"
PAGE_SIZE = 100


def public_procurements():
    """The procurements that were ever published: a draft (also a draft later cancelled) never
    appears. Ordered by id, with what the builders read fetched in bulk."""
    published = Q(status__in=PUBLIC_STATES) | Q(
        status=ProcurementStatus.CANCELLED, published_on__isnull=False
    )
    return (
        Procurement.objects.filter(published)
        .select_related("buyer", "plan_item__plan", "plan_item__field", "proposed_supplier")
        .prefetch_related(
            "criteria", "documents", "clarifications", "contracts__payments", "awards__supplier"
        )
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
    rows = list(qs[start : start + size + 1])
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
