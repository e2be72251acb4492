"""Messages are checked in English (the Chinese catalogue has its own test, core/test_i18n);
throttle and rate-limit counters start afresh in every test."""

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"):
        yield
