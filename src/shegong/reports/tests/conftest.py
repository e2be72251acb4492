import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English (the root ``english``)."""
