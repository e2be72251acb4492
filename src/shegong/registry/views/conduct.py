"""Placeholder: filled by the conduct part of issue 3."""

urlpatterns: list = []
