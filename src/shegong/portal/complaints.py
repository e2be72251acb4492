"""Placeholder: filled by the complaints part of issue 3."""

urlpatterns: list = []
