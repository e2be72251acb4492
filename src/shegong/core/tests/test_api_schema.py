"""Issue 10: the OpenAPI schema says what the API does (``core.api.schema.AutoSchema``), and a
request no view handles answers JSON under ``/api/`` (``core.views.errors``).

The whole API is checked against the schema by schemathesis in ``tests/test_api_fuzz.py``; these
tests pin the general rules with written-out expectations.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import ValidationError

from shegong.areas.models import Area
from shegong.core.api.exceptions import exception_handler
from shegong.core.api.jobs import result_type
from shegong.core.testing import factories
from shegong.core.views import errors

MASKED = {"type": "string"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def responses(schema, path, method):
    return sorted(schema["paths"][path][method]["responses"])


# --- error responses, by operation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        # a record's edit: bad input, no token, not allowed, not in scope, changed since read
        ("patch", "/api/v1/areas/{id}/", ["200", "400", "401", "403", "404", "412", "429"]),
        ("put", "/api/v1/areas/{id}/", ["200", "400", "401", "403", "404", "412", "429"]),
        ("delete", "/api/v1/areas/{id}/", ["204", "400", "401", "403", "404", "429"]),
        ("get", "/api/v1/areas/{id}/", ["200", "401", "403", "404", "429"]),
        # a list: bad filter (400), a page past the end (404)
        ("get", "/api/v1/areas/", ["200", "400", "401", "403", "404", "429"]),
        ("post", "/api/v1/areas/", ["201", "400", "401", "403", "404", "429"]),
        # no parameters at all: nothing to be bad or missing
        ("get", "/api/v1/me/", ["200", "401", "403", "429"]),
        # the public register: no credentials read, nobody refused, but rate-limited
        ("get", "/api/v1/public/register/", ["200", "400", "404", "429"]),
        ("post", "/api/v1/public/verify/", ["200", "400", "404", "429"]),
        # a workflow action that takes If-Match
        (
            "post",
            "/api/v1/exam-results/{id}/correct/",
            ["200", "400", "401", "403", "404", "412", "429"],
        ),
    ],
)
def test_every_operation_documents_the_errors_it_can_answer(schema, method, path, codes):
    assert responses(schema, path, method) == codes


def test_error_responses_are_shared_components_in_the_error_handlers_shapes(schema):
    patch = schema["paths"]["/api/v1/areas/{id}/"]["patch"]["responses"]
    assert patch["412"] == {"$ref": "#/components/responses/PreconditionFailed"}
    assert patch["400"] == {"$ref": "#/components/responses/BadRequest"}
    components = schema["components"]
    assert components["responses"]["NotFound"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorDetail"}}
    }
    assert components["schemas"]["ErrorDetail"]["required"] == ["detail"]
    assert components["schemas"]["ValidationError"]["type"] == "object"


def test_an_import_documents_its_report_and_field_errors_for_400(schema):
    """A missing or unreadable file answers ``{"file": [...]}``, not the row report."""
    bad = schema["paths"]["/api/v1/pay-records/import/"]["post"]["responses"]["400"]
    assert bad["content"]["application/json"]["schema"] == {
        "anyOf": [
            {"$ref": "#/components/schemas/PayImportReport"},
            {"$ref": "#/components/schemas/ValidationError"},
        ]
    }


# --- bodies: blank choices, masked private fields, files ---------------------------------------


def test_a_choice_the_model_allows_blank_declares_the_blank(schema):
    """An appeal not yet decided has ``new_rating: ""``; the enum lacked it."""
    new_rating = schema["components"]["schemas"]["Appeal"]["properties"]["new_rating"]
    assert new_rating["oneOf"] == [
        {"$ref": "#/components/schemas/AssessmentRatingEnum"},
        {"$ref": "#/components/schemas/BlankEnum"},
    ]
    assert schema["components"]["schemas"]["BlankEnum"] == {"enum": [""]}


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Person", "birth_date"),  # 1990**** is no date
        ("Person", "national_id"),
        ("Organisation", "contact_email"),  # contac****g.cn is no e-mail
    ],
)
def test_a_masked_private_field_is_a_plain_string_in_responses(schema, component, field):
    declared = schema["components"]["schemas"][component]["properties"][field]
    assert {k: declared[k] for k in ("type",)} == MASKED
    assert "format" not in declared and "oneOf" not in declared and "maxLength" not in declared


def test_a_private_field_keeps_its_format_as_input(schema):
    email = schema["components"]["schemas"]["OrganisationRequest"]["properties"]["contact_email"]
    assert email["oneOf"][0]["format"] == "email"


def test_a_refused_application_is_documented_as_the_application(schema):
    decided = schema["paths"]["/api/v1/registration-applications/{id}/decide/"]["post"]
    assert decided["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ApplicationDecision"
    }
    assert schema["components"]["schemas"]["ApplicationDecision"] == {
        "oneOf": [
            {"$ref": "#/components/schemas/Registration"},
            {"$ref": "#/components/schemas/RegistrationApplication"},
        ]
    }


def test_files_are_documented_with_their_real_content_types(schema):
    result = schema["paths"]["/api/v1/jobs/{id}/result/"]["get"]["responses"]["200"]
    assert sorted(result["content"]) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    ]
    pdf = schema["paths"]["/api/v1/certificates/{id}/pdf/"]["get"]["responses"]["200"]
    assert list(pdf["content"]) == ["application/pdf"]


# --- requests no view handles: JSON under /api/ --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/areas/1/nope/", "/api/x"])
def test_an_unknown_api_path_answers_json_404(client, english, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_an_unknown_page_outside_the_api_stays_html(client, english):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_bad_request_to_the_api_answers_json_400(client, english):
    response = client.get("/api/v1/areas/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "Malformed request."}
    assert client.get("/", HTTP_HOST="evil.example")["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_answers_json_500(english):
    api = errors.server_error(RequestFactory().get("/api/v1/areas/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
    assert api.content == b'{"detail": "A server error occurred."}'
    page = errors.server_error(RequestFactory().get("/areas/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_a_refusal_under_the_api_answers_json_403(english):
    response = errors.permission_denied(RequestFactory().get("/api/v1/areas/"), None)
    assert response.status_code == 403
    assert response.content == b'{"detail": "You do not have permission to perform this action."}'


def test_a_job_result_is_sent_with_the_type_the_schema_declares():
    assert result_type("compliance-2026.xlsx") == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert result_type("exam-import-7.CSV") == "text/csv"


# --- found by the fuzzing: an id beyond any integer column --------------------------------------


@pytest.mark.django_db
def test_an_id_beyond_any_integer_column_is_a_field_error_not_a_500(client, english, tree):
    client.force_login(factories.user(role="city_admin", scope=tree["city"]))
    response = client.get("/api/v1/organisations/?service_fields=-45449488524573310976")
    assert response.status_code == 400
    assert response.json() == {
        "service_fields": [
            "Select a valid choice. -45449488524573310976 is not one of the available choices."
        ]
    }


@pytest.mark.django_db
def test_in_with_out_of_range_integers_matches_only_the_others(tree):
    futian = tree["futian"]
    assert list(Area.objects.filter(pk__in=[futian.pk, 2**70, -(2**70)])) == [futian]
    assert list(Area.objects.filter(pk__in=[2**70])) == []


def test_a_bare_list_of_messages_becomes_non_field_errors(english):
    """A view that raises ``ValidationError("…")`` answered ``["…"]``: the documented 400 is an
    object of messages per field."""
    response = exception_handler(ValidationError("Give either exam_results or session."), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Give either exam_results or session."]}


@pytest.mark.django_db
def test_a_method_an_api_path_does_not_take_answers_json_405(client, english, tree):
    client.force_login(factories.user(role="city_admin", scope=tree["city"]))
    response = client.delete("/api/v1/me/")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}


def test_the_schema_is_generated_once_per_process_and_language(client, db, monkeypatch):
    """Issue 12, defect 11: ``/api/schema/`` took 4-5 s on every request."""
    from shegong.core.api import docs

    monkeypatch.setattr(docs.SchemaView, "_cache", {})
    calls = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    first = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en")
    again = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert len(calls) == 1
    chinese = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 200
    assert len(calls) == 2  # another language: its own schema
