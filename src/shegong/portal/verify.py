"""Placeholder: filled by the verify part of issue 3."""

urlpatterns: list = []
