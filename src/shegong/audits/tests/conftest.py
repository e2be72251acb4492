"""Messages are checked in English; API throttle counts start afresh in every test."""

import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""


from shegong.procurement.tests.contract_data import cworld  # noqa: E402, F401
from shegong.procurement.tests.data import world  # noqa: E402, F401
