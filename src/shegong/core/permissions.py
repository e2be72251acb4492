"""Row-level permissions: ``Model.objects.restrict(user, action)``.

Every queryset that reaches a user goes through :func:`restrict`. A model says how its rows
are scoped and which roles may do what by declaring an ``Access`` policy::

    class Area(ReferenceModel):
        access = Access(area="path", roles={"view": ALL_ROLES, "change": {Role.CITY_ADMIN}})

A user's grants come from ``user.get_grants()`` (memberships, see ``shegong.accounts``), so this
module knows nothing about any domain app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q, QuerySet

from .roles import Role

#: The actions a policy can name. ``view_private`` unmasks private personal data; ``withdraw``
#: lets a claimant take back a request nobody has decided yet (a continuing-education claim);
#: ``decide`` approves or refuses a request (registration applications, issue 11), where
#: fewer roles decide than may file or change one.
ACTIONS = ("view", "add", "change", "delete", "export", "view_private", "withdraw", "decide")
#: A pseudo-role every signed-in user holds over their own records (``Access.owner``).
OWN = "own"
#: Actions an auditor holds on every model in scope.
AUDITOR_ACTIONS = frozenset({"view", "export"})


@dataclass(frozen=True)
class Grant:
    """One role held in one scope."""

    role: str
    area_path: str | None = None
    organisation_id: int | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class Access:
    """How a model's rows are scoped and which roles may act on them.

    ``area``, ``organisation`` and ``owner`` are ORM lookups from the model to an area's
    materialised ``path``, to an organisation's id and to a user's id. ``public`` is a ``Q``
    that anonymous visitors may view (or ``None``). ``reference``: any signed-in user may view
    every row (lists that officials maintain, such as areas). ``unscoped_visible``: rows whose
    area lookup is empty (records that belong to no area) are reached by every area grant.
    ``unscoped``: the model has no area at all and an area grant reaches every row; it must be
    said explicitly, so that a model that forgets its lookups exposes nothing.

    ``area``, ``organisation`` and ``owner`` may also be tuples of lookups: a grant reaches a
    row when any of them matches (an attendance record belongs to the person's employer and to
    the training provider; a supervision to both people of the pair; a bar from tenders to the
    barred organisation's district and to the buyer district that barred it). The first area
    lookup is the row's own area (the audit trail's scope).

    ``open_to_organisations`` is a ``Q`` of rows that every organisation grant reaches,
    whatever its organisation (a published tender is open to every supplier, FIN-3), besides
    the rows its ``organisation`` lookup reaches.

    ``only_if`` maps an action to a ``Q`` that every row must also match for anybody to take
    that action, superusers included: a sealed bid's content is readable by nobody before its
    opening (FIN-3, ``{"view_private": Q(...opened...)}``). Every channel that asks ``restrict``
    or ``can`` (pages, API, exports, the audit trail, history) obeys it.

    ``grant_if`` maps a role to a ``Q`` that the rows a grant of that role reaches must also
    match, for every action: an evaluation's scores are the panel's and the buyer district
    officers' until the award, and only then the bidders' and the city's (FIN-3,
    ``{Role.ORG_ADMIN: Q(...awarded...), Role.CITY_ADMIN: Q(...awarded...)}``; ADR 0055).
    Superusers are not grants: they reach every row, as for any other model.
    """

    roles: dict[str, Iterable[str]] = field(default_factory=dict)
    area: str | tuple[str, ...] | None = None
    organisation: str | tuple[str, ...] | None = None
    owner: str | tuple[str, ...] | None = None
    public: Q | None = None
    reference: bool = False
    unscoped_visible: bool = False
    unscoped: bool = False
    open_to_organisations: Q | None = None
    only_if: dict[str, Q] = field(default_factory=dict)
    grant_if: dict[str, Q] = field(default_factory=dict)

    def roles_for(self, action: str) -> frozenset[str]:
        roles = frozenset(self.roles.get(action, ()))
        if action in AUDITOR_ACTIONS:
            roles |= {Role.AUDITOR}
        return roles

    def grant_q(self, grant: Grant) -> Q | None:
        """The rows one grant reaches, or ``None`` when it reaches none."""
        q = self._grant_q(grant)
        if q is not None and grant.role in self.grant_if:
            return q & self.grant_if[grant.role]
        return q

    def _grant_q(self, grant: Grant) -> Q | None:
        if grant.area_path is not None:
            if self.area:
                q = _any_of(_area_lookups(self.area, "__startswith"), grant.area_path)
                if self.unscoped_visible:
                    q |= _any_of(_area_lookups(self.area, ""), "")
                return q
            return Q() if self.unscoped else None
        if grant.organisation_id is not None and self.organisation:
            q = _any_of(self.organisation, grant.organisation_id)
            return q | self.open_to_organisations if self.open_to_organisations else q
        if grant.organisation_id is not None and self.open_to_organisations is not None:
            return self.open_to_organisations
        if grant.user_id is not None and self.owner:
            return _any_of(self.owner, grant.user_id)
        return None

    def lookups(self) -> list[str]:
        """Every lookup the policy names (for the system check)."""
        found = []
        for lookup in (self.area, self.organisation, self.owner):
            if lookup:
                found.extend((lookup,) if isinstance(lookup, str) else lookup)
        return found


def _area_lookups(area: str | tuple[str, ...], suffix: str) -> tuple[str, ...]:
    return tuple(f"{lookup}{suffix}" for lookup in ((area,) if isinstance(area, str) else area))


def own_area_lookup(policy: Access) -> str | None:
    """The lookup to a row's own area: the first of a policy's area lookups."""
    area = policy.area
    return area if area is None or isinstance(area, str) else area[0]


def _any_of(lookups: str | tuple[str, ...], value) -> Q:
    if isinstance(lookups, str):
        return Q(**{lookups: value})
    q = Q()
    for lookup in lookups:
        q |= Q(**{lookup: value})
    return q


NO_ACCESS = Access()


def policy_of(model) -> Access:
    return getattr(model, "access", NO_ACCESS)


def grants_of(user) -> list[Grant]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_shegong_grants", None)
    if cached is None:
        cached = list(user.get_grants()) if hasattr(user, "get_grants") else []
        cached.append(Grant(role=OWN, user_id=user.pk))
        user._shegong_grants = cached
    return cached


def restrict(queryset: QuerySet, user, action: str = "view", *, own: bool = True) -> QuerySet:
    """Narrow ``queryset`` to the rows ``user`` may ``action``. ``own=False`` leaves out the
    rows the user reaches only as their owner (reports of an area or organisation)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    policy = policy_of(queryset.model)
    if action in policy.only_if:
        queryset = queryset.filter(policy.only_if[action])
    if not getattr(user, "is_authenticated", False):
        if action == "view" and policy.public is not None:
            return queryset.filter(policy.public)
        return queryset.none()
    if user.is_superuser or (policy.reference and action == "view"):
        return queryset
    return _reached(queryset, user, policy.roles_for(action), own)


