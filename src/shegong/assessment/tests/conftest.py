"""Messages are checked in English, whatever the default language and its catalogue say;
API throttle counts start afresh in every test."""

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()  # API throttle counts start afresh in every test
    with translation.override("en"):
        yield
