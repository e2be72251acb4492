"""Messages are checked in English (the Chinese catalogue has its own test, core/test_i18n);
throttle and rate-limit counters start afresh in every test."""

import pytest

# The procurement tests' world (two districts, plans, organisations), for the tender pages.
from shegong.procurement.tests.data import world  # noqa: F401


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""
