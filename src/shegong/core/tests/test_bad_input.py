"""Issue 10: bad query strings answer with a message, never a 500 — years out of range on the
year filters, ``per_page`` / ``page_size`` that are not page sizes, NUL bytes in the public
register's query and in a verification URL. Meaningful on SQLite and PostgreSQL alike (the CI
runs both): a NUL byte is refused before any query is made."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

#: The list pages and API lists with a year filter (a ``__year`` lookup on a date).
YEAR_PAGES = [
    "registry:certificate_list",
    "registry:registration_list",
    "education:cpdrecord_list",
    "registry:examresult_list",
    "assessment:assessment_list",
]
YEAR_APIS = [
    "api:certificate-list",
    "api:registration-list",
    "api:cpdrecord-list",
    "api:examresult-list",
    "api:assessment-list",
]
BAD_YEARS = ["0", "-1", "12345678901234567890", "1.5", "abc"]


@pytest.fixture(autouse=True)
def _english_messages(english):
    pass


@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize("name", YEAR_PAGES)
def test_bad_year_on_a_list_page_is_a_message_and_an_empty_list(admin_client, name, year):
    response = admin_client.get(reverse(name), {"year": year})
    assert response.status_code == 200
    body = response.content.decode()
    assert any(
        message in body
        for message in (
            "Ensure this value is greater than or equal to 1900.",
            "Ensure this value is less than or equal to 2999.",
            "Enter a whole number.",
        )
    ), body[:3000]
    assert response.context["filter"].errors["year"]
    assert list(response.context["table"].rows) == []


@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize("name", YEAR_APIS)
def test_bad_year_in_the_api_is_a_400_on_the_field(admin_client, name, year):
    response = admin_client.get(reverse(name), {"year": year})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


@pytest.mark.parametrize("name", YEAR_PAGES + YEAR_APIS)
def test_good_year_still_filters(admin_client, name):
    assert admin_client.get(reverse(name), {"year": "2024"}).status_code == 200


def _list_urls() -> list[str]:
    """Every list page without URL arguments (``<app>:<model>_list``)."""
    names = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif (
                isinstance(p, URLPattern)
                and (p.name or "").endswith("_list")
                and namespace not in (None, "api")
                and not p.pattern.converters
            ):
                names.append(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return sorted(set(names))


LIST_PAGES = _list_urls()


def test_the_list_pages_are_found():
    assert {"registry:certificate_list", "organisations:organisation_list"} <= set(LIST_PAGES)
    assert len(LIST_PAGES) > 20


@pytest.mark.parametrize("per_page", ["-1", "abc", "99999999999999999999"])
@pytest.mark.parametrize("name", LIST_PAGES)
def test_any_per_page_on_any_list_page_is_answered(admin_client, name, per_page):
    response = admin_client.get(reverse(name), {"per_page": per_page})
    assert response.status_code in (200, 403), response.status_code


@pytest.mark.parametrize(
    ("per_page", "expected"), [("-1", 10), ("5", 10), ("abc", 25), ("50", 50), ("10000", 200)]
)
def test_per_page_is_bounded(admin_client, per_page, expected):
    response = admin_client.get(reverse("organisations:organisation_list"), {"per_page": per_page})
    assert response.context["table"].paginator.per_page == expected


@pytest.mark.parametrize(
    ("page_size", "status"), [("-1", 200), ("0", 200), ("abc", 200), ("9" * 25, 200)]
)
def test_any_page_size_in_the_api_is_answered(admin_client, page_size, status):
    response = admin_client.get("/api/v1/organisations/", {"page_size": page_size})
    assert response.status_code == status


# --- NUL bytes -----------------------------------------------------------------------------------


def test_nul_in_the_public_register_query_is_a_message(client, db):
    response = client.get("/public-register/", {"q": "SZ2023\x00001"})
    assert response.status_code == 400
    assert "The request contains a NUL character" in response.content.decode()


def test_nul_in_the_public_register_api_is_a_400(client, db):
    response = client.get("/api/v1/public/register/", {"q": "张\x00三"})
    assert response.status_code == 400


def test_nul_in_a_verification_url_is_a_400(client, db):
    response = client.get("/verify/SZ2023%00001/")
    assert response.status_code == 400
    assert "The request contains a NUL character" in response.content.decode()


def test_nul_in_a_form_field_of_a_list_filter_is_a_400(admin_client):
    response = admin_client.get(reverse("organisations:organisation_list"), {"q": "a\x00b"})
    assert response.status_code == 400


# --- Numbers too large for the database or a date -------------------------------------------------


def test_expires_within_too_large_is_a_message(admin_client):
    page = admin_client.get("/register/registrations/", {"expires_within": "9" * 20})
    assert page.status_code == 200
    assert "Ensure this value is less than or equal to 3650." in page.content.decode()
    api = admin_client.get("/api/v1/registrations/", {"expires_within": "9" * 20})
    assert api.status_code == 400
    assert list(api.json()) == ["expires_within"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "张三丰", "page": "9" * 20},
        {"q": "张三丰", "organisation": "9" * 20},
        {"q": "张三丰", "organisation": "-1"},
    ],
)
def test_public_register_numbers_out_of_range_answer_an_empty_page(client, db, params):
    page = client.get("/public-register/", params)
    assert page.status_code == 200
    api = client.get("/api/v1/public/register/", params)
    assert api.status_code == 200
    assert api.json()["results"] == []
