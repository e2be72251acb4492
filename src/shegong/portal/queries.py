"""The public side of tenders (issue 14, PUB-1 and FIN-3: purchases are open): which
procurements a visitor sees, and in which public stage (the list's form: ``forms.py``).

A visitor sees a procurement once it is published and for ever after, cancelled included; never
a draft (nor a draft cancelled before publication). What a visitor reads of it is chosen in
``portal.views.tenders`` and the templates ``portal/tenders/``: never a bid, never anyone's
private data.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext_lazy

from shegong.procurement.choices import PUBLIC_STATES, ProcurementStatus
from shegong.procurement.models import Procurement

S = ProcurementStatus

#: Procurements a page lists at a time.
PAGE_SIZE = 20
#: Procurements in the "open tenders" block of the front page.
HOME_LATEST = 5


class Stage:
    """The public stages a visitor filters by (a procurement's ``status`` seen from outside)."""

    OPEN = "open"
    CLOSED = "closed"
    AWARDED = "awarded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    CHOICES = (
        (OPEN, pgettext_lazy("tender stage", "Open for bids")),
        (CLOSED, pgettext_lazy("tender stage", "Closed")),
        (AWARDED, pgettext_lazy("tender stage", "Awarded")),
        (FAILED, pgettext_lazy("tender stage", "Failed")),
        (CANCELLED, pgettext_lazy("tender stage", "Cancelled")),
    )
    LABELS = dict(CHOICES)
    #: A single source's "open" stage is its public notice: open to objections, not to bids.
    NOTICE_OPEN = pgettext_lazy("tender stage", "Notice open")

    @classmethod
    def label(cls, procurement: Procurement, stage: str) -> str:
        if stage == cls.OPEN and procurement.is_single_source:
            return cls.NOTICE_OPEN
        return cls.LABELS[stage]


def public_procurements() -> QuerySet[Procurement]:
    """PUB-1/FIN-3: every procurement a visitor may read: published or in a later public stage,
    or cancelled after its publication (``published_on`` set). Never a draft."""
    return Procurement.objects.filter(
        Q(status__in=PUBLIC_STATES) | Q(status=S.CANCELLED, published_on__isnull=False)
    )


def stage_filter(stage: str, today: date) -> Q:
    """The procurements in the public ``stage`` on ``today``: open while published and the bid
    deadline (if any) is today or later (a single source: its notice); closed once the deadline
    has passed, bids are closed or evaluated; awarded (contract signed included); failed;
    cancelled."""
    published = Q(status=S.PUBLISHED)
    running = Q(bid_deadline__isnull=True) | Q(bid_deadline__gte=today)
    return {
        Stage.OPEN: published & running,
        Stage.CLOSED: Q(status__in=(S.BIDS_CLOSED, S.EVALUATED)) | (published & ~running),
        Stage.AWARDED: Q(status__in=(S.AWARDED, S.CONTRACTED)),
        Stage.FAILED: Q(status=S.FAILED),
        Stage.CANCELLED: Q(status=S.CANCELLED),
    }[stage]


def stage_of(procurement: Procurement, today: date) -> str:
    """The public stage of one procurement on ``today`` (as :func:`stage_filter` reads it)."""
    status = procurement.status
    if status == S.PUBLISHED:
        deadline = procurement.bid_deadline
        return Stage.OPEN if deadline is None or deadline >= today else Stage.CLOSED
    if status in (S.BIDS_CLOSED, S.EVALUATED):
        return Stage.CLOSED
    if status in (S.AWARDED, S.CONTRACTED):
        return Stage.AWARDED
    if status == S.FAILED:
        return Stage.FAILED
    return Stage.CANCELLED


def open_now(today: date) -> QuerySet[Procurement]:
    """The procurements open for bids (or a single source's notice) on ``today``, newest first."""
    return public_procurements().filter(stage_filter(Stage.OPEN, today))
