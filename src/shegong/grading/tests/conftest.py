"""Messages are checked in English; the grading world (``data.world``) for every test."""

import pytest

from .data import world  # noqa: F401 - the fixture


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""
