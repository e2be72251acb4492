"""The workflow mechanism (``ARCHITECTURE.md`` §12; issue 10 separation of duties, issue 11
states and transitions): a model whose rows move through states declares them once, and every
move is one audited write through ``core.services.update_record``.

States and transitions (issue 11)
=================================

::

    class CpdRecord(BaseModel):
        workflow = Workflow(
            field="status",
            initial={CpdStatus.CLAIMED},
            refusal="claim",
            transitions=[
                Transition("approve", {CpdStatus.CLAIMED}, CpdStatus.APPROVED,
                           verb=_("approved"), decision=True),
                Transition("refuse", {CpdStatus.CLAIMED}, CpdStatus.REFUSED,
                           verb=_("refused"), decision=True,
                           reason_required=_("Give the reason for the refusal.")),
            ],
            maker="created_by", subject="person__user",
        )

A service takes a transition with :func:`take` (``take(actor, obj, "approve", reason=...,
changes={...})``): the row is locked, then the actor's ``permission`` on it is checked
(``core.permissions``), then its state (the refusal names the state, in the wording of the
declaration's ``refusal`` style from :data:`REFUSALS`, the one table of those messages), then
separation of duties for a decision, then the transition's guards and its required reason;
then one ``update_record`` writes the target state and the service's changes, raises the
version (``expected_version`` refuses a stale form) and appends the audit record with the
reason. Domain services compute the changes that are theirs (a register entry, a sanction) and
call :func:`take`. ``shegong workflow_diagrams`` writes each declaration's Mermaid
``stateDiagram-v2`` into ``docs/modules/*.md`` between ``<!-- workflow:<model label> -->`` and
``<!-- /workflow -->``; a test fails when a diagram differs from its declaration.

Separation of duties (issue 10)
===============================

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
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: Why a user may not decide: the role they have in the request.
MAKER, SUBJECT, REVIEWED = "maker", "subject", "reviewed"

DEFAULT_MESSAGES = {
    MAKER: _("You made this request, so someone else must decide it."),
    SUBJECT: _("This request is about you, so someone else must decide it."),
    REVIEWED: _("This request disputes what you did, so someone else must decide it."),
}


#: The refusals of a transition asked from a state it does not start from, one per wording
#: style a declaration picks (``Workflow.refusal``): (message, code, how the allowed states are
#: written). The placeholders: ``name`` (the declaration's ``describe(obj)``), ``number``
#: (``obj.number``), ``cycle`` (``str(obj)``), ``current`` (the state's label in lower case),
#: ``stage`` and ``status`` (its label), ``verb`` (the transition's), ``allowed`` (the states it
#: starts from).
REFUSALS = {
    "status": (
        _("%(name)s is %(current)s; it can be %(verb)s only when it is %(allowed)s."),
        "invalid_state",
        "lower",
    ),
    "case": (
        _(
            "Case %(number)s is at the stage “%(stage)s”; it can be %(verb)s only at the "
            "stage %(allowed)s."
        ),
        "invalid_stage",
        "quoted",
    ),
    "cycle": (
        _("%(cycle)s is at the stage “%(stage)s”; %(verb)s only at the stage %(allowed)s."),
        "invalid_stage",
        "quoted",
    ),
    "claim": (
        _(
            "This record cannot be %(verb)s: it is %(status)s, and only a claim awaiting "
            "approval can be."
        ),
        "state",
        "lower",
    ),
    "approved_record": (
        _("Only an approved record can have its approval withdrawn; this one is %(status)s."),
        "state",
        "lower",
    ),
    "decided": (
        _("This application was already decided: %(status)s."),
        "invalid",
        "lower",
    ),
}


def invalid(message, field: str | None = None, code: str = "invalid"):
    """Refuse bad input with ``message`` (on ``field`` when given); nothing is written."""
    if field:
        raise ValidationError({field: ValidationError(message, code=code)})
    raise ValidationError(message, code=code)


@dataclass(frozen=True)
class Transition:
    """One move of a workflow: from any of ``source`` to ``target`` (``None``: the state stays,
    as when an appeal is decided or a suspension's end moves).

    ``verb`` completes the refusal ("it can be *approved* only when ..."); ``permission`` is
    the action the actor needs on the row (``core.permissions``, before and after the write),
    ``denied`` the message when they lack it; ``decision``: separation of duties applies
    (``maker``/``subject``/``reviewed`` may not take it) and ``decided_by``/``decided_at`` are
    stamped when the model has them (``stamp_decision`` overrides); ``guards`` are callables
    ``(obj) -> message or None`` checked on the locked row; ``reason_required`` is the message
    when the reason is blank (on ``reason_field``); ``system``: taken by a scheduled job in
    bulk (``update_records_in_bulk``), drawn in the diagram only."""

    name: str
    source: frozenset[str] | set[str] | tuple[str, ...]
    target: str | None = None
    verb: Promise | str = ""
    permission: str = "change"
    denied: Promise | str | None = None
    decision: bool = False
    stamp_decision: bool | None = None
    guards: tuple[Callable, ...] = ()
    reason_required: Promise | str | None = None
    reason_field: str = "reason"
    system: bool = False
    #: A wording of :data:`REFUSALS` for this transition only (the declaration's otherwise).
    refusal: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "source", frozenset(self.source))
        object.__setattr__(self, "guards", tuple(self.guards))
        if self.stamp_decision is None:
            object.__setattr__(self, "stamp_decision", self.decision)


def _lookups(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Workflow:
    """A model's states and transitions (``field``, ``initial``, ``transitions``, ``refusal``
    style, ``describe`` for the refusal's ``name``), who made a request, whom it is about, and
    which transitions decide it (``decisions``: the declared ones and every ``decision``
    transition)."""

    maker: str | tuple[str, ...] = "created_by"
    subject: str | tuple[str, ...] = ()
    reviewed: str | tuple[str, ...] = ()
    decisions: frozenset[str] | set[str] = field(default_factory=frozenset)
    #: Messages that fit the model better than "request" (e.g. a conduct case), by role.
    messages: dict[str, Promise | str] = field(default_factory=dict)
    field: str = "status"
    #: The states a row is created in (``create_record``), for the diagram.
    initial: frozenset[str] | set[str] | tuple[str, ...] = frozenset()
    transitions: tuple[Transition, ...] | list[Transition] = ()
    refusal: str = "status"
    describe: Callable | None = None

    def __post_init__(self):
        object.__setattr__(self, "transitions", tuple(self.transitions))
        object.__setattr__(self, "initial", frozenset(self.initial))
        decided = {t.name for t in self.transitions if t.decision}
        object.__setattr__(self, "decisions", frozenset(self.decisions) | decided)
        for style in (self.refusal, *(t.refusal for t in self.transitions if t.refusal)):
            if style not in REFUSALS:
                raise ImproperlyConfigured(f"Unknown refusal style {style!r}.")

    def transition(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise ImproperlyConfigured(f"{name!r} is not a declared transition.")

    def state_refusal(
        self, obj, verb, allowed: Iterable[str], style: str | None = None
    ) -> ValidationError:
        """The refusal of ``verb`` on ``obj`` in its state, when only ``allowed`` states may
        (:data:`REFUSALS`, in ``style`` or the declaration's)."""
        message, code, written = REFUSALS[style or self.refusal]
        labels = {k: str(v) for k, v in type(obj)._meta.get_field(self.field).choices}
        current = getattr(obj, self.field)
        label = labels.get(current, current)
        order = list(labels)
        allowed = sorted(allowed, key=lambda s: order.index(s) if s in order else len(order))
        if written == "quoted":
            states = [f"“{labels.get(a, a)}”" for a in allowed]
        else:
            states = [labels.get(a, a).lower() for a in allowed]
        text = str(message) % {
            "name": self.describe(obj) if self.describe else str(obj),
            "number": getattr(obj, "number", obj),
            "cycle": obj,
            "current": label.lower(),
            "stage": label,
            "status": label,
            "verb": verb,
            "allowed": gettext(" or ").join(states),
        }
        return ValidationError(text, code=code)

    def require(self, obj, verb, allowed: Iterable[str]) -> None:
        """Refuse (``ValidationError``) unless ``obj`` is in one of ``allowed`` states."""
        allowed = tuple(allowed)
        if getattr(obj, self.field) not in allowed:
            raise self.state_refusal(obj, verb, allowed)

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


def require(obj, verb, allowed: Iterable[str]) -> None:
    """The state check of an act that is not itself a transition of ``obj``'s workflow (scores
    given while a cycle is open for scoring), refused in the declaration's wording."""
    _declared(obj).require(obj, verb, allowed)


def check(actor, obj, name: str, *, reason: str = "", consequence: bool = False) -> Transition:
    """Whether ``actor`` may take transition ``name`` on ``obj`` (as it is): permission, state,
    separation of duties, guards, reason; raises ``PermissionDenied`` or ``ValidationError``.
    ``consequence``: the transition follows from another act the actor was allowed to take
    (a certificate's recall cancels its registration), so the transition's own permission is
    not asked; state, guards and reason still are."""
    from .permissions import can
    from .services import ACTION_NAMES

    declared = _declared(obj)
    transition = declared.transition(name)
    if actor is not None and not consequence and not can(actor, transition.permission, obj):
        raise PermissionDenied(
            str(transition.denied)
            if transition.denied
            else gettext("You may not %(action)s this record.")
            % {"action": ACTION_NAMES.get(transition.permission, lambda: transition.permission)()}
        )
    if getattr(obj, declared.field) not in transition.source:
        raise declared.state_refusal(obj, transition.verb, transition.source, transition.refusal)
    if transition.decision:
        declared.guard(actor, obj, name)
    for guard_ in transition.guards:
        message = guard_(obj)
        if isinstance(message, ValidationError):
            raise message
        if message:
            invalid(message)
    if transition.reason_required and not (reason or "").strip():
        invalid(transition.reason_required, transition.reason_field, "required")
    return transition


def take(
    actor,
    obj,
    name: str,
    *,
    reason: str = "",
    changes: dict | None = None,
    expected_version: int | None = None,
    m2m=None,
    default_reason: str = "",
    consequence: bool = False,
):
    """Take transition ``name`` on ``obj``: lock the row, :func:`check` it, and write the
    target state with ``changes`` in one ``update_record`` (audited with ``reason``, or
    ``default_reason`` when it is blank; ``expected_version`` refuses a stale form). Returns
    the saved row. ``consequence``: see :func:`check`."""
    from .services import update_record

    with transaction.atomic():
        current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        transition = check(actor, current, name, reason=reason, consequence=consequence)
        declared = _declared(current)
        data = {}
        if transition.target is not None:
            data[declared.field] = transition.target
        if transition.stamp_decision:
            names = {f.name for f in type(current)._meta.concrete_fields}
            if "decided_by" in names:
                data["decided_by"] = actor if getattr(actor, "is_authenticated", False) else None
            if "decided_at" in names:
                data["decided_at"] = timezone.now()
        data.update(changes or {})
        return update_record(
            actor,
            current,
            data,
            (reason or "").strip() or str(default_reason),
            expected_version,
            m2m,
            permission=None if consequence else transition.permission,
        )


def allowed_transitions(actor, obj) -> list[str]:
    """The transitions ``actor`` may take on ``obj`` now (for buttons)."""
    found = []
    for transition in _declared(obj).transitions:
        if transition.system:
            continue
        try:
            check(actor, obj, transition.name, reason="-")
        except (PermissionDenied, ValidationError):
            continue
        found.append(transition.name)
    return found


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


# --- Diagrams ------------------------------------------------------------------------------------

MARKER = "<!-- workflow:{label} -->"
END_MARKER = "<!-- /workflow -->"


def mermaid(model) -> str:
    """The Mermaid ``stateDiagram-v2`` of ``model``'s declaration (English labels): each
    transition with the roles that may take it (its ``permission`` in the model's ``access``)
    and whether it is a decision or a daily job."""
    from django.utils import translation

    from .permissions import policy_of

    declared = _declared(model)
    with translation.override("en"):
        labels = {str(k): str(v) for k, v in model._meta.get_field(declared.field).choices}
        lines = ["```mermaid", "stateDiagram-v2"]
        for state, label in labels.items():
            lines.append(f"    {state} : {label}")
        for state in sorted(declared.initial, key=list(labels).index):
            lines.append(f"    [*] --> {state}")
        policy = policy_of(model)
        for transition in declared.transitions:
            notes = []
            if transition.system:
                notes.append("daily job")
            else:
                notes.append(" ".join(sorted(policy.roles_for(transition.permission))))
            if transition.decision:
                notes.append("decision")
            notes = [note for note in notes if note]
            text = transition.name + (f" ({'; '.join(notes)})" if notes else "")
            for source in sorted(transition.source, key=list(labels).index):
                target = transition.target or source
                lines.append(f"    {source} --> {target} : {text}")
        leaving = {s for t in declared.transitions for s in t.source if (t.target or s) != s}
        reached = declared.initial | {t.target for t in declared.transitions if t.target}
        for state in labels:
            if state in reached and state not in leaving:
                lines.append(f"    {state} --> [*]")
        lines.append("```")
    return "\n".join(lines)


def render_diagrams(text: str) -> str:
    """``text`` (a module's documentation) with every workflow block filled from its
    declaration; blocks of unknown models are left as they are."""
    by_label = {model._meta.label_lower: model for model, _w in declared_workflows()}
    out, rest = [], text
    while True:
        start = rest.find("<!-- workflow:")
        if start < 0:
            out.append(rest)
            return "".join(out)
        head_end = rest.index("-->", start) + 3
        label = rest[start + len("<!-- workflow:") : head_end - 3].strip()
        end = rest.find(END_MARKER, head_end)
        if end < 0 or label not in by_label:
            out.append(rest[:head_end])
            rest = rest[head_end:]
            continue
        out.append(rest[:head_end] + "\n" + mermaid(by_label[label]) + "\n")
        rest = rest[end:]
