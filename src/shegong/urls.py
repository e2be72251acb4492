from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from shegong.core.api.docs import redoc_bundle, redoc_view, schema_view, swagger_view
from shegong.core.views.health import healthz

api_v1 = [
    # The public API first (issue 13): the apps' routes below are included without a prefix,
    # so a visitor's lookup listed last was tried against every signed-in route (some 320
    # patterns, 38 % of the request) before it was found. No route of theirs starts with
    # ``public/`` (core/tests/test_urls.py).
    path("public/", include("shegong.portal.api.urls")),
    path("", include("shegong.core.api.urls")),
    path("", include("shegong.areas.api.urls")),
    path("", include("shegong.organisations.api.urls")),
    path("", include("shegong.accounts.api.urls")),
    path("", include("shegong.people.api.urls")),
    path("", include("shegong.registry.api.urls")),
    path("", include("shegong.workforce.api.urls")),
    path("", include("shegong.assessment.api.urls")),
    path("", include("shegong.education.api.urls")),
    path("", include("shegong.governance.api.urls")),
    path("", include("shegong.grading.api.urls")),
    path("", include("shegong.funding.api.urls")),
    path("", include("shegong.procurement.api.urls")),
    path("", include("shegong.inspections.api.urls")),
    path("", include("shegong.incubation.api.urls")),
    path("", include("shegong.audits.api.urls")),
    path("", include("shegong.oversight.api.urls")),
]

# There is no Django admin: every write goes through the services and the audit trail.
urlpatterns = [
    path("", include("shegong.portal.urls")),
    path("healthz/", healthz, name="healthz"),
    # Browsers and tools that ignore <link rel="icon"> ask for /favicon.ico: without this every
    # such request is a 404 in the log and a console error in the browser. Lazy: with the
    # manifest storage of production, the hashed name is known only after collectstatic.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("core/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("shegong.accounts.urls")),
    path("areas/", include("shegong.areas.urls")),
    path("organisations/", include("shegong.organisations.urls")),
    path("people/", include("shegong.people.urls")),
    path("register/", include("shegong.registry.urls")),
    path("workforce/", include("shegong.workforce.urls")),
    path("assessment/", include("shegong.assessment.urls")),
    path("education/", include("shegong.education.urls")),
    path("governance/", include("shegong.governance.urls")),
    path("grading/", include("shegong.grading.urls")),
    path("funding/", include("shegong.funding.urls")),
    path("procurement/", include("shegong.procurement.urls")),
    path("inspections/", include("shegong.inspections.urls")),
    path("incubation/", include("shegong.incubation.urls")),
    path("audits/", include("shegong.audits.urls")),
    path("oversight/", include("shegong.oversight.urls")),
    path("statistics/", include("shegong.reports.urls")),
    path("platform/", include("shegong.core.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    # Signed-in users only in production unless SHEGONG_PUBLIC_API_DOCS=1 (core/api/docs.py).
    path("api/schema/", schema_view(), name="schema"),
    path("api/docs/", swagger_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", redoc_view(url_name="schema"), name="redoc"),
    path("api/redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
]

# JSON under /api/, Django's HTML pages elsewhere (core.views.errors).
handler400 = "shegong.core.views.errors.bad_request"
handler403 = "shegong.core.views.errors.permission_denied"
handler404 = "shegong.core.views.errors.page_not_found"
handler500 = "shegong.core.views.errors.server_error"
