"""Placeholder: filled by the certificates part of issue 3."""

urlpatterns: list = []
