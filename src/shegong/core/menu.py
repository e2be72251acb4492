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

from .permissions import can_any, grants_of, policy_of
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
    return menu_and_key(user, path)[0]


def menu_and_key(user, path: str = "") -> tuple[list[dict], tuple]:
    """:func:`menu_for`, and a key that is equal for two menus exactly when they show the same
    entries with the same one marked (``core.context_processors.menu_bar`` keeps the bar's HTML
    by it, with the language).

    Issue 13: the menu was a third of the layout of every signed-in page (some 90 permission
    questions, then the groups sorted and cut into columns). The questions about a model's
    rows depend only on the user's grants and the models' policies, so their answers are kept
    per set of grants; an entry whose ``shows`` is a function is asked on every request (it may
    read the database: an evaluator's assignments); the groups, sections and columns of a set
    of entries are worked out once. All of it is worked out afresh when an app's declarations
    or a model's policy change (tests do)."""
    if not getattr(user, "is_authenticated", False):
        return [], ()
    declared = _declarations()
    shown = declared.shown(user)
    layout = declared.layout(shown)
    current = max(
        (url for url in layout.urls if path.startswith(url) and url != "/"), key=len, default=None
    )
    menu = []
    for key, label, sections, cut in layout.groups:
        built = [
            {
                "title": title,
                "items": [
                    {"label": text, "url": url, "current": url == current} for text, url in items
                ],
            }
            for title, items in sections
        ]
        flat = [i for section in built for i in section["items"]]
        wide = cut is not None
        menu.append(
            {
                "key": key,
                "label": label,
                "sections": built,
                "columns": [[built[i] for i in column] for column in cut] if wide else [built],
                "items": flat,
                "current": any(i["current"] for i in flat),
                "wide": wide,
            }
        )
    return menu, (declared.version, shown, current)


@dataclass
class _Layout:
    """The menu of one set of entries: its groups in order, each ``(key, label, sections,
    columns)`` with sections ``(title, ((label, url), ...))`` and ``columns`` the indices of
    the sections in each column of a wide drop-down (``None`` when it is not wide); ``urls``
    every entry's address."""

    groups: list[tuple]
    urls: tuple[str, ...]


class _Declarations:
    """The apps' groups and entries as declared, with what is worked out from them once."""

    version = 0

    def __init__(self, sources: tuple):
        _Declarations.version += 1
        self.version = _Declarations.version
        self.sources = sources
        self.groups = {group.key: group for groups, _entries in sources for group in groups}
        self.entries = [entry for _groups, entries in sources for entry in entries]
        self.by_model = [
            (index, apps.get_model(entry.shows))
            for index, entry in enumerate(self.entries)
            if not callable(entry.shows)
        ]
        self.by_function = [
            (index, entry.shows)
            for index, entry in enumerate(self.entries)
            if callable(entry.shows)
        ]
        self.answers: dict[tuple, tuple] = {}
        self.layouts: dict[tuple[int, ...], _Layout] = {}

    def is_current(self, sources: tuple) -> bool:
        return len(sources) == len(self.sources) and all(
            mine[0] is theirs[0] and mine[1] is theirs[1]
            for mine, theirs in zip(self.sources, sources, strict=True)
        )

    def shown(self, user) -> tuple[int, ...]:
        """The indices of the entries the user may use, in declaration order."""
        policies = tuple(policy_of(model) for _index, model in self.by_model)
        key = (user.is_superuser, tuple(grants_of(user)))
        known = self.answers.get(key)
        if known is None or any(a is not b for a, b in zip(known[0], policies, strict=True)):
            if len(self.answers) >= ANSWERS_KEPT:
                self.answers.clear()
            by_model = tuple(
                index for index, model in self.by_model if can_any(user, "view", model, own=False)
            )
            known = self.answers[key] = (policies, by_model)
        by_function = [index for index, shows in self.by_function if shows(user)]
        return tuple(sorted((*known[1], *by_function)))

    def layout(self, shown: tuple[int, ...]) -> _Layout:
        known = self.layouts.get(shown)
        if known is None:
            if len(self.layouts) >= ANSWERS_KEPT:
                self.layouts.clear()
            known = self.layouts[shown] = self._lay_out([self.entries[i] for i in shown])
        return known

    def _lay_out(self, entries: list[Entry]) -> _Layout:
        groups = []
        for key, group in sorted(self.groups.items(), key=lambda kv: (kv[1].order, kv[0])):
            in_group = [e for e in entries if e.group == key]
            if not in_group:
                continue
            by_title: dict = {}
            for entry in sorted(in_group, key=lambda e: e.order):
                by_title.setdefault(entry.section, []).append(
                    (entry.label, entry_url(entry.url_name))
                )
            # The everyday work first, then the titled sections in the order of their first
            # entry, the settings and reference data last.
            sections = sorted(
                by_title.items(), key=lambda kv: (kv[0] is not None, kv[0] == SETTINGS)
            )
            wide = sum(len(items) for _title, items in sections) > WIDE_FROM and len(sections) > 1
            cut = None
            if wide:
                outline = [{"title": title, "items": items} for title, items in sections]
                cut = [
                    [next(i for i, s in enumerate(outline) if s is section) for section in column]
                    for column in columns(outline)
                ]
            groups.append((key, group.label, sections, cut))
        return _Layout(groups, tuple(entry_url(e.url_name) for e in entries))


#: At most this many sets of grants (and of entries) have their menu kept; beyond, the kept
#: ones are dropped and worked out again.
ANSWERS_KEPT = 1024
_declared: _Declarations | None = None


def _declarations() -> _Declarations:
    global _declared  # noqa: PLW0603 - the process's one record of the declarations
    sources = tuple((config.menu_groups, config.navigation) for config in configs())
    if _declared is None or not _declared.is_current(sources):
        _declared = _Declarations(sources)
    return _declared


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
