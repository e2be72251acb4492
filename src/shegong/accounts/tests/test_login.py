"""Sign-in throttling (django-axes), the password policy and the session settings."""

import importlib.util
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import shegong.settings
from shegong.accounts import services
from shegong.accounts.models import User
from shegong.core.models import AuditRecord
from shegong.core.testing import factories

LOGIN = "accounts:login"


@pytest.fixture
def people(tree):
    return {
        "zhang": factories.user("zhang", role="social_worker", home=tree["futian"]),
        "li": factories.user("li", role="social_worker", home=tree["futian"]),
    }


def sign_in(client, username, password):
    return client.post(reverse(LOGIN), {"username": username, "password": password})


def test_a_correct_password_signs_in(client, people):
    response = sign_in(client, "zhang", factories.PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(people["zhang"].pk)


def test_after_the_failure_limit_even_the_right_password_is_refused(client, people, settings):
    limit = django_settings.AXES_FAILURE_LIMIT
    assert limit == 5  # LOGIN_FAILURE_LIMIT's default
    for _ in range(limit - 1):
        response = sign_in(client, "zhang", "wrong-password-1")
        assert response.status_code == 200  # the form again, with its error
        assert response.context["form"].errors
    response = sign_in(client, "zhang", "wrong-password-1")
    assert response.status_code in (403, 429)  # the limit is reached: locked out
    locked = sign_in(client, "zhang", factories.PASSWORD)
    assert locked.status_code in (403, 429)
    assert 'id="locked-out"' in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else, from the same address, still signs in.
    other = sign_in(client, "li", factories.PASSWORD)
    assert other.status_code == 302
    assert client.session.get("_auth_user_id") == str(people["li"].pk)


def test_failures_below_the_limit_do_not_lock_and_success_resets_them(client, people):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "zhang", "wrong-password-1")
    assert sign_in(client, "zhang", factories.PASSWORD).status_code == 302
    client.logout()
    # The count starts again after a success (AXES_RESET_ON_SUCCESS).
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "zhang", "wrong-password-1")
    assert sign_in(client, "zhang", factories.PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "password, message",
    [
        ("Sh0rt!x", "This password is too short: it must have at least 10 characters."),
        ("qwertyuiop", "This password is too common."),
        ("8264019375", "This password is entirely numeric."),
        ("newcomer-2024", "The password is too similar to the username."),
    ],
    ids=["short", "common", "numeric", "like-username"],
)
def test_password_policy_when_a_person_chooses_a_password_through_a_reset_link(
    client, tree, password, message
):
    """Administrators no longer set passwords (issue 10): the person chooses one through the
    reset link, and the password policy applies there."""
    user = factories.user("newcomer", home=tree["futian"])
    records = AuditRecord.objects.count()
    page = client.get(services.reset_path(user), follow=True)
    assert page.status_code == 200 and page.context["validlink"] is True
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in e for e in form.errors.get("new_password2", [])), form.errors
    assert form.non_field_errors() == []
    assert 'class="invalid-feedback d-block field-error"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(factories.PASSWORD)
    assert AuditRecord.objects.count() == records


def test_the_api_refuses_a_password_on_creation(client, tree):
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    response = client.post(
        "/api/v1/users/",
        {"username": "newcomer", "area": tree["futian"].pk, "password": "Lotus-Bridge-4471"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["password"] == [
        "Nobody sets another person's password: save the account without it and start a "
        "password reset, which lets the person choose their own."
    ]
    assert not User.objects.filter(username="newcomer").exists()


def test_an_admin_creates_a_user_without_a_password_then_starts_a_reset(client, tree):
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user_add"),
        {
            "username": "newcomer",
            "area": tree["futian"].pk,
            "is_active": "on",
            "password1": "Lotus-Bridge-4471",  # ignored: the form has no password
            "password2": "Lotus-Bridge-4471",
        },
    )
    user = User.objects.get(username="newcomer")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_password_reset", args=[user.pk])
    assert not user.has_usable_password()
    assert not user.check_password("Lotus-Bridge-4471")
    record = AuditRecord.objects.get(model="accounts.user", object_id=str(user.pk))
    assert record.actor == admin and record.action == "create"


def test_session_settings():
    # SESSION_TIMEOUT_MINUTES defaults to 30 unless the environment sets it.
    minutes = int(os.environ.get("SESSION_TIMEOUT_MINUTES") or 30)
    age = django_settings.SESSION_COOKIE_AGE
    assert age == minutes * 60
    assert shegong.settings.SESSION_RENEW_SECONDS == 60  # the tests' conftest.py sets it off


def test_session_timeout_comes_from_the_environment(monkeypatch):
    """A fresh copy of the settings module, read with SESSION_TIMEOUT_MINUTES=7."""
    monkeypatch.setenv("SESSION_TIMEOUT_MINUTES", "7")
    path = Path(shegong.settings.__file__)
    spec = importlib.util.spec_from_file_location("shegong_settings_copy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SESSION_COOKIE_AGE == 7 * 60


def _session_writes(client, path) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    writes = [
        q
        for q in captured
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    ]
    return len(writes), response


def test_the_session_is_renewed_a_minute_after_it_was_last_renewed(
    client, people, monkeypatch, settings
):
    """The idle timeout counts from the last request (to within SESSION_RENEW_SECONDS): a
    request renews the session's expiry when it was last renewed 60 s ago or more, and one
    sooner writes nothing (issue 13: every page wrote its session before)."""
    from shegong.core import middleware

    settings.SESSION_RENEW_SECONDS = 60
    clock = [1_800_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.force_login(people["zhang"])
    profile = reverse("accounts:profile")
    writes, response = _session_writes(client, profile)
    assert writes == 1 and django_settings.SESSION_COOKIE_NAME in response.cookies
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    first_expiry = Session.objects.get(session_key=key).expire_date

    clock[0] += 59
    writes, response = _session_writes(client, profile)
    assert writes == 0 and django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get(session_key=key).expire_date == first_expiry

    clock[0] += 1  # 60 s after the last renewal
    writes, response = _session_writes(client, profile)
    assert writes == 1 and django_settings.SESSION_COOKIE_NAME in response.cookies
    assert Session.objects.get(session_key=key).expire_date > first_expiry


def test_a_visitor_session_is_not_created_by_the_renewal(client, tree):
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "no-such-session-key-000000000000"
    writes, response = _session_writes(client, "/public-register/")
    assert response.status_code == 200 and writes == 0
    assert not Session.objects.exists()


def test_the_short_password_refusal_is_in_chinese(client, tree):
    """Django 5.2's own Chinese catalogue leaves the minimum-length refusal in English."""
    user = factories.user("newcomer", home=tree["futian"])
    page = client.get(
        services.reset_path(user), follow=True, headers={"accept-language": "zh-hans"}
    )
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Sh0rt!x", "new_password2": "Sh0rt!x"},
        headers={"accept-language": "zh-hans"},
    )
    assert response.context["form"].errors["new_password2"] == ["密码太短：至少需要 10 个字符。"]
