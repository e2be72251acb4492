"""Who may change whom (issue 10): an account is changed (any field, a membership, a password
reset) only by someone who could grant every membership it holds; nobody grants themselves a
role; nobody sets another person's password.

The world: Shenzhen with Futian and Luohu, one organisation in each. The expected values are
written out by hand from the rule (``roles.GRANTABLE`` inside the granting membership's area,
applied to every membership of the target)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.accounts import services
from shegong.accounts.models import Membership, User
from shegong.core.models import AuditRecord
from shegong.core.testing import factories

ACTORS = ["city_admin", "officer_f", "officer_l", "city_officer", "org_admin_f"]
TARGETS = ["plain_f", "worker_f", "peer_f", "cityofficer_f", "orgadmin_of_l", "worker_l", "self"]

# Whether the actor (row) may manage the target (column). ``peer_f`` is another district
# officer of Futian (a district officer may grant that role in the district);
# ``cityofficer_f`` lives in Futian but holds ``city_officer`` city-wide (only a city admin
# grants it); ``orgadmin_of_l`` lives in Futian but administers Luohu's organisation.
MAY_MANAGE = {
    #               plain_f worker_f peer_f cityofficer_f orgadmin_of_l worker_l self
    "city_admin": [True, True, True, True, True, True, False],
    "officer_f": [True, True, True, False, False, False, False],
    "officer_l": [False, False, False, False, False, True, False],
    "city_officer": [False, False, False, False, False, False, False],
    "org_admin_f": [False, False, False, False, False, False, False],
}

FIELDS = ["username", "email", "is_active", "password_reset", "grant"]


@pytest.fixture
def world(tree, orgs):
    f, lh, city = tree["futian"], tree["luohu"], tree["city"]
    org_f, org_l = orgs["futian"], orgs["luohu"]
    people = {
        "city_admin": factories.user("city_admin", role="city_admin", scope=city, home=f),
        "officer_f": factories.user("officer_f", role="district_officer", scope=f),
        "officer_l": factories.user("officer_l", role="district_officer", scope=lh),
        "city_officer": factories.user("city_officer", role="city_officer", scope=city, home=f),
        "org_admin_f": factories.user("org_admin_f", role="org_admin", scope=org_f),
        "plain_f": factories.user("plain_f", home=f),
        "worker_f": factories.user("worker_f", role="social_worker", home=f, organisation=org_f),
        "peer_f": factories.user("peer_f", role="district_officer", scope=f),
        "cityofficer_f": factories.user("cityofficer_f", role="city_officer", scope=city, home=f),
        "orgadmin_of_l": factories.user("orgadmin_of_l", role="org_admin", scope=org_l, home=f),
        "worker_l": factories.user("worker_l", role="social_worker", home=lh),
    }
    for name in ("worker_f", "cityofficer_f", "worker_l"):
        User.objects.filter(username=name).update(email=f"{name}@example.org")
        people[name].refresh_from_db()
    return {**tree, "org_f": org_f, "org_l": org_l, **people}


def target_of(world, actor_name, target_name):
    return world[actor_name] if target_name == "self" else world[target_name]


def change(field, actor, target):
    if field == "password_reset":
        return services.start_password_reset(actor, target)
    if field == "grant":
        data = {"user": target, "role": "supervisor"}
        return services.create_membership(actor, Membership, data, "appointed")
    value = {"username": "renamed", "email": "new@example.org", "is_active": False}[field]
    return services.update_user(actor, target, {field: value}, "matrix")


def state(target):
    target = User.objects.get(pk=target.pk)
    return (
        target.username,
        target.email,
        target.is_active,
        target.password,
        target.memberships.count(),
        AuditRecord.objects.count(),
    )


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_the_service_matrix(world, mailoutbox, actor_name, field):
    """Every acting role against every kind of target, for every field: allowed exactly where
    the actor could grant every membership of the target; refused with nothing written."""
    actor = world[actor_name]
    actual = []
    for target_name in TARGETS:
        target = target_of(world, actor_name, target_name)
        before = state(target)
        try:
            change(field, actor, target)
        except PermissionDenied:
            assert state(target) == before, (target_name, "a refusal wrote something")
            actual.append(False)
        else:
            assert state(target) != before, target_name
            actual.append(True)
            # Undo, as the system, so that the next column starts from the same world.
            User.objects.filter(pk=target.pk).update(
                username=before[0], email=before[1], is_active=True
            )
            Membership.objects.filter(user=target, role="supervisor").delete()
    assert dict(zip(TARGETS, actual, strict=True)) == dict(
        zip(TARGETS, MAY_MANAGE[actor_name], strict=True)
    )


@pytest.mark.parametrize("actor_name", ACTORS)
def test_manageable_is_the_same_rule_as_a_query(world, actor_name):
    """``manageable`` (for lists and buttons) answers like ``may_manage`` (the services)."""
    actor = world[actor_name]
    expected = {
        target_of(world, actor_name, t).username
        for t, allowed in zip(TARGETS, MAY_MANAGE[actor_name], strict=True)
        if allowed
    }
    names = set(services.manageable(actor, User.objects.all()).values_list("username", flat=True))
    targets = {target_of(world, actor_name, t).username for t in TARGETS}
    assert names & targets == expected
    for target_name in TARGETS:
        target = target_of(world, actor_name, target_name)
        assert services.may_manage(actor, target) is (target.username in names)


def test_city_admin_manages_other_user_managers_of_the_city(world):
    names = set(
        services.manageable(world["city_admin"], User.objects.all()).values_list(
            "username", flat=True
        )
    )
    assert {"officer_f", "officer_l", "city_officer", "org_admin_f"} <= names
    assert "city_admin" not in names


# --- The reproduction of the review's finding --------------------------------------------------

TAKEOVER_MESSAGE = (
    "You may not change the account of “cityofficer_f”: it holds the role "
    "“City social work officer” in “深圳市”, which you may not grant."
)


@pytest.mark.parametrize(
    "body",
    [
        {"password": "Lotus-Bridge-4471"},
        {"email": "attacker@example.org"},
        {"is_active": False},
        {"username": "taken_over"},
    ],
    ids=["password", "email", "is_active", "username"],
)
def test_district_officer_may_not_take_over_a_city_officers_account(world, sign_in, body):
    victim = world["cityofficer_f"]
    client = sign_in(world["officer_f"])
    before = state(victim)
    response = client.patch(f"/api/v1/users/{victim.pk}/", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": TAKEOVER_MESSAGE}
    assert state(victim) == before
    assert User.objects.get(pk=victim.pk).check_password(factories.PASSWORD)


def test_the_takeover_is_refused_on_the_pages_too(world, sign_in, mailoutbox):
    victim = world["cityofficer_f"]
    client = sign_in(world["officer_f"])
    # The officer sees the account (its home area is Futian) but gets no button to change it.
    page = client.get(victim.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("accounts:user_edit", args=[victim.pk]) not in html
    assert reverse("accounts:user_password_reset", args=[victim.pk]) not in html
    assert "Grant a role" not in html
    before = state(victim)  # (the page logged the officer's read of the private phone)
    edit = reverse("accounts:user_edit", args=[victim.pk])
    assert client.get(edit).status_code == 403
    assert (
        client.post(edit, {"username": victim.username, "email": "a@example.org"}).status_code
        == 403
    )
    reset = reverse("accounts:user_password_reset", args=[victim.pk])
    assert client.get(reset).status_code == 403
    assert client.post(reset).status_code == 403
    api = client.post(f"/api/v1/users/{victim.pk}/password-reset/")
    assert api.status_code == 403 and api.json() == {"detail": TAKEOVER_MESSAGE}
    grant = client.post(
        "/api/v1/memberships/",
        {"user": victim.pk, "role": "field_officer", "area": world["futian"].pk},
        content_type="application/json",
    )
    assert grant.status_code == 403 and grant.json() == {"detail": TAKEOVER_MESSAGE}
    assert state(victim) == before
    assert mailoutbox == []


def test_a_manageable_user_shows_the_buttons(world, sign_in):
    target = world["worker_f"]
    page = sign_in(world["officer_f"]).get(target.get_absolute_url()).content.decode()
    assert reverse("accounts:user_edit", args=[target.pk]) in page
    assert reverse("accounts:user_password_reset", args=[target.pk]) in page
    assert "Grant a role" in page


def test_moving_an_account_where_its_roles_are_beyond_the_actor_is_refused(world):
    """The rule holds after the change too: a Futian officer may not hand a Futian user's
    account to Luohu, where its role would be beyond them."""
    with pytest.raises(PermissionDenied, match="You may not change this record."):
        services.update_user(world["officer_f"], world["worker_f"], {"area": world["luohu"]})
    assert User.objects.get(pk=world["worker_f"].pk).area == world["futian"]


# --- Nobody grants themselves a role ------------------------------------------------------------

SELF_GRANT = (
    "Nobody grants themselves a role or changes their own membership: ask another "
    "administrator who may grant this role."
)


def test_self_grant_is_refused_in_the_service_the_api_and_the_page(world, sign_in):
    officer = world["officer_f"]
    before = Membership.objects.count(), AuditRecord.objects.count()
    # The review's case: an officer made itself org_admin of another district's provider.
    for org in (world["org_l"], world["org_f"]):
        with pytest.raises(PermissionDenied) as exc:
            services.create_membership(
                officer, Membership, {"user": officer, "role": "org_admin", "organisation": org}
            )
        assert str(exc.value) == SELF_GRANT
    client = sign_in(officer)
    response = client.post(
        "/api/v1/memberships/",
        {"user": officer.pk, "role": "org_admin", "organisation": world["org_f"].pk},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json() == {"detail": SELF_GRANT}
    response = client.post(
        reverse("accounts:membership_add"),
        {
            "user": officer.pk,
            "role": "field_officer",
            "area": world["futian"].pk,
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [SELF_GRANT]
    assert (Membership.objects.count(), AuditRecord.objects.count()) == before


def test_nobody_widens_their_own_membership_but_may_end_it(world, sign_in):
    officer = world["officer_f"]
    own = officer.memberships.get()
    client = sign_in(officer)
    response = client.patch(
        f"/api/v1/memberships/{own.pk}/",
        {"area": world["city"].pk},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json() == {"detail": SELF_GRANT}
    with pytest.raises(PermissionDenied, match="Nobody grants themselves"):
        services.update_membership(officer, own, {"valid_until": None, "role": "city_admin"})
    own.refresh_from_db()
    assert (own.role, own.area) == ("district_officer", world["futian"])
    # Giving up one's own role is allowed (by the grant rule).
    response = client.delete(f"/api/v1/memberships/{own.pk}/", HTTP_X_REASON="moved on")
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_nobody_manages_their_own_account_on_the_administrators_pages(world, sign_in):
    admin = world["city_admin"]
    client = sign_in(admin)
    assert client.get(reverse("accounts:user_edit", args=[admin.pk])).status_code == 403
    response = client.patch(
        f"/api/v1/users/{admin.pk}/", {"area": world["city"].pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("You may not change your own account here")


# --- Passwords ---------------------------------------------------------------------------------


def test_nobody_sets_another_persons_password(world):
    with pytest.raises(PermissionDenied, match="Nobody sets another person's password"):
        services.set_password(world["city_admin"], world["worker_f"], "Lotus-Bridge-4471")
    with pytest.raises(ValidationError):
        services.update_user(world["city_admin"], world["worker_f"], {"password": "x"})
    with pytest.raises(ValidationError):
        services.create_user(
            world["city_admin"], {"username": "n", "area": world["futian"]}, "Lotus-Bridge-4471"
        )
    assert User.objects.get(pk=world["worker_f"].pk).check_password(factories.PASSWORD)


def test_the_api_refuses_a_password_for_a_manageable_user(world, sign_in):
    target = world["worker_f"]
    response = sign_in(world["city_admin"]).patch(
        f"/api/v1/users/{target.pk}/",
        {"password": "Lotus-Bridge-4471"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "password": [
            "Nobody sets another person's password: save the account without it and start a "
            "password reset, which lets the person choose their own."
        ]
    }
    assert User.objects.get(pk=target.pk).check_password(factories.PASSWORD)


def test_membership_pages_offer_only_what_the_services_allow(world, sign_in):
    officer = world["officer_f"]
    client = sign_in(officer)
    # The city officer's membership: visible (home area Futian), but not the officer's to touch.
    theirs = world["cityofficer_f"].memberships.get()
    page = client.get(reverse("accounts:membership_detail", args=[theirs.pk])).content.decode()
    assert reverse("accounts:membership_edit", args=[theirs.pk]) not in page
    assert reverse("accounts:membership_delete", args=[theirs.pk]) not in page
    assert client.get(reverse("accounts:membership_edit", args=[theirs.pk])).status_code == 403
    # Their own membership: no edit (no self-widening), but they may give it up.
    own = officer.memberships.get()
    page = client.get(reverse("accounts:membership_detail", args=[own.pk])).content.decode()
    assert reverse("accounts:membership_edit", args=[own.pk]) not in page
    assert reverse("accounts:membership_delete", args=[own.pk]) in page
    assert client.get(reverse("accounts:membership_edit", args=[own.pk])).status_code == 403
    # A colleague's membership they could grant: both buttons.
    worker = world["worker_f"].memberships.get()
    page = client.get(reverse("accounts:membership_detail", args=[worker.pk])).content.decode()
    assert reverse("accounts:membership_edit", args=[worker.pk]) in page
    assert reverse("accounts:membership_delete", args=[worker.pk]) in page


# The same matrix through the API for one field (PATCH of the e-mail address): 200 where the
# service allows it, 403 where the actor sees the account but may not manage it, 404 where the
# account is out of the actor's sight. Written out by hand.
API_EMAIL = {
    #               plain_f worker_f peer_f cityofficer_f orgadmin_of_l worker_l self
    "city_admin": [200, 200, 200, 200, 200, 200, 403],
    "officer_f": [200, 200, 200, 403, 403, 404, 403],
    "officer_l": [404, 404, 404, 404, 404, 200, 403],
    "city_officer": [403, 403, 403, 403, 403, 403, 403],
    "org_admin_f": [404, 403, 404, 404, 404, 404, 403],
}


@pytest.mark.parametrize("actor_name", ACTORS)
def test_the_api_matrix_for_the_e_mail_address(world, client, actor_name):
    actor = world[actor_name]
    client.force_login(actor)
    actual = []
    for target_name in TARGETS:
        target = target_of(world, actor_name, target_name)
        before = User.objects.get(pk=target.pk).email
        response = client.patch(
            f"/api/v1/users/{target.pk}/",
            {"email": "changed@example.org"},
            content_type="application/json",
        )
        actual.append(response.status_code)
        if response.status_code == 200:
            assert User.objects.get(pk=target.pk).email == "changed@example.org"
            User.objects.filter(pk=target.pk).update(email=before)
        else:
            assert User.objects.get(pk=target.pk).email == before
    assert dict(zip(TARGETS, actual, strict=True)) == dict(
        zip(TARGETS, API_EMAIL[actor_name], strict=True)
    )


def test_another_persons_api_token_is_revoked_only_by_someone_who_may_manage_them(world):
    victim_token, _key = services.issue_token(world["cityofficer_f"], world["cityofficer_f"], "a")
    with pytest.raises(PermissionDenied) as exc:
        services.revoke_token(world["officer_f"], victim_token, "x")
    assert str(exc.value) == TAKEOVER_MESSAGE
    victim_token.refresh_from_db()
    assert victim_token.revoked_at is None
    worker_token, _key = services.issue_token(world["worker_f"], world["worker_f"], "b")
    assert services.revoke_token(world["officer_f"], worker_token, "lost").revoked_at
