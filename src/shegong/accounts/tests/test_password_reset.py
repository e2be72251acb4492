"""The password reset an administrator starts (issue 10): a one-time link, e-mailed or shown
once; the person chooses the password; the link works once, expires, and dies when the
password changes. And a person's own e-mail change needs their current password."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

from shegong.accounts import services
from shegong.accounts.models import User
from shegong.core.models import AuditRecord
from shegong.core.testing import factories

NEW = "Lotus-Bridge-4471"
INVALID = "This link does not work: it was already used, it has expired"


@pytest.fixture
def world(tree, orgs):
    return {
        **tree,
        "officer": factories.user("officer", role="district_officer", scope=tree["futian"]),
        "mailed": factories.user(
            "mailed", role="social_worker", home=tree["futian"], email="mailed@example.org"
        ),
        "unmailed": factories.user("unmailed", role="social_worker", home=tree["futian"]),
    }


def start_on_the_page(client, target, reason="forgot it"):
    return client.post(
        reverse("accounts:user_password_reset", args=[target.pk]), {"reason": reason}
    )


def choose(client, link, password=NEW):
    """Open ``link`` (Django moves the token into the session) and submit ``password``."""
    page = client.get(link, follow=True)
    if not page.context["validlink"]:
        return page
    url = page.redirect_chain[-1][0]
    return client.post(url, {"new_password1": password, "new_password2": password})


def test_the_link_is_e_mailed_and_works_once(world, client, mailoutbox, settings):
    settings.PASSWORD_RESET_TIMEOUT = 24 * 3600
    target, officer = world["mailed"], world["officer"]
    client.force_login(officer)
    response = start_on_the_page(client, target)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A link to choose a new password was e-mailed to mailed@example.org." in html
    assert "/accounts/reset/" not in html  # the administrator never sees the e-mailed link
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["mailed@example.org"]
    assert mail.subject == "Choose your password"
    assert "it works once, for 24 hours" in mail.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.body).group(1)
    # The start is in the audit trail, without the link.
    started = AuditRecord.objects.filter(model="accounts.user", object_id=str(target.pk)).first()
    assert started.actor == officer and started.reason == "forgot it"
    assert started.changed_fields == ["password_reset"]
    assert started.after["password_reset"] == "e-mailed"
    assert link.split("/")[-2] not in str(started.after)
    history = client.get(target.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "Password reset: — → e-mailed" in history
    # The person, signed out, chooses the password.
    client.logout()
    response = choose(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    target.refresh_from_db()
    assert target.check_password(NEW)
    changed = AuditRecord.objects.filter(model="accounts.user", object_id=str(target.pk)).first()
    assert changed.actor == target and "password" in changed.changed_fields
    assert NEW not in str(changed.after) and changed.after["password"].startswith("sha256:")
    # A second time: the link is dead (the token hashes the password).
    response = choose(client, link, "Another-Secret-8812")
    assert response.status_code == 200 and INVALID in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(NEW)


def test_without_an_e_mail_address_the_link_is_shown_once(world, client, mailoutbox):
    target = world["unmailed"]
    client.force_login(world["officer"])
    page = client.get(reverse("accounts:user_password_reset", args=[target.pk]))
    assert "the link will be shown to you once, here" in page.content.decode()
    response = start_on_the_page(client, target)
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    link = re.search(r"http://testserver(/accounts/reset/[^<\s]+/)", html).group(1)
    assert "It is shown only now" in html
    assert mailoutbox == []
    record = AuditRecord.objects.filter(model="accounts.user", object_id=str(target.pk)).first()
    assert record.after["password_reset"] == "link shown"
    # Shown once: the page does not show it again.
    again = client.get(reverse("accounts:user_password_reset", args=[target.pk]))
    assert link not in again.content.decode()
    client.logout()
    assert choose(client, link).status_code == 302
    assert User.objects.get(pk=target.pk).check_password(NEW)


def test_the_api_starts_a_reset(world, client, mailoutbox):
    client.force_login(world["officer"])
    response = client.post(
        f"/api/v1/users/{world['unmailed'].pk}/password-reset/", HTTP_X_REASON="locked out"
    )
    assert response.status_code == 201
    assert response.json()["email"] == ""
    assert response.json()["link"].startswith("http://testserver/accounts/reset/")
    response = client.post(f"/api/v1/users/{world['mailed'].pk}/password-reset/")
    assert response.json() == {"email": "mailed@example.org", "link": None}
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("hours, works", [(23, True), (25, False)])
def test_the_link_expires(world, client, monkeypatch, settings, hours, works):
    settings.PASSWORD_RESET_TIMEOUT = 24 * 3600
    target = world["unmailed"]
    started = services.start_password_reset(world["officer"], target)
    later = datetime.now() + timedelta(hours=hours)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = choose(client, started.link)
    assert (response.status_code == 302) is works
    assert User.objects.get(pk=target.pk).check_password(NEW) is works
    if not works:
        assert INVALID in response.content.decode()


def test_the_link_dies_when_the_password_changes(world, client):
    target = world["unmailed"]
    started = services.start_password_reset(world["officer"], target)
    client.force_login(target)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": factories.PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    client.logout()
    response = choose(client, started.link, "Another-Secret-8812")
    assert INVALID in response.content.decode()
    assert User.objects.get(pk=target.pk).check_password(NEW)


def test_a_switched_off_account_gets_no_link(world, client):
    target = world["unmailed"]
    User.objects.filter(pk=target.pk).update(is_active=False)
    client.force_login(world["officer"])
    response = start_on_the_page(client, target, "x")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "This account is switched off: switch it on before resetting its password." in page


# --- Own e-mail change -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "current, accepted",
    [(None, False), ("wrong-password", False), (factories.PASSWORD, True)],
    ids=["missing", "wrong", "right"],
)
def test_a_new_e_mail_address_needs_the_current_password(world, client, current, accepted):
    me = world["mailed"]
    client.force_login(me)
    data = {"last_name": "黄", "first_name": "", "email": "new@example.org", "phone": ""}
    data["version"] = me.version
    if current:
        data["current_password"] = current
    response = client.post(reverse("accounts:profile_edit"), data)
    me.refresh_from_db()
    if accepted:
        assert response.status_code == 302
        assert me.email == "new@example.org"
    else:
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "current_password": ["Enter your current password to change your e-mail address."]
        }
        assert (me.email, me.last_name) == ("mailed@example.org", "")


def test_other_own_details_need_no_password(world, client):
    me = world["mailed"]
    client.force_login(me)
    response = client.post(
        reverse("accounts:profile_edit"),
        {"last_name": "黄", "email": "mailed@example.org", "phone": "", "version": me.version},
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.last_name == "黄"
