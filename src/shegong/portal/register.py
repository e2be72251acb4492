"""Placeholder: filled by the register part of issue 3."""

urlpatterns: list = []