def holds(user, roles: Iterable[str], *, area: bool = True, organisation: bool = False) -> bool:
    """Whether ``user`` holds one of ``roles`` through an area grant (``area``) or an
    organisation grant (``organisation``), whatever the row: for menus and for rules that ask
    "an official in some area", such as who may accredit a course. Superusers do."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    roles = frozenset(roles)
    return any(
        g.role in roles
        and ((area and g.area_path is not None) or (organisation and g.organisation_id is not None))
        for g in grants_of(user)
    )


def restrict_to_roles(queryset: QuerySet, user, roles: Iterable[str]) -> QuerySet:
    """Narrow ``queryset`` to the rows ``user`` reaches through a grant of one of ``roles``
    (scoped by the model's policy, as :func:`restrict` is): for a question narrower than an
    action, such as who may correct a registered person's ID number (a city administrator in
    the person's area). Superusers reach every row."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return _reached(queryset, user, frozenset(roles), own=True)


def _reached(queryset: QuerySet, user, allowed: frozenset[str], own: bool) -> QuerySet:
    policy = policy_of(queryset.model)
    combined: Q | None = None
    for grant in grants_of(user):
        if grant.role not in allowed or (grant.role == OWN and not own):
            continue
        q = policy.grant_q(grant)
        if q is None:
            continue
        if not q:  # an empty Q reaches every row
            return queryset
        combined = q if combined is None else combined | q
    if combined is None:
        return queryset.none()
    return queryset.filter(combined)


def can(user, action: str, obj) -> bool:
    """Whether ``user`` may ``action`` the saved object ``obj``."""
    manager = type(obj)._default_manager
    return restrict(manager.all(), user, action).filter(pk=obj.pk).exists()


def can_any(user, action: str, model, *, own: bool = True) -> bool:
    """Whether ``user`` may ``action`` at least some rows of ``model`` (for menus and buttons).

    ``own=False`` counts only the roles held in an area or an organisation, not those over the
    user's own records (a social worker's), as ``restrict(own=False)`` does; a reference
    model's rows then count for a user holding some role in an area or organisation (the
    menu's lists of officials and organisation administrators, ``core.menu``)."""
    if not getattr(user, "is_authenticated", False):
        return action == "view" and policy_of(model).public is not None
    if user.is_superuser:
        return True
    # The answer depends only on the grants and the model's policy: kept per set of grants, so
    # that the menu's fifty questions and a page's buttons cost nothing after the first request
    # of a user in this process (issue 13). The policy is compared by identity, so a changed
    # policy (a test's) is asked again; a changed grant is another set of grants.
    policy = policy_of(model)
    answers = _answers(tuple(grants_of(user)))
    key = (action, model, own)
    known = answers.get(key)
    if known is not None and known[0] is policy:
        return known[1]
    answer = _can_any(grants_of(user), action, policy, own)
    answers[key] = (policy, answer)
    return answer


@lru_cache(maxsize=1024)
def _answers(grants: tuple[Grant, ...]) -> dict:
    """:func:`can_any`'s answers for one set of grants (the most recent 1,024 sets)."""
    return {}


def _can_any(grants: list[Grant], action: str, policy: Access, own: bool) -> bool:
    if not own:
        grants = [g for g in grants if g.area_path is not None or g.organisation_id is not None]
    if policy.reference and action == "view":
        return own or bool(grants)
    allowed = policy.roles_for(action)
    return any(g.role in allowed and policy.grant_q(g) is not None for g in grants)


class RestrictedQuerySet(QuerySet):
    def restrict(self, user, action: str = "view") -> QuerySet:
        return restrict(self, user, action)
