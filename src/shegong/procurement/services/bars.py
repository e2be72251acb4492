"""FIN-3, ORG-5: bars from tenders. A sanction of an inspection decision (``inspections``), a
poor rating (``oversight``) or another decision bars an organisation from tenders for a
period, for one buyer district or for every buyer; an appeal upheld lifts the bar. The
eligibility rule (``eligibility.problems``) asks :func:`bars_in_force`.

================== ==================================================================
function           rule
================== ==================================================================
``bar_from_tenders`` FIN-3/ORG-5: a period (ends on or after it starts), a reason, the
                   source and a reference to the decision; officials of the
                   organisation's area, or of the buyer district for its own bar
``lift_bar``       ORG-5: with a reason, from a day (today by default); once
``bars_in_force``  FIN-3: started, not ended (the last day included), not lifted by that
                   day, for that buyer or every buyer
================== ==================================================================
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core.services import create_record, locked, update_record

from ..models import TenderBar


@transaction.atomic
def bar_from_tenders(
    actor,
    organisation,
    *,
    buyer,
    starts: date,
    ends: date,
    reason: str,
    source: str,
    reference: str = "",
) -> TenderBar:
    """FIN-3, ORG-5: bar ``organisation`` from ``buyer``'s tenders (every buyer's when
    ``buyer`` is ``None``) from ``starts`` to ``ends`` inclusive, for ``reason``."""
    data = {
        "organisation": organisation,
        "buyer": buyer,
        "starts": starts,
        "ends": ends,
        "reason": (reason or "").strip(),
        "source": source,
        "reference": reference,
    }
    return create_record(actor, TenderBar, data, reason)


@transaction.atomic
def lift_bar(actor, bar: TenderBar, reason: str, on: date | None = None) -> TenderBar:
    """ORG-5: lift ``bar`` from ``on`` (today, Asia/Shanghai, by default): from that day it
    no longer bars. A reason is required; a bar is lifted once."""
    on = on or timezone.localdate()
    current = locked(bar)
    if current.lifted_on is not None:
        raise ValidationError(
            _("The bar was already lifted on %(on)s.") % {"on": current.lifted_on.isoformat()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"lifted_reason": _("Give the reason for lifting the bar.")})
    if on < current.starts:
        raise ValidationError(
            {
                "lifted_on": _("A bar is lifted on or after its start (%(start)s).")
                % {"start": current.starts.isoformat()}
            }
        )
    return update_record(actor, current, {"lifted_on": on, "lifted_reason": reason}, reason)


def bars_in_force(organisation, buyer, on: date):
    """FIN-3: the bars that keep ``organisation`` from ``buyer``'s tenders on ``on``: started
    on or before ``on``, ending on or after it (the last day is barred, the next day is not),
    not lifted on or before ``on``, and for ``buyer`` or for every buyer. ``buyer=None``:
    every bar in force on the organisation, whatever its buyer."""
    rows = TenderBar.objects.filter(organisation=organisation, starts__lte=on, ends__gte=on)
    rows = rows.filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))
    if buyer is not None:
        rows = rows.filter(Q(buyer__isnull=True) | Q(buyer=buyer))
    return rows.select_related("buyer").order_by("ends", "pk")
