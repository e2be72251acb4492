"""Messages are checked in English (the Chinese catalogue has its own test, core/test_i18n);
throttle and rate-limit counters start afresh in every test."""

import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""


@pytest.fixture(autouse=True)
def _register_rules_only(monkeypatch):
    """The register's own renewal rules: conditions that modules above it add to
    ``RENEWAL_CONDITIONS`` (continuing education, issue 5) are tested in their own apps."""
    from shegong.registry.services import registrations

    monkeypatch.setattr(registrations, "RENEWAL_CONDITIONS", [])
