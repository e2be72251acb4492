"""Placeholder: filled by the registrations part of issue 3."""

urlpatterns: list = []
