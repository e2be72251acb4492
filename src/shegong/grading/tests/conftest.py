"""Messages are checked in English; API throttle counts start afresh in every test."""

import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""
