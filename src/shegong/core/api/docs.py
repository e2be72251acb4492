"""The OpenAPI schema and its two readers, Swagger UI and ReDoc (issue 10).

- Who may read them: everyone in the embedded mode; in production only signed-in users (a
  session or an API token), unless ``SHEGONG_PUBLIC_API_DOCS=1`` opens them
  (``settings.PUBLIC_API_DOCS``). An anonymous visitor of a closed docs page is sent to the
  sign-in page; an anonymous client of the schema gets 401.
- Content-Security-Policy: Swagger UI is served by drf-spectacular's split view, whose start-up
  script is a separate request instead of an inline ``<script>``; both pages use our own
  templates, without inline ``<style>`` and without web fonts from another site. ReDoc draws
  its styles at run time (``<style>`` elements) and parses the schema in a ``blob:`` worker, so
  its page alone gets ``style-src 'unsafe-inline'`` and ``worker-src blob:``.
- No request leaves the server (the app runs on intranets without the internet): ReDoc's
  bundle, from drf-spectacular-sidecar, draws the sidebar's "API docs by Redocly" link with an
  image from ``cdn.redoc.ly``; :func:`redoc_bundle` serves the installed bundle with that
  address pointed at our own icon.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.response import Response


class ApiDocsAccess(BasePermission):
    """Open when ``settings.PUBLIC_API_DOCS`` is on, otherwise signed-in users only."""

    def has_permission(self, request, view):
        if getattr(settings, "PUBLIC_API_DOCS", False):
            return True
        return bool(request.user and request.user.is_authenticated)


class SchemaView(SpectacularAPIView):
    """The schema, generated once per process, language and audience (issue 12, defect 11:
    generating it takes seconds). The code does not change while a process runs, so the
    cache is never invalidated; the key holds the language (descriptions are translated) and
    whether the docs are public (``PUBLIC_API_DOCS``)."""

    permission_classes = [ApiDocsAccess]
    _cache: dict[tuple, dict] = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (
            get_language(),
            bool(getattr(settings, "PUBLIC_API_DOCS", False)),
            self.serve_public,
            request.build_absolute_uri("/"),
            version,
        )
        schema = self._cache.get(key)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = generator.get_schema(request=request, public=self.serve_public)
            self._cache[key] = schema
        filename = self._get_filename(request, version)
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


class _SignInFirst:
    """An HTML docs page sends an anonymous visitor to the sign-in page, then back."""

    permission_classes = [ApiDocsAccess]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


class SwaggerView(_SignInFirst, SpectacularSwaggerSplitView):
    template_name = "core/api_docs/swagger_ui.html"


class RedocView(_SignInFirst, SpectacularRedocView):
    template_name = "core/api_docs/redoc.html"

    @staticmethod
    def _redoc_standalone():
        return reverse("redoc-bundle")


#: ReDoc's bundle as installed (drf-spectacular-sidecar) and the one address in it that is not
#: ours: the logo of its "API docs by Redocly" link.
REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=4)
def _redoc_bundle(logo_url: str) -> bytes:
    text = Path(finders.find(REDOC_BUNDLE)).read_text(encoding="utf-8")
    return text.replace(REDOC_CDN_LOGO, logo_url).encode()


def redoc_bundle(request) -> HttpResponse:
    """The installed ReDoc bundle with its logo from our own static files (read once a
    process; public like any static file: it holds no data)."""
    return HttpResponse(
        _redoc_bundle(static("core/favicon.svg")),
        content_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )


#: The ReDoc page's own relaxation of the policy (see the module docstring).
REDOC_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}


def schema_view():
    return SchemaView.as_view()


def swagger_view(url_name: str):
    return SwaggerView.as_view(url_name=url_name)


def redoc_view(url_name: str):
    return csp_update(REDOC_CSP)(RedocView.as_view(url_name=url_name))
