import pytest

# The compliance dashboard's small world (two districts, an organisation in each).
from shegong.workforce.tests.test_compliance import world  # noqa: F401


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English (the root ``english``)."""
