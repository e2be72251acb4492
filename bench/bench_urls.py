"""The application's URLs plus two bench-only views: the baseline a public-register lookup is
measured against (a bare Django view reading one row by an indexed key), and the floor of every
page (the site's layout around an empty content block, ``bench/pages.py``)."""

from django.http import Http404, HttpResponse, JsonResponse
from django.template import engines
from django.urls import include, path

from shegong.registry.models import Registration


def bare_lookup(request, number):
    row = (
        Registration.objects.filter(register_number=number)
        .values("register_number", "status", "valid_until")
        .first()
    )
    if row is None:
        raise Http404
    return JsonResponse(row)


_LAYOUT = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>—</h1>{% endblock %}'
)


def layout_only(request):
    """What every HTML page costs before its own content: the session, the menu (signed in),
    the language switcher, the layout's template."""
    return HttpResponse(_LAYOUT.render({"title": "—"}, request))


urlpatterns = [
    path("bench/bare/<str:number>/", bare_lookup),
    path("bench/layout/", layout_only),
    path("", include("shegong.urls")),
]
