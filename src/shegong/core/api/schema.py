"""The OpenAPI schema says what the API does (issue 10).

``AutoSchema`` (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``) adds to drf-spectacular's:

- **the error responses every operation can give**, by what the view is, in the shapes of
  ``core.api.exceptions``: 400 (a message list per field) on writes and on reads that take query
  parameters; 401 wherever a credential is read; 403 wherever a permission or CSRF check can
  refuse; 404 on routes with an id and on paginated lists (a page past the end); 412 on edits
  that take ``If-Match`` or an ``expected_version``; 429 wherever a throttle counts requests.
- **blank choices**: a choice field whose model field may be blank declares ``""`` too (DRF
  drops ``allow_blank`` from read-only fields, but the value is still ``""``).
- **masked private fields** (``RecordSerializer``, ``PRIVATE_FIELDS``) are plain strings in
  responses: a masked birth date (``1990****``) is no ``date``, a masked e-mail no ``email``.

``tests/test_api_fuzz.py`` (schemathesis) checks the result against the running API.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent, force_instance, is_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, AllowAny

from .serializers import RecordSerializer
from .viewsets import RecordViewSet

DETAIL_ERROR = {
    "type": "object",
    "description": "A refusal or an error that is no one field's: `detail` says what is wrong.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "e.g. `concurrent_edit` (412)"},
    },
    "required": ["detail"],
}

VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Bad input: a list of messages per field (`non_field_errors` for the input as a "
        "whole; a nested object or list for nested input). A body that cannot be parsed "
        'answers `{"detail": "..."}`.'
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object", "additionalProperties": {}},
            {"type": "string"},
        ]
    },
}

#: status code: (response component, description, body schema component, body schema)
ERRORS = {
    "400": ("BadRequest", "Bad input: nothing was changed.", "ValidationError", VALIDATION_ERROR),
    "401": (
        "Unauthorized",
        "No credentials, or an unknown or expired token.",
        "ErrorDetail",
        DETAIL_ERROR,
    ),
    "403": ("Forbidden", "The caller may not do this.", "ErrorDetail", DETAIL_ERROR),
    "404": (
        "NotFound",
        "No such record in the caller's scope (named in the path, the query or the input), "
        "or no such page.",
        "ErrorDetail",
        DETAIL_ERROR,
    ),
    "412": (
        "PreconditionFailed",
        "The record changed since it was read (If-Match / expected_version): read it again.",
        "ErrorDetail",
        DETAIL_ERROR,
    ),
    "429": (
        "TooManyRequests",
        "Too many requests: try again after Retry-After seconds.",
        "ErrorDetail",
        DETAIL_ERROR,
    ),
}


class AutoSchema(openapi.AutoSchema):
    def _error_codes(self, operation_parameters: list[dict]) -> list[str]:
        view, method = self.view, self.method
        safe = method in SAFE_METHODS
        in_query = {p["name"] for p in operation_parameters if p.get("in") == "query"}
        in_path = any(p.get("in") == "path" for p in operation_parameters)
        headers = {p["name"].lower() for p in operation_parameters if p.get("in") == "header"}
        permissions = list(getattr(view, "permission_classes", ()))
        open_to_all = bool(permissions) and all(issubclass(p, AllowAny) for p in permissions)
        codes = []
        if not safe or in_query:
            codes.append("400")
        if view.authentication_classes:
            codes.append("401")
        # CSRF refuses a signed-in browser's unsafe request even where everyone may write.
        csrf = any(issubclass(a, SessionAuthentication) for a in view.authentication_classes)
        if not (open_to_all and (safe or not csrf)):
            codes.append("403")
        if in_path or in_query or not safe:
            codes.append("404")
        if not safe and (
            (isinstance(view, RecordViewSet) and method in ("PUT", "PATCH"))
            or "if-match" in headers
            or "expected_version" in self._request_field_names()
        ):
            codes.append("412")
        if getattr(view, "throttle_classes", ()):
            codes.append("429")
        return codes

    def _request_field_names(self) -> set[str]:
        serializer = self.get_request_serializer()
        if not is_serializer(serializer):
            return set()
        return set(getattr(force_instance(serializer), "fields", {}))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes(self._get_parameters()):
            if code in responses:
                if code == "400":
                    self._also_field_errors(responses["400"])
                continue
            response_name, description, body_name, body = ERRORS[code]
            body_component = self._error_body(body_name, body)
            component = ResolvedComponent(
                name=response_name,
                type=ResolvedComponent.RESPONSE,
                object=response_name,
                schema={
                    "description": description,
                    "content": {"application/json": {"schema": body_component.ref}},
                },
            )
            self.registry.register_on_missing(component)
            responses[code] = component.ref
        return responses

    def _also_field_errors(self, response: dict) -> None:
        """An operation that documents its own 400 (an import's row report) still answers
        field errors for input that never reaches it (``{"file": [...]}``): either body."""
        body = self._error_body("ValidationError", VALIDATION_ERROR)
        for media in response.get("content", {}).values():
            declared = media.get("schema")
            if declared and declared != body.ref:
                media["schema"] = {"anyOf": [declared, body.ref]}

    def _error_body(self, name: str, schema: dict) -> ResolvedComponent:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if direction == "response" and _is_masked(field):
            schema = {"type": "string", "description": _MASKED}
            if field.read_only:
                schema["readOnly"] = True
            if field.allow_null:
                schema["nullable"] = True
            full = super()._map_serializer_field(field, direction, bypass_extensions)
            if full.get("type") == "array":
                # A list (a bid's staff): the mask is a string, the value in full a list.
                del schema["type"]
                full.pop("readOnly", None)
                schema["anyOf"] = [{"type": "string"}, full]
            return schema
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "response"
            and _blank_allowed_by_model(field)
            and "" not in schema.get("enum", [""])
        ):
            # What the model (and so the answer) allows: DRF drops ``allow_blank`` from
            # read-only fields. Before ``None``, as drf-spectacular orders them.
            enum = schema["enum"]
            enum.insert(enum.index(None) if None in enum else len(enum), "")
        return schema

    def _insert_field_validators(self, field, schema):
        if "format" not in schema and schema.get("description") == _MASKED:
            return  # a masked value keeps no length, pattern or format
        super()._insert_field_validators(field, schema)


_MASKED = (
    "Private: masked (e.g. `440304********123X`, `******`) unless a detail read by a role "
    "that may see it in full; so a plain string whatever the field's type."
)


def _model_field(field):
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "")
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:  # a property or an annotation
        return None


def _blank_allowed_by_model(field) -> bool:
    if not isinstance(field, serializers.ChoiceField) or field.allow_blank:
        return False
    model_field = _model_field(field)
    return model_field is not None and model_field.blank


def _is_masked(field) -> bool:
    """Mirrors ``RecordSerializer.to_representation``: its model's ``PRIVATE_FIELDS``, by the
    serializer's field name."""
    parent = getattr(field, "parent", None)
    if not isinstance(parent, RecordSerializer):
        return False
    model = getattr(getattr(parent, "Meta", None), "model", None)
    return field.field_name in getattr(model, "PRIVATE_FIELDS", ())
