"""Demo account names as a fresh database has them, in a test database.

The README and the tests name demo accounts after their organisation's id
(``orgadmin_36``, ``worker_36_2``), which is what a fresh database gives the demo's
organisations (1, 2, …). A test database on PostgreSQL keeps its sequences across tests (a
rolled-back test does not give its ids back), so there the demo's organisations start later:
:func:`demo_username` shifts the id by that offset."""

from __future__ import annotations

import re

from shegong.organisations.models import Organisation


def demo_username(name: str) -> str:
    """``name`` (e.g. ``worker_36_2``) with its organisation id shifted as the demo's
    organisations are in this database (the demo creates them one after another)."""
    match = re.fullmatch(r"(worker|orgadmin)_(\d+)(_\d+)?", name)
    if match is None:
        return name
    first = Organisation.objects.order_by("pk").values_list("pk", flat=True).first() or 1
    return f"{match.group(1)}_{int(match.group(2)) + first - 1}{match.group(3) or ''}"
