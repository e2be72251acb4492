"""ORG-4: the figures of an incubation base, computed by the database: how full it is on a day
(``occupancy``, also for the oversight dashboard), the places free on a day, and the outcomes
per year (graduated, exited, still incubated at the end of the year)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from .choices import Outcome
from .models import Occupancy, Place


def held_on(day: date) -> Q:
    """Occupancies that hold their place on ``day`` (``ends_on`` is the last day held)."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def occupancy(base, on: date) -> dict:
    """ORG-4: the base's capacity (organisations its active places hold at once), how many
    places are held on ``on``, how many are free, and the occupancy rate in percent (one
    decimal, half up; ``None`` for a base without places)."""
    capacity = (
        Place.objects.filter(base=base, is_active=True).aggregate(n=Sum("capacity"))["n"] or 0
    )
    occupied = Occupancy.objects.filter(held_on(on), place__base=base).count()
    rate = None
    if capacity:
        rate = (Decimal(occupied) * 100 / Decimal(capacity)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return {
        "capacity": capacity,
        "occupied": occupied,
        "free": max(capacity - occupied, 0),
        "rate": rate,
    }


def free_places(base, on: date) -> list:
    """ORG-4: the base's active places with room from ``on`` on, each once per organisation it
    can still take (a room of capacity 2 holding one: once), in the order of their codes. An
    occupancy that has not ended, or ends on or after ``on``, takes room."""
    places = (
        Place.objects.filter(base=base, is_active=True)
        .annotate(
            taken=Count(
                "occupancies",
                filter=Q(occupancies__ends_on__isnull=True) | Q(occupancies__ends_on__gte=on),
            )
        )
        .order_by("code")
    )
    return [place for place in places for _n in range(max(place.capacity - place.taken, 0))]


def outcomes(base) -> list[dict]:
    """ORG-4: per year, from the first incubation to the last event: incubations started,
    graduated and exited in the year, and those still incubated after it (begun by its last
    day and not ended in it or before: one that ends on 31 December counts as ended)."""
    rows = Occupancy.objects.filter(place__base=base)
    started = dict(
        rows.annotate(y=ExtractYear("starts_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
    )
    ended = {}
    for year, outcome, n in (
        rows.filter(ends_on__isnull=False)
        .annotate(y=ExtractYear("ends_on"))
        .values("y", "outcome")
        .annotate(n=Count("pk"))
        .values_list("y", "outcome", "n")
    ):
        ended[year, outcome] = n
    years = set(started) | {year for year, _outcome in ended}
    if not years:
        return []
    result = []
    for year in range(min(years), max(years) + 1):
        end = date(year, 12, 31)
        result.append(
            {
                "year": year,
                "started": started.get(year, 0),
                "graduated": ended.get((year, Outcome.GRADUATED), 0),
                "exited": ended.get((year, Outcome.EXITED), 0),
                "incubated": rows.filter(starts_on__lte=end)
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=end))
                .count(),
            }
        )
    return result
