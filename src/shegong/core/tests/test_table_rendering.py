"""Issue 13: a list renders in time proportional to its page, and cheaply.

django-tables2 inspected a column's ``render`` signature and compiled a date column's template
once per cell, and worked out every cell's ``<td>`` attributes from scratch: the registrations
list took 203 ms for 10 rows and 1,424 ms for 200. ``RecordTable`` does that work once per
column; these tests pin it, and that the table reads exactly as before.
"""

from __future__ import annotations

import inspect
import re
from unittest import mock

import pytest
from django.template import Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from shegong.core.models import AuditRecord
from shegong.core.tables import AuditRecordTable
from shegong.core.testing import factories

pytestmark = pytest.mark.django_db


def _grow(tree, n: int) -> None:
    for i in range(n):
        factories.organisation(tree["futian"], f"机构{i:03d}")


def _counted(admin_client, per_page: int) -> tuple[int, int, int]:
    """(signature inspections, templates compiled, rows) for one page of the audit list."""
    with (
        mock.patch("inspect.signature", wraps=inspect.signature) as signatures,
        mock.patch.object(
            Template, "compile_nodelist", autospec=True, side_effect=Template.compile_nodelist
        ) as compiled,
    ):
        response = admin_client.get(reverse("core:auditrecord_list"), {"per_page": per_page})
    assert response.status_code == 200
    rows = response.content.decode().split("<tbody", 1)[1].count("<tr")
    return signatures.call_count, compiled.call_count, rows


def test_per_cell_work_is_done_once_per_column(admin_client, tree):
    _grow(tree, 45)
    _counted(admin_client, 10)  # caches warm
    small = _counted(admin_client, 10)
    large = _counted(admin_client, 50)
    assert (small[2], large[2]) == (10, 50)
    # The same number of signature inspections and template compilations for 50 rows as for
    # 10 (before: one more of each per cell, 2 × 6 × 40 more for the 40 more rows).
    assert large[:2] == small[:2]


def _normalised(html: str) -> str:
    html = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))
    return re.sub(r"\s+", " ", html)


def test_the_table_reads_as_django_tables2_renders_it(rf: RequestFactory, tree):
    """Every cell and attribute as django-tables2's own Bootstrap template has them: links,
    local times (a date column's template), choices, empty cells, even/odd rows."""
    _grow(tree, 3)
    request = rf.get("/platform/audit/")
    rendered = []
    for template in ("core/partials/table.html", "django_tables2/bootstrap5-responsive.html"):
        table = AuditRecordTable(AuditRecordTable.prepare(AuditRecord.objects.order_by("pk")))
        table.paginate(per_page=25)
        rendered.append(render_to_string(template, {"table": table, "request": request}))
    ours, stock = rendered
    assert ours.count("<td") == 6 * AuditRecord.objects.count() > 6
    assert 'href="/platform/audit/' in ours
    assert _normalised(ours) == _normalised(stock)


def test_a_date_column_reads_as_its_template_renders_it(rf: RequestFactory, tree):
    """Dates are formatted without the date column's template (issue 13): the same cells, in
    both languages, with the column's default for an empty date and the template for a value
    that is not a plain date."""
    import datetime

    import django_tables2 as tables
    from django.utils import translation

    from shegong.core.models import PolicyParameter
    from shegong.core.tables import RecordTable, _template

    class Dated(RecordTable):
        short = tables.DateColumn(accessor="valid_from")
        full = tables.DateColumn(accessor="valid_from", short=False)
        iso = tables.DateColumn(accessor="valid_from", format="Y-m-d")
        missing = tables.DateColumn(accessor="no_such_attribute", default="—")

        class Meta(RecordTable.Meta):
            model = PolicyParameter
            fields = ("key",)

    rows = [
        PolicyParameter(key="a", scope="city", value=1, valid_from=datetime.date(2026, 2, 9)),
        PolicyParameter(key="b", scope="city", value=1, valid_from=datetime.date(2026, 12, 7)),
    ]
    request = rf.get("/")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            rendered = []
            for template in (
                "core/partials/table.html",
                "django_tables2/bootstrap5-responsive.html",
            ):
                table = Dated(rows)
                rendered.append(render_to_string(template, {"table": table, "request": request}))
            ours, stock = rendered
            assert _normalised(ours) == _normalised(stock)
            assert "2026-12-07" in ours and "—" in ours
    with mock.patch("shegong.core.tables._template", wraps=_template) as template:
        render_to_string("core/partials/table.html", {"table": Dated(rows), "request": request})
    assert template.call_count == 0  # no template for a date
    with translation.override("zh-hans"):
        html = render_to_string(
            "core/partials/table.html", {"table": Dated(rows), "request": request}
        )
    assert (
        '<td data-label="Short">2026年12月7日</td><td data-label="Full">2026年12月7日</td>'
        '<td data-label="Iso">2026-12-07</td><td data-label="Missing">—</td>'
    ) in html
