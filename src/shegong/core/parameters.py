"""Reading policy parameters: the row in force on a date (the numbers of policy rules are
dated data, not code).

    row = parameters.get("registry.registration_years", on=date(2026, 5, 1))
    row.value  # 1

Missing parameters are a configuration error, reported with the key and date, never a
silent default in code: defaults are seeded by data migrations (each app's ``parameters.py``),
each row with its source.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .models import PolicyParameter

#: Inside :func:`memoised`: each parameter's rows, read once (``{(key, scope): rows}``).
_memo: ContextVar[dict | None] = ContextVar("shegong_parameter_memo", default=None)


@contextmanager
def memoised():
    """Within the block, a parameter's rows are read once, whatever the dates asked: for a
    page that applies a rule to each of its rows (issue 13: the review queue read three
    parameters per application)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def get(key: str, on: date | None = None, scope: str = "city") -> PolicyParameter:
    on = on or timezone.localdate()
    memo = _memo.get()
    if memo is None:
        row = (
            PolicyParameter.objects.filter(key=key, scope=scope, valid_from__lte=on)
            .order_by("-valid_from")
            .first()
        )
    else:
        if (key, scope) not in memo:
            memo[key, scope] = list(
                PolicyParameter.objects.filter(key=key, scope=scope).order_by("-valid_from")
            )
        row = next((r for r in memo[key, scope] if r.valid_from <= on), None)
    if row is None:
        raise ImproperlyConfigured(f"No policy parameter {key!r} ({scope}) in force on {on}.")
    return row


def value(key: str, on: date | None = None, scope: str = "city"):
    return get(key, on, scope).value


def seed(apps, rows) -> None:
    """For data migrations: create parameter rows that do not exist yet."""
    model = apps.get_model("core", "PolicyParameter")
    for row in rows:
        model.objects.get_or_create(
            key=row["key"],
            scope=row.get("scope", "city"),
            valid_from=row.get("valid_from", date(2000, 1, 1)),
            defaults={
                "value": row["value"],
                "source": row.get("source", ""),
                "note": row.get("note", ""),
            },
        )


#: Seconds a parameter's history stays cached (a change is seen at once in the process that
#: saves it, and in the others at the latest after this, with a per-process cache).
HISTORY_SECONDS = 300


def history_key(key: str, scope: str) -> str:
    return f"policy-history:{key}:{scope}"


def history(key: str, scope: str = "city") -> list[tuple[date, object]]:
    """Every row of a parameter as ``(valid_from, value)``, oldest first, cached: for rules
    that need the whole timeline (e.g. where each CPD year starts), read many times a
    request. Saving or deleting a row forgets it (``core.models``)."""
    found = cache.get(history_key(key, scope))
    if found is None:
        found = list(
            PolicyParameter.objects.filter(key=key, scope=scope)
            .order_by("valid_from")
            .values_list("valid_from", "value")
        )
        cache.set(history_key(key, scope), found, HISTORY_SECONDS)
    return found
