"""FIN-3, ORG-5: bars from tenders. A sanction of an inspection decision (``inspections``), a
poor rating (``oversight``) or another decision bars an organisation from tenders for a
period, for one buyer district or for every buyer; an appeal upheld lifts the bar. The
eligibility rule (``eligibility.problems``) asks :func:`bars_in_force`.

================== ==================================================================
function           rule
================== ==================================================================
``bar_from_tenders`` FIN-3/ORG-5: a period (ends on or after it starts), a reason, the
                   source and a reference to the decision; officials of the
                   organisation's area, or of the buyer district for its own bar;
                   the bar's scope within what the official acts for
                   (``scope_problem``): a district officer bars from their
                   district's tenders only, the city from any; a rating's bar is
                   its buyer's (FIN-5); a sanction's bar with no buyer is as wide
                   as the deciding authority's area (ORG-5, ``authority_buyer``)
``lift_bar``       ORG-5: with a reason, from a day (today by default); once; by an
                   official who could have barred with that scope
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

from shegong.areas.models import Area
from shegong.core.permissions import grants_of
from shegong.core.services import create_record, locked, update_record

from ..choices import BarSource
from ..models import TenderBar
from ..models.bars import BARRERS


def _barring_paths(actor) -> list[str] | None:
    """The area paths in which ``actor`` bars (their area grants of ``BARRERS``); ``None``
    for no limit (the system, a superuser)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return None
    return [g.area_path for g in grants_of(actor) if g.role in BARRERS and g.area_path]


def _covers_every_buyer(path: str) -> bool:
    """Whether an area grant at ``path`` reaches every buyer district (the city's)."""
    return not Area.objects.filter(level="district").exclude(path__startswith=path).exists()


def scope_problem(actor, buyer) -> str | None:
    """FIN-3, FIN-5, ORG-5: why ``actor`` may not bar from ``buyer``'s tenders (every buyer's
    when ``None``), or ``None`` when they may: a district officer bars from their own
    district's tenders only; only an official of the city bars from every buyer's. Whoever
    holds no barring role at all is refused by the permission check (``Access``)."""
    paths = _barring_paths(actor)
    if paths is None or not paths:
        return None
    if buyer is None:
        if any(_covers_every_buyer(path) for path in paths):
            return None
        return _(
            "You may bar an organisation only from the tenders of your own area; a bar from "
            "every buyer's tenders is the city's. Choose your district as the buyer."
        )
    if any(buyer.path.startswith(path) for path in paths):
        return None
    return _(
        "You may bar an organisation only from the tenders of your own area, not from "
        "%(buyer)s's tenders."
    ) % {"buyer": buyer.name}


def authority_buyer(actor, organisation):
    """ORG-5: the buyer a sanction's bar with no buyer closes: every buyer (``None``) for an
    official of the city, else the deciding official's district (the one holding the
    organisation, or their only one): a sanction's bar is as wide as the deciding
    authority's area."""
    paths = _barring_paths(actor)
    if not paths or any(_covers_every_buyer(path) for path in paths):
        return None
    districts = list(Area.objects.filter(level="district", path__in=paths).order_by("path"))
    area_path = organisation.area.path if organisation.area_id else ""
    for district in districts:
        if area_path.startswith(district.path):
            return district
    return districts[0] if len(districts) == 1 else None


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
    ``buyer`` is ``None``) from ``starts`` to ``ends`` inclusive, for ``reason``. The scope is
    within what ``actor`` acts for (``scope_problem``, refused on ``buyer`` with nothing
    written); a sanction's bar with no buyer (a suspension, ORG-5) closes the deciding
    authority's area (``authority_buyer``); a rating's bar names its buyer (FIN-5: "that
    buyer's tenders")."""
    if buyer is None and source == BarSource.SANCTION:
        buyer = authority_buyer(actor, organisation)
    if buyer is None and source == BarSource.RATING:
        raise ValidationError({"buyer": _("A rating bars from its buyer's tenders: name it.")})
    problem = scope_problem(actor, buyer)
    if problem:
        raise ValidationError({"buyer": problem})
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
    no longer bars. A reason is required; a bar is lifted once; by an official who could have
    barred with the bar's scope (``scope_problem``): the organisation's district officer does
    not lift the bar another district or the city made."""
    on = on or timezone.localdate()
    current = locked(bar, "buyer")
    problem = scope_problem(actor, current.buyer)
    if problem:
        raise ValidationError(
            _("Only an official who may bar from these tenders lifts the bar. %(why)s")
            % {"why": problem}
        )
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
