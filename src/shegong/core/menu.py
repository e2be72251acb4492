"""The menu bar (issue 12, point 2): navigation by task, not by model.

Each app declares, in its ``apps.py``, the groups of work it owns and its entries::

    class RegistryConfig(ShegongAppConfig):
        menu_groups = (Group("register", pgettext_lazy("menu", "Register"), order=10),)
        navigation = (
            Entry(pgettext_lazy("menu", "Certificates"), "registry:certificate_list",
                  "registry.certificate", group="register"),
            Entry(pgettext_lazy("menu", "My certificates"), "registry:certificate_list",
                  SELF_SERVICE, group=MINE),
        )

The menu bar shows one drop-down per group (a group with one entry is a plain link), in the
groups' ``order``, and inside a group the entries in their ``order``, in sections (an entry's
``section``: ``None`` for the everyday work, first, then each titled section under its
heading in the order of its first entry, and :data:`SETTINGS` always last). A drop-down of
more than :data:`WIDE_FROM` entries shows its sections in columns (:func:`columns`).
``base.html`` knows no module: a new module (purchase of services, ...) adds its group and
entries by declaring them in its own ``apps.py``.

An entry shows when its ``shows`` says so:

- a model label (``"registry.certificate"``): the user may view some rows of the model
  through a role held in an area or an organisation (``can_any(..., own=False)``), so a
  social worker, who reaches a register's rows only as their owner, does not get the
  officials' lists;
- :data:`SELF_SERVICE`: the user holds a role over their own records (social worker,
  supervisor): the "mine" entries (my registration, my continuing education, ...);
- any other function of the user (e.g. who may read the statistics).

A menu of at most :data:`FLAT_UP_TO` entries (a social worker's) shows every entry as a link
in the bar, without drop-downs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import pgettext_lazy

from .permissions import can_any, grants_of
from .roles import ROLE_SCOPE, ScopeKind

#: The group of a user's own records (my registration, my certificates, ...).
MINE = "mine"
#: The group of the platform's own pages (users, areas, audit trail, parameters, calendar).
SYSTEM = "system"
#: The section title of reference data and rules, under a divider at a group's end.
SETTINGS = pgettext_lazy("menu", "Settings and reference data")
#: A menu with at most this many entries shows them all in the bar, without drop-downs.
FLAT_UP_TO = 5
#: A drop-down with more entries than this shows its sections side by side on a wide screen.
WIDE_FROM = 10
#: A wide drop-down's sections go into at most this many columns, of about this many lines
#: (entries and section titles) each: a column is read at a glance, the drop-down fits 1280 px.
MAX_COLUMNS = 3
COLUMN_LINES = 9


@dataclass(frozen=True)
class Group:
    """A group of work: one drop-down of the menu bar."""

    key: str
    label: str
    order: int = 100


@dataclass(frozen=True)
class Entry:
    """One page of the menu (see the module docstring for ``shows``)."""

    label: str
    url_name: str
    shows: str | Callable[..., bool]
    group: str
    section: str | None = None
    order: int = 100


def self_service(user) -> bool:
    """The user holds a role over their own records (``ScopeKind.SELF``: social worker,
    supervisor)."""
    own_roles = {role for role, kind in ROLE_SCOPE.items() if kind == ScopeKind.SELF}
    return any(grant.role in own_roles for grant in grants_of(user))


SELF_SERVICE = self_service


def entry_shows(entry: Entry, user) -> bool:
    if callable(entry.shows):
        return bool(entry.shows(user))
    return can_any(user, "view", apps.get_model(entry.shows), own=False)


def entry_url(url_name: str) -> str:
    """An entry's address, worked out once per URL configuration and script prefix: the menu
    asks for some fifty on every page (issue 13)."""
    return _reverse(url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=1024)
def _reverse(url_name: str, urlconf: str, prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)


def configs():
    from .apps import ShegongAppConfig  # noqa: PLC0415 - apps imports this module

    return [c for c in apps.get_app_configs() if isinstance(c, ShegongAppConfig)]


def declared_groups() -> dict[str, Group]:
    return {group.key: group for config in configs() for group in config.menu_groups}


def declared_entries() -> list[Entry]:
    return [entry for config in configs() for entry in config.navigation]


def public_entries() -> list[dict]:
    """The pages for everyone, signed in or not (``public_navigation``)."""
    return [
        {"label": label, "url": entry_url(url_name)}
        for config in configs()
        for label, url_name in config.public_navigation
    ]


def menu_for(user, path: str = "") -> list[dict]:
    """The groups of the user's menu, each with its sections and entries, only those the user
    may use. ``path`` (the request's) marks the entry of the page the user is on (the longest
    entry URL it starts with) and its group as ``current``."""
    if not getattr(user, "is_authenticated", False):
        return []
    groups = declared_groups()
    shown = [e for e in declared_entries() if entry_shows(e, user)]
    items = [{"entry": e, "url": entry_url(e.url_name)} for e in shown]
    current = max(
        (i["url"] for i in items if path.startswith(i["url"]) and i["url"] != "/"),
        key=len,
        default=None,
    )
    menu = []
    for key, group in sorted(groups.items(), key=lambda kv: (kv[1].order, kv[0])):
        in_group = [i for i in items if i["entry"].group == key]
        if not in_group:
            continue
        by_title: dict = {}
        for item in sorted(in_group, key=lambda i: i["entry"].order):
            by_title.setdefault(item["entry"].section, []).append(
                {
                    "label": item["entry"].label,
                    "url": item["url"],
                    "current": item["url"] == current,
                }
            )
        # The everyday work first, then the titled sections in the order of their first entry,
        # the settings and reference data last.
        sections = [
            {"title": title, "items": entries}
            for title, entries in sorted(
                by_title.items(), key=lambda kv: (kv[0] is not None, kv[0] == SETTINGS)
            )
        ]
        flat = [i for s in sections for i in s["items"]]
        wide = len(flat) > WIDE_FROM and len(sections) > 1
        menu.append(
            {
                "key": key,
                "label": group.label,
                "sections": sections,
                "columns": columns(sections) if wide else [sections],
                "items": flat,
                "current": any(i["current"] for i in flat),
                "wide": wide,
            }
        )
    return menu


def _lines(section: dict) -> int:
    return len(section["items"]) + (section["title"] is not None)


def columns(sections: list[dict]) -> list[list[dict]]:
    """A wide drop-down's sections, in their order, cut into columns (at most
    :data:`MAX_COLUMNS`, about :data:`COLUMN_LINES` lines each) so that the longest column is as
    short as it can be; a section is never split."""
    lines = [_lines(s) for s in sections]
    count = min(len(sections), MAX_COLUMNS, -(-sum(lines) // COLUMN_LINES))
    best: list[list[dict]] = [sections]
    best_height = sum(lines)

    def cut(start: int, left: int, done: list[list[dict]]):
        nonlocal best, best_height
        if left == 1:
            tried = [*done, sections[start:]]
            height = max(sum(_lines(s) for s in column) for column in tried)
            if height < best_height:
                best, best_height = tried, height
            return
        for end in range(start + 1, len(sections) - left + 2):
            cut(end, left - 1, [*done, sections[start:end]])

    if count > 1:
        cut(0, count, [])
    return best
