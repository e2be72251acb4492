"""The rules of a procurement's periods and panels (FIN-3: purchases go through open tendering,
fair, just and open; GOV-1: districts purchase). Each rule is one function reading the policy
parameter in force on the date that matters (``procurement.parameters``), so that a parameter
changed from a date applies only to what happens from that date.

Periods in days are calendar days counted from the day after the event (Civil Code art. 201:
the day an event happens is not counted); periods in working days use the official calendar
(``core.calendar``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import parameters
from shegong.core.calendar import add_working_days

from . import parameters as keys


def earliest_bid_deadline(published_on: date) -> date:
    """FIN-3 (Government Procurement Law art. 35): the bid deadline of an open tender is at
    least ``procurement.tender_period_days`` (20) days after the tender documents are
    published: published on 1 March, the deadline is 21 March at the earliest. The parameter
    in force on the publication date applies."""
    days = int(parameters.value(keys.TENDER_PERIOD_DAYS, on=published_on))
    return published_on + timedelta(days=days)


def deadline_problem(published_on: date, deadline: date) -> str | None:
    """FIN-3 (art. 35): why ``deadline`` is too early for documents published on
    ``published_on``, or ``None``."""
    earliest = earliest_bid_deadline(published_on)
    if deadline >= earliest:
        return None
    return _(
        "The bid deadline must be at least %(days)d days after publication: "
        "%(earliest)s at the earliest."
    ) % {"days": (earliest - published_on).days, "earliest": earliest.isoformat()}


def deadline_after_clarification(deadline: date, changed_on: date) -> date:
    """FIN-3 (MoF Order 87 art. 27): a clarification or change of the tender documents made
    less than ``procurement.clarification_days`` (15) days before the bid deadline moves the
    deadline to that many days after the change; made 15 days or more before, the deadline
    stands. The parameter in force on the day of the change applies."""
    days = int(parameters.value(keys.CLARIFICATION_DAYS, on=changed_on))
    earliest = changed_on + timedelta(days=days)
    return max(deadline, earliest)


def minimum_price_weight(on: date) -> Decimal:
    """FIN-3 (MoF Order 87 art. 55): the least weight, in percent of the combined score, of the
    price in a service procurement scored on criteria (10)."""
    return Decimal(str(parameters.value(keys.SERVICE_PRICE_WEIGHT, on=on)))


def price_weight_problem(weight: Decimal | None, on: date) -> str | None:
    """FIN-3 (art. 55): why a price weight of ``weight`` percent is too low on ``on``, or
    ``None``."""
    least = minimum_price_weight(on)
    if weight is not None and Decimal(weight) >= least:
        return None
    return _("The price must weigh at least %(least)s %% of the score of a service.") % {
        "least": f"{least:g}"
    }


def panel_problem(members: int, experts: int, on: date) -> str | None:
    """FIN-3 (MoF Order 87 art. 47): an evaluation panel has at least
    ``procurement.panel_min_members`` (5) members, an odd number of them, and experts make at
    least ``procurement.panel_expert_share`` (2/3) of it. Returns why a panel of ``members``
    with ``experts`` experts is not allowed on ``on``, or ``None``."""
    least = int(parameters.value(keys.PANEL_MIN_MEMBERS, on=on))
    share = Fraction(str(parameters.value(keys.PANEL_EXPERT_SHARE, on=on)))
    if members < least:
        return _("The panel needs at least %(least)d members.") % {"least": least}
    if members % 2 == 0:
        return _("The panel needs an odd number of members.")
    if not 0 <= experts <= members:
        return _("The number of experts must be from 0 to the number of members.")
    if Fraction(experts, members) < share:
        return _("At least %(share)s of the panel must be experts.") % {"share": str(share)}
    return None


@dataclass(frozen=True)
class Outcome:
    proceeds: bool
    least: int


def open_tender_outcome(valid_bids: int, deadline: date) -> Outcome:
    """FIN-3 (Government Procurement Law art. 36): an open tender with fewer than
    ``procurement.min_valid_bids`` (3) valid bids at the deadline fails; with that many or more
    it proceeds to evaluation. The parameter in force on the bid deadline applies."""
    least = int(parameters.value(keys.MIN_VALID_BIDS, on=deadline))
    return Outcome(proceeds=valid_bids >= least, least=least)


def objection_window_end(notice_on: date) -> date:
    """FIN-3 (Implementing Regulations art. 38): a single-source notice published on
    ``notice_on`` is open to objections for ``procurement.single_source_notice_working_days``
    (5) working days after it; this is the last of them. The award may be made only after it."""
    days = int(parameters.value(keys.SINGLE_SOURCE_NOTICE_DAYS, on=notice_on))
    return add_working_days(notice_on, days)


def challenge_deadline(award_notice_on: date) -> date:
    """FIN-3 (Government Procurement Law art. 52): the last day on which a supplier may
    challenge an award notified on ``award_notice_on``: the ``procurement.challenge_working_days``
    (7)-th working day after it."""
    days = int(parameters.value(keys.CHALLENGE_DAYS, on=award_notice_on))
    return add_working_days(award_notice_on, days)


def answer_deadline(challenge_received_on: date) -> date:
    """FIN-3 (Government Procurement Law art. 53): the last day on which the buyer answers a
    challenge received on ``challenge_received_on``: the
    ``procurement.challenge_answer_working_days`` (7)-th working day after it."""
    days = int(parameters.value(keys.CHALLENGE_ANSWER_DAYS, on=challenge_received_on))
    return add_working_days(challenge_received_on, days)


def contract_deadline(award_notice_on: date) -> date:
    """FIN-6 (Government Procurement Law art. 46): the contract is signed at the latest
    ``procurement.contract_days`` (30) days after the award notice."""
    days = int(parameters.value(keys.CONTRACT_DAYS, on=award_notice_on))
    return award_notice_on + timedelta(days=days)


def contract_signing_problem(award_notice_on: date, signed_on: date) -> str | None:
    """FIN-6 (Government Procurement Law art. 46): why a contract signed on ``signed_on`` for an
    award notified on ``award_notice_on`` is refused, or ``None``: it is signed on or after the
    award and at the latest on ``contract_deadline`` (award on 1 March: 31 March passes,
    1 April is refused)."""
    if signed_on < award_notice_on:
        return _("A contract is signed on or after the award (%(award)s).") % {
            "award": award_notice_on.isoformat()
        }
    last = contract_deadline(award_notice_on)
    if signed_on > last:
        return _(
            "The contract must be signed within %(days)d days of the award notice: by "
            "%(last)s at the latest."
        ) % {"days": (last - award_notice_on).days, "last": last.isoformat()}
    return None


def budget_line_problem(line, district, year: int) -> str | None:
    """FIN-2, GOV-1: a purchase of ``district`` in ``year`` is funded by a budget line for
    purchases of that year whose payer is the district itself or the city (its special money);
    why ``line`` is not one, or ``None``."""
    if line.purpose != "purchase":
        return _("The budget line %(line)s is not for purchases.") % {"line": line}
    if line.year != year:
        return _("The budget line %(line)s is of %(got)d, not of %(year)d.") % {
            "line": line,
            "got": line.year,
            "year": year,
        }
    if line.payer_id != district.pk and line.payer.level != "city":
        return _(
            "The budget line %(line)s belongs to %(payer)s, not to %(district)s or the city."
        ) % {
            "line": line,
            "payer": line.payer.name,
            "district": district.name,
        }
    return None


def bids_close_at(deadline: date, opening_time: time) -> datetime:
    """FIN-3 (Government Procurement Law art. 35; MoF Order 87 art. 39): bids are received until
    the opening time on the bid deadline (local time) and opened at that moment: a bid at
    09:59 for an opening at 10:00 is in time, at 10:00 it is late, and the bids may be opened
    from 10:00."""
    return timezone.make_aware(datetime.combine(deadline, opening_time))


POINTS = Decimal("0.01")


def price_score(lowest: Decimal, price: Decimal, weight: Decimal) -> Decimal:
    """FIN-3 (MoF Order 87 art. 55): the price score of a bid: the lowest valid price divided by
    the bid's price, times the price weight (the lowest bid gets the whole weight), to the
    hundredth of a point, half up: lowest 90,000.00, price 100,000.00, weight 30 → 27.00."""
    if price <= 0 or lowest <= 0:
        raise ValueError("prices are more than 0")
    return (Decimal(lowest) / Decimal(price) * Decimal(weight)).quantize(POINTS, ROUND_HALF_UP)


def mean_points(sums: list[Decimal]) -> Decimal:
    """FIN-3 (MoF Order 87 art. 55): a bid's quality score is the mean of the members' sums of
    points, to the hundredth, half up."""
    if not sums:
        return Decimal("0.00")
    return (sum(sums, Decimal("0")) / len(sums)).quantize(POINTS, ROUND_HALF_UP)


@dataclass(frozen=True)
class Ranked:
    key: object
    total: Decimal
    price: Decimal
    rank: int


def ranking(entries: list[tuple[object, Decimal, Decimal]]) -> list[Ranked]:
    """FIN-3 (MoF Order 87 art. 55): ``(key, total, price)`` ranked by total, highest first;
    equal totals go to the lower price (and equal prices keep the given order, the bids'
    submission order). Ranks are 1, 2, 3… with no shared place."""
    ordered = sorted(enumerate(entries), key=lambda e: (-e[1][1], e[1][2], e[0]))
    return [
        Ranked(key=key, total=total, price=price, rank=place)
        for place, (_i, (key, total, price)) in enumerate(ordered, start=1)
    ]


def challenge_problem(award_notice_on: date, lodged_on: date) -> str | None:
    """FIN-3 (Government Procurement Law art. 52): why a challenge lodged on ``lodged_on`` of an
    award notified on ``award_notice_on`` is refused, or ``None``: from the notice to the
    ``challenge_deadline`` (the 7th working day after it) inclusive."""
    last = challenge_deadline(award_notice_on)
    if award_notice_on <= lodged_on <= last:
        return None
    return _("A challenge is lodged from the award notice (%(start)s) to %(end)s.") % {
        "start": award_notice_on.isoformat(),
        "end": last.isoformat(),
    }


def tie_reason(expert, bidders: dict[int, object]) -> str | None:
    """FIN-3 (MoF Order 87 art. 48; Implementing Regulations art. 9): why ``expert`` may not
    evaluate bids of ``bidders`` (id to organisation), or ``None``: employed by a bidder, or a
    declared tie to one."""
    if expert.employer_id in bidders:
        return _("employed by the bidder %(org)s") % {"org": bidders[expert.employer_id]}
    tied = sorted(str(bidders[o.pk]) for o in expert.ties.all() if o.pk in bidders)
    if tied:
        return _("declared ties to the bidder %(org)s") % {"org": ", ".join(tied)}
    return None


def draw_experts(seed: str, matching: list[int], others: list[int], seats: int) -> list[int]:
    """FIN-3 (MoF Order 87 art. 47): ``seats`` experts drawn at random, reproducibly from
    ``seed``: first from the experts of the procurement's service field (``matching``), then,
    when they are too few, from the ``others``; both lists in id order."""
    rng = random.Random(seed)
    first = rng.sample(sorted(matching), min(seats, len(matching)))
    rest = rng.sample(sorted(others), seats - len(first)) if seats > len(first) else []
    return first + rest
