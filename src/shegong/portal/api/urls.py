"""The public API: no sign-in, rate-limited (``/api/v1/public/``)."""

from django.urls import path

from . import ocds, views

urlpatterns = [
    path("register/", views.PublicRegisterView.as_view(), name="public_register"),
    path("verify/", views.PublicVerifyView.as_view(), name="public_verify"),
    path("ocds/releases/", ocds.OcdsReleasesView.as_view(), name="public_ocds_releases"),
    path("ocds/records/", ocds.OcdsRecordsView.as_view(), name="public_ocds_records"),
    path("ocds/bulk/", ocds.OcdsBulkView.as_view(), name="public_ocds_bulk"),
]
