"""The rules of the annual assessment (REG-6), as plain functions of numbers, in one place.

- :func:`weighted_total`: a side's score is the weighted sum of its criterion scores (weights in
  percent, together 100), rounded half up to two decimals.
- :func:`combine`: the combined score is employer × employer weight + served unit × served-unit
  weight (parameters, together 100); with no served unit, the employer's score counts in full.
- :func:`band`: the band a score reaches, with the thresholds as parameters: at or above the
  excellent threshold (90) excellent, at or above 75 competent, at or above 60 basically
  competent, below not competent. A score exactly on a threshold reaches it (90.00 is
  excellent, 89.99 competent).
- :func:`excellent_slots`: how many excellent ratings an organisation may give in a cycle:
  ``floor(n × percent / 100)``, but at least the minimum (a parameter, 1), and never more than
  ``n``. The target share (15 %) gives the slots filled automatically; the hard cap (20 %) is
  the most an officer may reach by awarding excellent to people the target left out.
- :func:`apply_cap`: who keeps excellent when more people reach it than there are slots. The
  unit is the employing organisation within the cycle. People are ranked by combined score;
  the first ``slots`` keep excellent, **except that everyone tied with the first person left
  out is demoted too** (a tie at the cut-off is never broken by chance or by name): so the
  people kept are exactly those whose score is strictly above the best score left out. Those
  demoted are rated competent (``cap_demoted``); an officer may award excellent to any of them
  while the organisation stays within the hard cap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from .choices import Rating

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def quantize(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(scores: Mapping[str, Decimal], weights: Mapping[str, Decimal]) -> Decimal:
    """REG-6: Σ score × weight / 100 over the criteria, rounded half up to cents."""
    total = sum((Decimal(scores[c]) * Decimal(str(w)) for c, w in weights.items()), Decimal("0"))
    return quantize(total / HUNDRED)


def combine(
    employer: Decimal,
    served_unit: Decimal | None,
    employer_weight: Decimal,
    served_unit_weight: Decimal,
) -> Decimal:
    """REG-6: the two sides' scores combined by their weights (percent, together 100)."""
    if served_unit is None:
        return quantize(employer)
    total = Decimal(employer) * Decimal(str(employer_weight)) + Decimal(served_unit) * Decimal(
        str(served_unit_weight)
    )
    return quantize(total / HUNDRED)


def band(score: Decimal, excellent: Decimal, competent: Decimal, basic: Decimal) -> str:
    """REG-6: the rating band a score reaches (a score on a threshold reaches it)."""
    score = Decimal(score)
    if score >= Decimal(str(excellent)):
        return Rating.EXCELLENT
    if score >= Decimal(str(competent)):
        return Rating.COMPETENT
    if score >= Decimal(str(basic)):
        return Rating.BASIC
    return Rating.NOT_COMPETENT


def excellent_slots(assessed: int, percent, minimum: int) -> int:
    """REG-6: floor(assessed × percent / 100), at least ``minimum``, at most ``assessed``."""
    if assessed <= 0:
        return 0
    share = int(Decimal(assessed) * Decimal(str(percent)) // HUNDRED)
    return min(max(share, int(minimum)), assessed)


def apply_cap(candidates: Iterable[tuple[object, Decimal]], slots: int) -> tuple[set, set]:
    """REG-6: ``candidates`` are (key, combined score) of the people who reached excellent in
    one organisation; returns (kept, demoted) keys. Kept: the scores strictly above the best
    score left out after ``slots`` places, so a tie at the cut-off is demoted as a whole."""
    ranked = sorted(candidates, key=lambda c: Decimal(c[1]), reverse=True)
    if len(ranked) <= slots:
        return {k for k, _ in ranked}, set()
    first_out = Decimal(ranked[slots][1])
    kept = {k for k, s in ranked if Decimal(s) > first_out}
    return kept, {k for k, _ in ranked} - kept
