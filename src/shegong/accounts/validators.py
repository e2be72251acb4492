"""Password rules whose messages Django's own Chinese catalogue leaves in English."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, with its refusal translated: Django 5.2's zh_Hans catalogue
    has no translation of "This password is too short…", so a Chinese user read English."""

    def get_error_message(self):
        # Django's validate() raises this with params={"min_length": ...}, which fill it in.
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        )
