"""Issue 12, point 5 (ADR 0041): on a phone a list of records is a stack of cards, each cell
labelled by its column's header from its ``data-label``. These tests hold the markup to that:
every registered table's cells carry their header, and every hand-written ``table-stack`` in a
template labels each of its data cells, so a new list cannot show unlabelled values on a phone.
How it looks is measured in a browser: ``tests/browser/test_phone_tables.py``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import translation

from shegong.core.registry import _TABLES
from shegong.core.tables import AuditRecordTable
from shegong.core.testing import factories

SRC = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_generic_list_labels_each_cell_with_its_header_in_the_users_language(tree):
    actor = factories.user("cityadmin", role="city_admin", scope=tree["city"])  # audited rows
    request = RequestFactory().get("/platform/audit/")
    request.user = actor
    with translation.override("zh-hans"):
        html = AuditRecordTable(AuditRecordTable.prepare(_audit_rows())).as_html(request)
    assert 'class="table table-sm table-hover align-middle table-stack"' in html
    assert '<thead data-label="排序">' in html
    labels = re.findall(r'<td data-label="([^"]*)"', html)
    assert labels[:6] == ["时间", "操作人", "操作", "记录类型", "记录", "原因"], labels
    with translation.override("en"):
        html = AuditRecordTable(AuditRecordTable.prepare(_audit_rows())).as_html(request)
    labels = re.findall(r'<td data-label="([^"]*)"', html)
    assert labels[:6] == ["Time", "Actor", "Action", "Record type", "Record", "Reason"], labels


def _audit_rows():
    from shegong.core.models import AuditRecord

    return AuditRecord.objects.order_by("-timestamp")


def test_every_registered_table_is_a_stack():
    for table in _TABLES.values():
        assert "table-stack" in table._meta.attrs["class"].split(), table


def _stacked_tables(text: str):
    """The source of each <table> whose class names table-stack."""
    for match in re.finditer(r"<table\b[^>]*>.*?</table>", text, re.S):
        opening = re.match(r"<table\b[^>]*>", match.group(0)).group(0)
        if re.search(r'class="[^"]*\btable-stack\b', opening):
            yield match.group(0)


def test_every_stacked_table_in_a_template_labels_its_cells():
    unlabelled = []
    stacked = 0
    for template in sorted(SRC.glob("*/templates/**/*.html")):
        for table in _stacked_tables(template.read_text(encoding="utf-8")):
            stacked += 1
            body = table.split("</thead>", 1)[-1]
            for td in re.findall(r"<td\b[^>]*>", body):
                # A cell across the whole row (the list is empty) needs no label; a column
                # of buttons says so with data-label="".
                if "data-label=" not in td and "colspan=" not in td:
                    unlabelled.append(f"{template.relative_to(SRC)}: {td}")
    assert stacked >= 13, stacked  # the public register, history, panels, queues …
    assert unlabelled == [], unlabelled
