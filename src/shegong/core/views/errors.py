"""Error answers for requests no view handled (issue 10): JSON under ``/api/``, so that an API
client gets the same ``{"detail": "..."}`` shape as from the API's own errors
(``core.api.exceptions``); Django's HTML pages everywhere else, unchanged.

``shegong.urls`` sets them as ``handler400``, ``handler403``, ``handler404`` and ``handler500``.
The messages are DRF's own (and so translated by its catalogue).
"""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(exception_class, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(exception_class.default_detail)}, status=status)


def bad_request(request, exception):
    if is_api(request):
        return _json(exceptions.ParseError, 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return _json(exceptions.PermissionDenied, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return _json(exceptions.NotFound, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return _json(exceptions.APIException, 500)
    return defaults.server_error(request)
