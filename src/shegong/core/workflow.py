"""Separation of duties (issue 10): the first piece of the workflow mechanism
(``ARCHITECTURE.md`` §12), on which states, transitions and diagrams will be declared later.

A model whose requests are decided declares once, next to its ``access`` policy, who made a
request, whom it is about, and which of its transitions decide it::

    class CpdRecord(BaseModel):
        workflow = Workflow(
            maker="created_by", subject="person__user", decisions={"approve", "refuse"}
        )

- ``maker``: ORM lookups from the model to the user(s) who made the request (who filed a claim
  or an application, lodged an appeal, opened a case);
- ``subject``: lookups to the user the request is about (the person's own account), who must
  not decide it even when they hold the deciding role in their own scope;
- ``reviewed``: lookups to users whose own act the request disputes (who scored a disputed
  assessment), who must not hear it either.

Each lookup may be multi-valued (``assessment__sheets__submitted_by``). The rule holds for
every signed-in user, superusers included; ``actor=None`` (the system: management commands,
data migrations, demo data) is not a person and is not checked.

Every decision service is declared with :func:`decision`, which checks the rule before the
service runs and records the service in :data:`DECISIONS`, so that a test finds a declared
decision without a guarded service (``core/tests/test_workflow.py``). Pages and the API get the
refusal as ``PermissionDenied`` (403 with the message); buttons (``Action.transition``) and
queues (:meth:`Workflow.exclude_conflicts`) leave out what the user may not decide.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Why a user may not decide: the role they have in the request.
MAKER, SUBJECT, REVIEWED = "maker", "subject", "reviewed"

DEFAULT_MESSAGES = {
    MAKER: _("You made this request, so someone else must decide it."),
    SUBJECT: _("This request is about you, so someone else must decide it."),
    REVIEWED: _("This request disputes what you did, so someone else must decide it."),
}


def _lookups(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Workflow:
    """Who made a request, whom it is about, and which transitions decide it."""

    maker: str | tuple[str, ...] = "created_by"
    subject: str | tuple[str, ...] = ()
    reviewed: str | tuple[str, ...] = ()
    decisions: frozenset[str] | set[str] = field(default_factory=frozenset)
    #: Messages that fit the model better than "request" (e.g. a conduct case), by role.
    messages: dict[str, Promise | str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "decisions", frozenset(self.decisions))

    def parties(self) -> list[tuple[str, str]]:
        """(role, lookup) for every lookup, makers first."""
        declared = ((MAKER, self.maker), (SUBJECT, self.subject), (REVIEWED, self.reviewed))
        return [(role, lookup) for role, value in declared for lookup in _lookups(value)]

    def message(self, role: str) -> str:
        return str(self.messages.get(role) or DEFAULT_MESSAGES[role])

    def _check_transition(self, model, transition: str) -> None:
        if transition not in self.decisions:
            raise ImproperlyConfigured(
                f"{model._meta.label}: {transition!r} is not a decision of its workflow "
                f"(declared: {sorted(self.decisions)})."
            )

    def conflict(self, actor, obj, transition: str) -> str | None:
        """The role (``maker``, ``subject``, ``reviewed``) that keeps ``actor`` from taking the
        decision ``transition`` on ``obj``, or ``None`` when they may. Read from the database,
        so a stale ``obj`` does not matter."""
        self._check_transition(type(obj), transition)
        if actor is None or not getattr(actor, "is_authenticated", False) or obj.pk is None:
            return None
        rows = type(obj)._base_manager.filter(pk=obj.pk)
        parties = self.parties()
        if not rows.filter(_any_party(parties, actor.pk)).exists():
            return None  # the usual case: one query
        for role, lookup in parties:
            if rows.filter(**{lookup: actor.pk}).exists():
                return role
        return None  # pragma: no cover - the row changed between the two queries

    def guard(self, actor, obj, transition: str) -> None:
        """Raise ``PermissionDenied`` with the message of the conflict, if any."""
        role = self.conflict(actor, obj, transition)
        if role is not None:
            raise PermissionDenied(self.message(role))

    def exclude_conflicts(self, queryset: QuerySet, actor) -> QuerySet:
        """``queryset`` without the requests ``actor`` may not decide (for review queues)."""
        if actor is None or not getattr(actor, "is_authenticated", False) or not self.parties():
            return queryset
        return queryset.exclude(_any_party(self.parties(), actor.pk))


def _any_party(parties: list[tuple[str, str]], user_id) -> Q:
    q = Q()
    for _role, lookup in parties:
        q |= Q(**{lookup: user_id})
    return q


def workflow_of(model) -> Workflow | None:
    """The model's (class or instance) declaration, or ``None``."""
    value = getattr(model, "workflow", None)
    return value if isinstance(value, Workflow) else None


def _declared(model) -> Workflow:
    found = workflow_of(model)
    if found is None:
        name = model._meta.label if hasattr(model, "_meta") else model
        raise ImproperlyConfigured(f"{name} declares no workflow.")
    return found


def conflict(actor, obj, transition: str) -> str | None:
    return _declared(obj).conflict(actor, obj, transition)


def guard(actor, obj, transition: str) -> None:
    """The separation-of-duties check of the decision ``transition`` on ``obj``."""
    _declared(obj).guard(actor, obj, transition)


def may_decide(actor, obj, transition: str) -> bool:
    """Whether the rule lets ``actor`` take ``transition`` (roles and state are checked
    elsewhere): for buttons."""
    return conflict(actor, obj, transition) is None


def exclude_conflicts(queryset: QuerySet, actor) -> QuerySet:
    return _declared(queryset.model).exclude_conflicts(queryset, actor)


#: (model label, transition) → the decision service guarded by :func:`decision`.
DECISIONS: dict[tuple[str, str], Callable] = {}


def decision(model, transition: str):
    """Declare ``function(actor, obj, ...)`` as the service taking ``transition`` on ``model``:
    the separation-of-duties rule is checked before it runs."""
    _declared(model)._check_transition(model, transition)

    def decorate(function):
        @functools.wraps(function)
        def guarded(actor, obj, *args, **kwargs):
            guard(actor, obj, transition)
            return function(actor, obj, *args, **kwargs)

        DECISIONS[(model._meta.label_lower, transition)] = guarded
        guarded.transition = transition
        return guarded

    return decorate


def declared_workflows() -> list[tuple[type, Workflow]]:
    """Every installed model with a workflow, by label."""
    found = [(m, workflow_of(m)) for m in apps.get_models()]
    return sorted(
        ((m, w) for m, w in found if w is not None), key=lambda pair: pair[0]._meta.label_lower
    )
