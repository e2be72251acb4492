"""GOV-2: the rules of the coordinating committees.

- :func:`ties`: why a person may not evaluate an organisation (employed by it or administering
  it, on its board, or another declared tie), the recusal rule of the national measures
  (《社会组织评估管理办法》, 民政部令第39号, 2010: evaluators with an interest in the organisation,
  or who worked there in the last two years, stand aside);
- :func:`evaluators`: a committee's active members, without those tied to an organisation, for
  the evaluations of ``grading`` and later ``oversight``.

Committees, seats and declared ties are plain records (written by ``core.services``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.models import Membership
from shegong.core.roles import Role
from shegong.workforce.models import Employment

from .models import CommitteeMember, DeclaredTie


def _user_of(member):
    return member.user if isinstance(member, CommitteeMember) else member


def ties(member, organisation, on: date | None = None) -> list[str]:
    """GOV-2, ORG-3: the ties of ``member`` (a seat or a user) to ``organisation`` on ``on``
    (empty: none): employed on one of its posts, its administrator on the platform, on its
    board, or another tie the person declared."""
    on = on or timezone.localdate()
    user = _user_of(member)
    found = []
    employed = Employment.objects.filter(
        person__user=user, post__organisation=organisation, start__lte=on
    ).filter(Q(end__isnull=True) | Q(end__gte=on))
    if employed.exists() or user.organisation_id == organisation.pk:
        found.append(_("employed by %(organisation)s") % {"organisation": organisation})
    administers = Membership.objects.filter(
        user=user, role=Role.ORG_ADMIN, organisation=organisation
    ).in_force(on)
    if administers.exists():
        found.append(_("administrator of %(organisation)s") % {"organisation": organisation})
    declared = DeclaredTie.objects.filter(user=user, organisation=organisation, declared_on__lte=on)
    for tie in declared.order_by("declared_on", "pk"):
        text = tie.get_kind_display()
        found.append(f"{text}: {tie.note}" if tie.note else text)
    return found


def evaluators(committee, *, excluding_ties_to=None, on: date | None = None) -> list:
    """GOV-2: the committee's active members (seats), leaving out those tied to the
    organisation ``excluding_ties_to`` (:func:`ties`)."""
    seats = committee.members.filter(is_active=True).select_related("user").order_by("pk")
    if excluding_ties_to is None:
        return list(seats)
    return [s for s in seats if not ties(s, excluding_ties_to, on)]
