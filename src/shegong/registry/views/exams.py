"""Placeholder: filled by the exams part of issue 3."""

urlpatterns: list = []
