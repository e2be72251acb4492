"""The application's URLs plus one bench-only view: the baseline a public-register lookup is
measured against (a bare Django view reading one row by an indexed key)."""

from django.http import Http404, JsonResponse
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


urlpatterns = [
    path("bench/bare/<str:number>/", bare_lookup),
    path("", include("shegong.urls")),
]
