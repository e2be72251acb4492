"""Issue 13: the audit trail does not count every record on every view.

A list that declares ``count = "estimate"`` (the audit trail) takes PostgreSQL's estimate of
its rows when the estimate is 10,000 or more, and says "about N records"; below that, and on
SQLite, it counts them exactly."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.core.models import AuditRecord
from shegong.core.views.generic import estimated_count

pytestmark = pytest.mark.django_db

ESTIMATE = "shegong.core.views.generic.estimated_count"


def _count_line(client, url_name: str, language: str = "en") -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    line = page.split('id="record-count">', 1)[1].split("</p>", 1)[0]
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    return line, [sql for sql in counts if "core_auditrecord" in sql]


def test_on_sqlite_the_trail_is_counted_exactly(admin_client, tree):
    line, counts = _count_line(admin_client, "core:auditrecord_list")
    assert line == "7 records"  # the city's tree and its administrator, as they see it
    assert len(counts) == 1


def test_below_ten_thousand_the_estimate_is_not_shown(admin_client, tree):
    with mock.patch(ESTIMATE, return_value=9_999):
        line, counts = _count_line(admin_client, "core:auditrecord_list")
    assert line == "7 records"
    assert len(counts) == 1


def test_from_ten_thousand_the_estimate_is_shown_and_nothing_counted(admin_client, tree):
    with mock.patch(ESTIMATE, return_value=10_000):
        line, counts = _count_line(admin_client, "core:auditrecord_list")
    assert line == "about 10000 records"
    assert counts == []
    with mock.patch(ESTIMATE, return_value=1_234_567):  # two significant figures
        line, _ = _count_line(admin_client, "core:auditrecord_list")
        chinese, _ = _count_line(admin_client, "core:auditrecord_list", "zh-hans")
    assert line == "about 1200000 records"
    assert chinese == "约 1200000 条记录"


def test_a_list_that_does_not_declare_it_counts(admin_client, tree):
    with mock.patch(ESTIMATE, return_value=1_000_000):
        line, _ = _count_line(admin_client, "areas:area_list")
    assert line == "6 records"


def test_the_estimate_comes_from_the_planner_on_postgresql(tree):
    """``EXPLAIN``'s row estimate of the (filtered) query; nothing on SQLite."""
    records = AuditRecord.objects.filter(model="areas.area")
    if connection.vendor != "postgresql":
        assert estimated_count(records) is None
        return
    with CaptureQueriesContext(connection) as ctx:
        estimate = estimated_count(records)
    assert isinstance(estimate, int) and estimate >= 1
    assert [q["sql"][:21] for q in ctx.captured_queries] == ["EXPLAIN (FORMAT JSON) "[:21]]


def test_the_estimate_explains_the_keys_without_order_or_related_records(tree):
    """Issue 13: planning a pay record list's joins with their order took 7 ms on every page;
    the estimate explains only what a count needs: the keys, the joins of the filters, no
    order and no related records. The estimate of a filtered query is the filtered one."""
    from shegong.workforce.models import PayRecord

    records = (
        PayRecord.objects.filter(employment__person__name="nobody")
        .select_related("employment__person", "employment__post", "grade")
        .order_by("-month", "employment__person__name")
    )
    if connection.vendor != "postgresql":
        assert estimated_count(records) is None
        return
    with CaptureQueriesContext(connection) as ctx:
        estimated_count(records)
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    assert sql.startswith('EXPLAIN (FORMAT JSON) SELECT "workforce_payrecord"."id" AS "pk" FROM')
    assert "ORDER BY" not in sql and "workforce_grade" not in sql and "workforce_post" not in sql
    assert '"people_person"."name" = ' in sql


@pytest.mark.parametrize(
    "url_name", ["workforce:payrecord_list", "workforce:insurancecontribution_list"]
)
def test_pay_and_insurance_lists_are_estimated_too(admin_client, tree, url_name):
    with mock.patch(ESTIMATE, return_value=654_321):
        line, _ = _count_line(admin_client, url_name)
    assert line == "about 650000 records"


def test_a_query_that_can_match_nothing_is_counted_not_explained(tree):
    """A social worker's view of an officials' list can be a filter that matches nothing
    (``pk__in=[]``): Django builds no SQL for it, so there is no plan to read. CI on
    PostgreSQL failed with ``EmptyResultSet`` on 29 list pages before this."""
    nothing = AuditRecord.objects.filter(pk__in=[])
    expected = 0 if connection.vendor == "postgresql" else None
    assert estimated_count(nothing) == expected
