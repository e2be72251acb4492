"""Query-count ceilings: a list of 50 rows costs the same number of queries as a list of 5."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.core.testing import factories


def add_streets(tree, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        factories.area(f"4403040{i + 100:03d}", f"街道{i}", "street", tree["futian"])


def add_organisations(tree, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        factories.organisation(tree["futian"] if i % 2 else tree["luohu"], f"机构{i:03d}")


def add_users(tree, n: int, start: int = 0) -> None:
    orgs = [factories.organisation(tree["futian"]), factories.organisation(tree["luohu"])]
    for i in range(start, start + n):
        factories.user(
            f"person{i:03d}",
            scope=orgs[i % 2],
            phone=f"138{i:08d}",
            last_name="王",
            first_name=str(i),
        )


GROWERS = {"areas": add_streets, "organisations": add_organisations, "users": add_users}


def count_queries(client, url: str, params: dict) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response


def rows_in(response, api: bool) -> int:
    if api:
        return len(response.json()["results"])
    return response.content.decode().count("<tr") - 1  # minus the header row


PAGES = [
    ("areas", "areas:area_list", False),
    ("organisations", "organisations:organisation_list", False),
    ("users", "accounts:user_list", False),
    ("areas", "api:area-list", True),
    ("organisations", "api:organisation-list", True),
    ("users", "api:user-list", True),
]


@pytest.mark.parametrize(("kind", "url_name", "api"), PAGES)
def test_list_queries_do_not_grow_with_rows(admin_client, tree, kind, url_name, api):
    url = reverse(url_name)
    params = {"page_size": 200} if api else {"per_page": 200}
    grow = GROWERS[kind]

    grow(tree, 5)
    small, small_response = count_queries(admin_client, url, params)
    small_rows = rows_in(small_response, api)
    grow(tree, 45, start=5)
    large, large_response = count_queries(admin_client, url, params)
    large_rows = rows_in(large_response, api)

    assert large_rows >= small_rows + 45, (small_rows, large_rows)
    assert large == small, f"{small} queries for {small_rows} rows, {large} for {large_rows}"


@pytest.mark.parametrize(("kind", "url_name", "api"), PAGES)
def test_list_has_an_absolute_ceiling(
    admin_client, tree, django_assert_max_num_queries, kind, url_name, api
):
    GROWERS[kind](tree, 30)
    params = {"page_size": 100} if api else {"per_page": 100}
    with django_assert_max_num_queries(20):
        response = admin_client.get(reverse(url_name), params)
    assert response.status_code == 200


def test_district_officer_list_costs_the_same(client, tree):
    """The scoped (restricted) list is one query too, not one per row."""
    officer = factories.user("futianofficer", role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    url = reverse("organisations:organisation_list")
    add_organisations(tree, 6)
    small, _ = count_queries(client, url, {"per_page": 200})
    add_organisations(tree, 40, start=6)
    large, response = count_queries(client, url, {"per_page": 200})
    assert rows_in(response, False) == 23
    assert large == small


def test_audit_list_costs_the_same(admin_client, tree):
    url = reverse("core:auditrecord_list")
    small, _ = count_queries(admin_client, url, {"per_page": 200})
    add_streets(tree, 40)
    large, response = count_queries(admin_client, url, {"per_page": 200})
    assert rows_in(response, False) > 40
    assert large == small
