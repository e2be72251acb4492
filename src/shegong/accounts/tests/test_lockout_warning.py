"""The sign-in lockout is announced before it happens (issue 12, point 4).

With the defaults (``LOGIN_FAILURE_LIMIT`` 5, ``LOGIN_COOLOFF_MINUTES`` 15) the form warns after
the 3rd and the 4th failure, the 5th locks, and the locked-out page says for how long and until
when. The count is django-axes's (per user name and client address), for a name that exists
and one that does not alike, so the warning does not tell which names have accounts.
"""

from datetime import UTC, datetime

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from shegong.core.testing import factories

#: 10:27 in Shenzhen (UTC+8): the lock of a failure now ends at 10:42.
NOW = datetime(2026, 12, 7, 2, 27, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: NOW)


@pytest.fixture
def zhang(tree):
    return factories.user("zhang", role="social_worker", home=tree["futian"])


def fail(client, username, **headers):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "wrong-password-1"}, **headers
    )
    return response.status_code, response.content.decode()


def warning_of(body: str) -> str | None:
    start = body.find('id="error-summary-warning">')
    if start < 0:
        return None
    return body[start + len('id="error-summary-warning">') :].split("</p>", 1)[0]


def test_the_defaults():
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME == 0.25  # hours: 15 minutes


@pytest.mark.parametrize("username", ["zhang", "nobody-of-this-name"])
def test_the_last_two_attempts_are_announced_and_the_fifth_locks(client, zhang, username):
    status, body = fail(client, username)
    assert status == 200 and warning_of(body) is None  # 4 left: no warning yet
    status, body = fail(client, username)
    assert status == 200 and warning_of(body) is None  # 3 left
    status, body = fail(client, username)
    assert status == 200
    assert warning_of(body) == (
        "2 attempts left. If they fail too, sign-in is locked for 15 minutes."
    )
    status, body = fail(client, username)
    assert status == 200
    assert warning_of(body) == "1 attempt left. If it fails too, sign-in is locked for 15 minutes."
    status, body = fail(client, username)
    assert status == 429
    assert 'id="locked-out"' in body
    assert (
        "Sign-in with this user name from this device is locked for 15 minutes: "
        "try again after 10:42." in body
    )
    # Locked: another try is refused, and the page says so again.
    status, body = fail(client, username)
    assert status == 429 and "try again after 10:42." in body


def test_the_warning_and_the_lock_in_chinese(client, zhang):
    chinese = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    for _ in range(3):
        status, body = fail(client, "zhang", **chinese)
    assert warning_of(body) == "还可尝试 2 次。如果再失败，登录将被锁定 15 分钟。"
    status, body = fail(client, "zhang", **chinese)
    assert warning_of(body) == "还可尝试 1 次。如果再失败，登录将被锁定 15 分钟。"
    status, body = fail(client, "zhang", **chinese)
    assert status == 429
    assert "此用户名在本设备上的登录已锁定 15 分钟：请在 10:42 之后再试。" in body


def test_a_configured_limit_and_cool_off_are_the_ones_announced(client, zhang, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.5  # LOGIN_COOLOFF_MINUTES=30
    status, body = fail(client, "zhang")
    assert warning_of(body) == (
        "2 attempts left. If they fail too, sign-in is locked for 30 minutes."
    )
    fail(client, "zhang")
    status, body = fail(client, "zhang")
    assert status == 429
    assert "locked for 30 minutes: try again after 10:57." in body


def test_a_success_clears_the_count(client, zhang):
    for _ in range(3):
        fail(client, "zhang")
    response = client.post(
        reverse("accounts:login"), {"username": "zhang", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    client.logout()
    status, body = fail(client, "zhang")
    assert warning_of(body) is None
