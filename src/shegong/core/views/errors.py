"""Error answers for requests no view handled (issue 10): JSON under ``/api/``, so that an API
client gets the same ``{"detail": "..."}`` shape as from the API's own errors
(``core.api.exceptions``); everywhere else the site's own pages (issue 12, defect 2), in its
layout and the user's language, saying what happened and where to go: ``403.html`` (with the
refusal's message) and ``404.html`` extend ``base.html``; ``500.html`` stands alone (no
request context, no database: the error may be the database), styled by the static files.

``shegong.urls`` sets them as ``handler400``, ``handler403``, ``handler404`` and ``handler500``.
The messages are DRF's own (and so translated by its catalogue).
"""

import logging

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from rest_framework import exceptions

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(exception_class, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(exception_class.default_detail)}, status=status)


def bad_request(request, exception):
    if is_api(request):
        return _json(exceptions.ParseError, 400)
    return defaults.bad_request(request, exception)


def back_url(request) -> str:
    """The page the user came from (this site's only), for a "back" link; "" when unknown."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or referer.endswith(request.get_full_path()):
        return ""
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if safe else ""


def permission_denied(request, exception):
    if is_api(request):
        return _json(exceptions.PermissionDenied, 403)
    # The refusal's own message (it says why and who may), as Django's default passes it.
    context = {"exception": str(exception), "back": back_url(request)}
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception):
    if is_api(request):
        return _json(exceptions.NotFound, 404)
    # Not the exception's text: it names models and queries, in English.
    return render(request, "404.html", {"back": back_url(request)}, status=404)


def server_error(request):
    if is_api(request):
        return _json(exceptions.APIException, 500)
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:  # the page itself failed: Django's plain one, never a second error
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError("<h1>Server Error (500)</h1>")
