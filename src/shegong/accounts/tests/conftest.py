"""Shared fixtures of the accounts tests. Messages are checked in English; API throttle
counts start afresh in every test."""

import pytest

from shegong.core.testing import factories


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""


@pytest.fixture
def orgs(tree):
    """One organisation in each district."""
    return {
        "futian": factories.organisation(tree["futian"], "福田社工服务中心"),
        "luohu": factories.organisation(tree["luohu"], "罗湖社工服务中心"),
    }


@pytest.fixture
def sign_in(client):
    """Sign ``client`` in as a user and return the client."""

    def _sign_in(user):
        client.force_login(user)
        return client

    return _sign_in
