"""Personal API tokens: shown once, stored as a hash, expiring, revocable, audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.accounts import services
from shegong.accounts.models import ApiToken, hash_token
from shegong.core.models import AuditRecord
from shegong.core.testing import factories


@pytest.fixture
def person(tree):
    return factories.user("wang", role="social_worker", home=tree["futian"], phone="13812345678")


def stored_values(token: ApiToken) -> list[str]:
    return [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]


def audit_texts() -> str:
    return " ".join(str([r.before, r.after]) for r in AuditRecord.objects.all())


def test_ui_creation_shows_the_key_once_and_stores_only_its_hash(person, sign_in):
    client = sign_in(person)
    response = client.post(reverse("accounts:token_list"), {"name": "report script", "days": 30})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("sg_") and key in response.content.decode()
    token = ApiToken.objects.get(user=person)
    assert token.key_hash == hash_token(key)
    assert key not in stored_values(token)
    assert key not in audit_texts() and token.key_hash not in audit_texts()
    assert token.expires_at - timezone.now() > timedelta(days=29)
    # Shown once: the next visit lists the token without its key.
    again = client.get(reverse("accounts:token_list"))
    assert again.context["new_key"] is None
    assert key not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_api_creation_shows_the_key_once_and_stores_only_its_hash(person, sign_in):
    client = sign_in(person)
    response = client.post(
        "/api/v1/tokens/", {"name": "etl", "days": 10}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    key = response.json()["key"]
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.key_hash == hash_token(key)
    assert key not in stored_values(token)
    listed = client.get("/api/v1/tokens/").json()["results"]
    assert [t["key"] for t in listed] == [None]
    assert client.get(f"/api/v1/tokens/{token.pk}/").json()["key"] is None


def test_a_token_authenticates_and_records_its_last_use(person, client):
    token, key = services.issue_token(person, person, "script")
    assert token.last_used_at is None
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["username"] == "wang"
    token.refresh_from_db()
    assert token.last_used_at is not None
    # "Bearer" works too, and writes need no CSRF token.
    response = client.post(
        "/api/v1/tokens/",
        {"name": "second"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "spoil, message",
    [
        (
            lambda t: ApiToken.objects.filter(pk=t.pk).update(
                expires_at=timezone.now() - timedelta(minutes=1)
            ),
            "This API token has expired.",
        ),
        (
            lambda t: ApiToken.objects.filter(pk=t.pk).update(revoked_at=timezone.now()),
            "This API token was revoked.",
        ),
    ],
    ids=["expired", "revoked"],
)
def test_expired_and_revoked_tokens_are_refused_with_a_clear_message(
    person, client, spoil, message
):
    token, key = services.issue_token(person, person, "script")
    spoil(token)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json()["detail"] == message
    token.refresh_from_db()
    assert token.last_used_at is None


@pytest.mark.parametrize(
    "header, message",
    [
        ("Token sg_deadbeef_not-a-real-key", "This API token is not valid."),
        ("Token garbage", "This API token is not valid."),
        ("Token", "Send the token as: Authorization: Token <key>."),
        ("Token a b", "Send the token as: Authorization: Token <key>."),
    ],
)
def test_bad_tokens_are_refused(person, client, header, message):
    services.issue_token(person, person, "script")
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] == message
    assert response["WWW-Authenticate"] == "Token"


def test_a_key_with_a_right_prefix_and_a_wrong_secret_is_refused(person, client):
    _token, key = services.issue_token(person, person, "script")
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {forged}")
    assert response.status_code == 401


def test_a_token_of_a_disabled_account_is_refused(person, client):
    _token, key = services.issue_token(person, person, "script")
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json()["detail"] == "This account is disabled."


def test_more_days_than_api_token_days_are_refused(person, sign_in, settings):
    settings.API_TOKEN_DAYS = 90
    client = sign_in(person)
    response = client.post(reverse("accounts:token_list"), {"name": "long", "days": 91})
    assert response.status_code == 200
    assert response.context["new_key"] is None
    assert "A token lasts between 1 and 90 days." in response.context["form"].errors["days"]
    api = client.post(
        "/api/v1/tokens/", {"name": "long", "days": 91}, content_type="application/json"
    )
    assert api.status_code == 400
    assert api.json() == {"days": ["A token lasts between 1 and 90 days."]}
    assert not ApiToken.objects.exists()
    ok = client.post(
        "/api/v1/tokens/", {"name": "max", "days": 90}, content_type="application/json"
    )
    assert ok.status_code == 201


def test_people_create_only_their_own_tokens(person, tree):
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    with pytest.raises(services.PermissionDenied):
        services.issue_token(admin, person, "on behalf")
    assert not ApiToken.objects.exists()


def test_revoking_in_the_ui_is_audited_and_stops_the_token(person, sign_in):
    token, key = services.issue_token(person, person, "script")
    client = sign_in(person)
    response = client.post(
        reverse("accounts:token_revoke", args=[token.pk]), {"reason": "laptop lost"}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    record = AuditRecord.objects.get(
        model="accounts.apitoken", object_id=str(token.pk), action="update"
    )
    assert record.actor == person and record.reason == "laptop lost"
    assert record.before["revoked_at"] is None and record.after["revoked_at"]
    client.logout()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    # Revoking twice says so.
    client.force_login(person)
    again = client.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)
    assert "This token is already revoked." in again.content.decode()


def test_revoking_through_the_api_is_audited(person, sign_in):
    token, _key = services.issue_token(person, person, "script")
    client = sign_in(person)
    response = client.delete(f"/api/v1/tokens/{token.pk}/", HTTP_X_REASON="rotated")
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditRecord.objects.filter(
        model="accounts.apitoken", object_id=str(token.pk), action="update", reason="rotated"
    ).exists()
    # Still listed, as revoked.
    assert client.get("/api/v1/tokens/").json()["results"][0]["revoked_at"]
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 400


def test_nobody_revokes_someone_elses_token_from_their_own_pages(person, tree, sign_in):
    token, _key = services.issue_token(person, person, "script")
    stranger = factories.user("li", role="social_worker", home=tree["luohu"])
    client = sign_in(stranger)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_key_whose_secret_contains_underscores_authenticates(person, client, monkeypatch):
    """URL-safe secrets contain "_" about half the time; such keys must work too."""
    monkeypatch.setattr(services.secrets, "token_urlsafe", lambda n: "a_b_c" + "x" * 38)
    _token, key = services.issue_token(person, person, "script")
    assert key.count("_") > 2
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200, response.content
