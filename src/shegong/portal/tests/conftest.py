"""Messages are checked in English (the Chinese catalogue has its own test, core/test_i18n);
throttle and rate-limit counters start afresh in every test."""

import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""
