"""The workbench (工作台, issue 12 point 1): what waits for the signed-in user, as a registry
of work queues that the domain apps declare, and the short cuts each role uses most.

``core`` knows nothing of the domain apps (import-linter), so an app declares its queues in
its own ``workbench.py`` (imported by ``ShegongAppConfig.ready``)::

    from shegong.core.workbench import Queue, register_queue

    register_queue(
        Queue(
            key="registry.applications",
            label=_("Registration applications to decide"),
            query=lambda user: decidable(user, RegistrationApplication.objects.filter(...)),
            list_url="registry:registrationapplication_list",
            list_query="status=submitted",
            oldest="submitted_at",
        )
    )

``query(user)`` returns the rows waiting for *this* user: it must go through
``core.permissions.restrict`` (or a decision rule built on it, such as
``core.workflow.exclude_conflicts``), so that a queue never shows a row outside the user's
scope or one the user may not decide (their own). The home page (``portal``) shows each
queue with rows: its label, count, the oldest rows first and a link to the filtered list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

#: How many rows of a queue the workbench lists (oldest first); "see all" opens the list.
SHOWN = 5


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    #: The rows waiting for this user, restricted by scope (see the module docstring).
    query: Callable[..., QuerySet]
    #: URL name of the list page that "see all" opens, and its filter (a query string).
    list_url: str
    list_query: str = ""
    #: The field (a lookup path) that orders the rows, oldest first; shown with each row.
    oldest: str = "created_at"
    #: What that date is (e.g. "Waiting since", "Due by").
    date_label: str = ""
    #: The text of a row (default ``str(obj)``) and its link (default its detail page).
    describe: Callable[[object], str] | None = None
    #: Optional: whether a row is overdue (shown with a badge), e.g. working-day limits.
    overdue: Callable[[object], bool] | None = None
    #: Notifications (``core.notifications``): the model whose new rows enter the queue and
    #: the candidate users to tell (none when the new row does not wait, e.g. a record
    #: imported already approved); only those whose ``query`` holds the row are notified.
    model: type | None = None
    recipients: Callable[[object], Iterable] | None = None


@dataclass(frozen=True)
class Shortcut:
    label: str
    url_name: str
    #: Whether the short cut shows to this user (a role check, a permission).
    shows: Callable[..., bool]
    order: int = 100


QUEUES: dict[str, Queue] = {}
SHORTCUTS: dict[str, Shortcut] = {}


def register_queue(queue: Queue) -> Queue:
    QUEUES[queue.key] = queue
    return queue


def register_shortcut(shortcut: Shortcut) -> Shortcut:
    SHORTCUTS[shortcut.url_name] = shortcut
    return shortcut


@dataclass
class Waiting:
    """One queue as the workbench shows it to one user."""

    queue: Queue
    count: int
    rows: list
    url: str


def waiting_for(user, *, shown: int = SHOWN) -> list[Waiting]:
    """The queues with something waiting for ``user``, each with its count and oldest rows."""
    if not getattr(user, "is_authenticated", False):
        return []
    result = []
    for queue in QUEUES.values():
        rows = queue.query(user)
        count = rows.count()
        if not count:
            continue
        oldest = list(rows.order_by(queue.oldest, "pk")[:shown])
        url = reverse(queue.list_url) + (f"?{queue.list_query}" if queue.list_query else "")
        items = [
            {
                "text": queue.describe(obj) if queue.describe else str(obj),
                "url": obj.get_absolute_url(),
                "date": _follow(obj, queue.oldest),
                "overdue": bool(queue.overdue and queue.overdue(obj)),
            }
            for obj in oldest
        ]
        result.append(Waiting(queue, count, items, url))
    return result


def _follow(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, name, None)
    return obj


def shortcuts_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    shown = sorted(
        (s for s in SHORTCUTS.values() if s.shows(user)), key=lambda s: (s.order, str(s.label))
    )
    return [{"label": s.label, "url": reverse(s.url_name)} for s in shown]


def holds(*roles) -> Callable[..., bool]:
    """A ``Shortcut.shows`` check: the user holds one of ``roles`` (``core.roles.Role``)."""
    from .permissions import grants_of  # noqa: PLC0415 - keeps this module's imports light

    def check(user) -> bool:
        return any(grant.role in roles for grant in grants_of(user))

    return check
