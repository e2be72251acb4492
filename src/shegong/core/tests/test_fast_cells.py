"""Issue 13: the common cells of a list are rendered without django-tables2's per-cell work.

``RecordTable.rendered_rows`` prepares, once per page and column, how to read and show a plain
field, a choice field, a relation shown by its name, a date, a yes/no field and the row's link
(reversed once per page); every other cell goes through django-tables2's ``get_cell``. The
page must read exactly as before, character for character: these tests render every
registered table over the district demo both ways, in both languages.
"""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from shegong.accounts.models import User
from shegong.core.models import CalendarDay
from shegong.core.registry import _TABLES
from shegong.core.tables import CalendarDayTable

pytestmark = pytest.mark.django_db

_RENDER = Template("{% load django_tables2 %}{% render_table table %}")


def _html(table_class, rows, request, fast: bool) -> tuple[str, int, int]:
    table = table_class(rows)
    table.fast_cells = fast
    table.paginate(per_page=25)
    html = _RENDER.render(Context({"table": table, "request": request}))
    return html, table.cells_fast, table.cells_slow


def test_every_registered_table_reads_the_same_with_the_fast_cells(rf: RequestFactory):
    call_command("demo_data", "--scale", "district", verbosity=0)
    request = rf.get("/")
    request.user = User.objects.filter(is_superuser=True).first()
    shown = fast_cells = slow_cells = 0
    for label, table_class in sorted(_TABLES.items()):
        model = table_class._meta.model
        rows = table_class.prepare(model.objects.order_by("-pk"))
        if not rows.exists():
            continue
        shown += 1
        for language in ("zh-hans", "en"):
            with translation.override(language):
                before, _fast, slow_only = _html(table_class, rows, request, fast=False)
                after, fast, slow = _html(table_class, rows, request, fast=True)
            assert after == before, f"{label} in {language}"
            assert fast + slow == slow_only > 0
            fast_cells += fast
            slow_cells += slow
    # The demo fills most tables; most of their cells take the fast path.
    assert shown >= 80, shown
    assert fast_cells > 4 * slow_cells, (fast_cells, slow_cells)


def test_the_edges_of_a_fast_cell(rf: RequestFactory):
    """A choice outside the choices shows its stored value, an empty name the column's
    default, a linked date its record's page (reversed once for the page, not per row)."""
    rows = [
        CalendarDay(pk=7, date=datetime.date(2026, 10, 1), kind="holiday", name="国庆节"),
        CalendarDay(pk=8, date=datetime.date(2026, 10, 11), kind="retired", name=""),
        CalendarDay(pk=1234, date=datetime.date(2026, 2, 15), kind="workday", name="<b>"),
    ]
    request = rf.get("/")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            before, _fast, _slow = _html(CalendarDayTable, rows, request, fast=False)
            with mock.patch("shegong.core.tables.reverse", wraps=reverse) as reversed_:
                after, fast, slow = _html(CalendarDayTable, rows, request, fast=True)
            assert after == before
            assert (fast, slow) == (9, 0)
            assert reversed_.call_count == 1
    with translation.override("en"):
        html = _html(CalendarDayTable, rows, request, fast=True)[0]
    assert 'href="/platform/calendardays/1234/"' in html
    assert '<td data-label="Kind">retired</td><td data-label="Name">—</td>' in html
    assert "&lt;b&gt;" in html
