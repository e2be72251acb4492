"""FIN-3: who may bid. The rule is checked when a bid is submitted (or replaced) and again at
the opening (``bids``); an ineligible bid is kept and marked invalid with its reasons,
which its bidder and the buyer read.

An organisation is eligible for a procurement on a day when:

1. it is registered and active (``Organisation.status``): a suspension or a deregistration
   by the registration authority is that status;
1b. no bar from tenders is in force on it that day for the procurement's buyer district or
   for every buyer (``bars.bars_in_force``: a sanction of ORG-5, a rating, another
   decision); one problem per bar, with its reason and last day;
2. it holds the procurement's minimum grade, when one is asked: the grade in force that day
   (``grading.queries.current_grade``: published, not expired, revoked or lowered below it)
   is at least ``minimum_grade`` (5A > 4A > ... > 1A);
3. it has at least ``minimum_credentialed_staff`` people credentialed that day on its posts,
   counted with the workforce's own rule (``workforce.compliance.credentialed``: a valid
   certificate of the post's required level and a valid registration).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from shegong.grading.choices import rank
from shegong.grading.queries import current_grade
from shegong.organisations.choices import OrganisationStatus
from shegong.workforce.compliance import credentialed
from shegong.workforce.models import Employment

from .bars import bars_in_force


def current_staff(organisation, on: date):
    """The employment at ``organisation``'s posts held on ``on``."""
    return Employment.objects.filter(post__organisation=organisation, start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)
    )


def credentialed_staff(organisation, on: date) -> int:
    """FIN-3 (rule 3): the people credentialed on ``on`` on ``organisation``'s posts."""
    rows = credentialed(current_staff(organisation, on), on)
    return rows.values("person").distinct().count()


def grade_problems(minimum: str, organisation, on: date) -> list[str]:
    """FIN-3, ORG-3 (rule 2): the grade ``organisation`` holds on ``on`` is below ``minimum``
    (or it holds none)."""
    held = current_grade(organisation, on)
    if held is None:
        return [
            _(
                "The procurement asks for grade %(grade)s or better; the organisation holds no "
                "grade in force on %(day)s."
            )
            % {"grade": minimum, "day": on}
        ]
    if rank(held.grade) < rank(minimum):
        return [
            _(
                "The procurement asks for grade %(grade)s or better; the organisation holds "
                "%(held)s (valid until %(until)s)."
            )
            % {"grade": minimum, "held": held.grade, "until": held.valid_until}
        ]
    return []


def problems(procurement, organisation, on: date) -> list[str]:
    """FIN-3: why ``organisation`` may not bid on ``procurement`` on ``on`` (empty: eligible)."""
    found = []
    if organisation.status != OrganisationStatus.ACTIVE:
        found.append(
            _("The organisation is not registered and active (status: %(status)s).")
            % {"status": organisation.get_status_display()}
        )
    for bar in bars_in_force(organisation, procurement.buyer, on):
        values = {"last": bar.ends.isoformat(), "reason": bar.reason}
        if bar.buyer_id:
            values["buyer"] = bar.buyer.name
            message = _(
                "The organisation is barred from the tenders of %(buyer)s until %(last)s "
                "inclusive: %(reason)s"
            )
        else:
            message = _(
                "The organisation is barred from tenders until %(last)s inclusive: %(reason)s"
            )
        found.append(message % values)
    if procurement.minimum_grade:
        found.extend(grade_problems(procurement.minimum_grade, organisation, on))
    least = procurement.minimum_credentialed_staff
    if least:
        have = credentialed_staff(organisation, on)
        if have < least:
            found.append(
                _(
                    "The procurement asks for %(least)d credentialed staff; the organisation "
                    "has %(have)d."
                )
                % {"least": least, "have": have}
            )
    return found
