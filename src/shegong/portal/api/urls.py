"""The public API: no sign-in, rate-limited (``/api/v1/public/``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("register/", views.PublicRegisterView.as_view(), name="public_register"),
    path("verify/", views.PublicVerifyView.as_view(), name="public_verify"),
]
