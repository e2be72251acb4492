"""Sign-in throttling (django-axes), the password policy and the session settings."""

import importlib.util
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

import shegong.settings
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
        ("Sh0rt!x", "This password is too short."),
        ("qwertyuiop", "This password is too common."),
        ("8264019375", "This password is entirely numeric."),
        ("newcomer-2024", "The password is too similar to the username."),
    ],
    ids=["short", "common", "numeric", "like-username"],
)
def test_password_policy_when_an_admin_creates_a_user(client, tree, password, message):
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    records = AuditRecord.objects.count()
    response = client.post(
        reverse("accounts:user_add"),
        {
            "username": "newcomer",
            "last_name": "陈",
            "first_name": "新",
            "area": tree["futian"].pk,
            "is_active": "on",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in e for e in form.errors.get("password1", [])), form.errors
    # Shown next to the field, not only at the top of the form.
    assert form.non_field_errors() == []
    assert 'class="invalid-feedback d-block field-error"' in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    assert AuditRecord.objects.count() == records


def test_password_policy_in_the_api(client, tree):
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    response = client.post(
        "/api/v1/users/",
        {"username": "newcomer", "area": tree["futian"].pk, "password": "12345"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "password" in response.json(), response.json()
    assert not User.objects.filter(username="newcomer").exists()


def test_a_good_password_creates_the_user(client, tree):
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user_add"),
        {
            "username": "newcomer",
            "area": tree["futian"].pk,
            "is_active": "on",
            "password1": "Lotus-Bridge-4471",
            "password2": "Lotus-Bridge-4471",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="newcomer")
    assert user.check_password("Lotus-Bridge-4471")
    record = AuditRecord.objects.get(model="accounts.user", object_id=str(user.pk))
    assert "Lotus-Bridge-4471" not in str(record.after)
    assert record.after["password"].startswith("sha256:")


def test_session_settings():
    # SESSION_TIMEOUT_MINUTES defaults to 30 unless the environment sets it.
    minutes = int(os.environ.get("SESSION_TIMEOUT_MINUTES") or 30)
    age = django_settings.SESSION_COOKIE_AGE
    assert age == minutes * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_timeout_comes_from_the_environment(monkeypatch):
    """A fresh copy of the settings module, read with SESSION_TIMEOUT_MINUTES=7."""
    monkeypatch.setenv("SESSION_TIMEOUT_MINUTES", "7")
    path = Path(shegong.settings.__file__)
    spec = importlib.util.spec_from_file_location("shegong_settings_copy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SESSION_COOKIE_AGE == 7 * 60
    assert module.SESSION_SAVE_EVERY_REQUEST is True


def test_the_session_cookie_is_renewed_on_every_request(client, people):
    client.force_login(people["zhang"])
    client.get(reverse("accounts:profile"))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie.value
    response = client.get(reverse("accounts:profile"))
    assert django_settings.SESSION_COOKIE_NAME in response.cookies
