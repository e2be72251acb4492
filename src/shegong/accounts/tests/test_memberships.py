"""Who may grant which role in which scope (``accounts.services``), and when a membership is in
force."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from shegong.accounts import services
from shegong.accounts.models import Membership
from shegong.core.models import AuditRecord
from shegong.core.permissions import can
from shegong.core.roles import ROLE_SCOPE, Role, ScopeKind
from shegong.core.testing import factories
from shegong.organisations.models import Organisation


@pytest.fixture
def world(tree, orgs):
    return {
        **tree,
        "org_f": orgs["futian"],
        "org_l": orgs["luohu"],
        "officer": factories.user("officer", role="district_officer", scope=tree["futian"]),
        "admin": factories.user("admin", role="city_admin", scope=tree["city"]),
        "person_f": factories.user("person_f", home=tree["futian"]),
        "person_l": factories.user("person_l", home=tree["luohu"]),
    }


def scope_for(role, world, district="futian"):
    kind = ROLE_SCOPE[Role(role)]
    if kind == ScopeKind.AREA:
        return {"area": world[district]}
    if kind == ScopeKind.ORGANISATION:
        return {"organisation": world["org_f" if district == "futian" else "org_l"]}
    return {}


def written():
    return Membership.objects.count(), AuditRecord.objects.count()


@pytest.mark.parametrize(
    "role",
    [
        Role.DISTRICT_OFFICER,
        Role.FIELD_OFFICER,
        Role.ORG_ADMIN,
        Role.SOCIAL_WORKER,
        Role.SUPERVISOR,
        Role.VOLUNTEER_FEDERATION,
    ],
)
def test_district_officer_grants_their_roles_inside_their_district(world, role):
    data = {"user": world["person_f"], "role": role, **scope_for(role, world)}
    membership = services.create_membership(world["officer"], Membership, data, "new job")
    assert membership.pk
    record = AuditRecord.objects.get(model="accounts.membership", object_id=str(membership.pk))
    assert record.actor == world["officer"] and record.reason == "new job"


def test_district_officer_grants_below_their_district(world):
    data = {"user": world["person_f"], "role": "field_officer", "area": world["futian_street"]}
    assert services.create_membership(world["officer"], Membership, data).pk


@pytest.mark.parametrize(
    "role, scope, message",
    [
        (
            "org_admin",
            "org_l",
            "You may not grant the role “Organisation administrator” in “罗湖社工服务中心”.",
        ),
        ("field_officer", "luohu", "You may not grant the role “Field department officer”"),
        ("district_officer", "city", "You may not grant the role “District officer” in “深圳市”."),
        ("city_admin", "futian", "You may not grant the role “City administrator” in “福田区”."),
        ("city_officer", "futian", "You may not grant the role “City social work officer”"),
        ("auditor", "futian", "You may not grant the role “Auditor”"),
        ("certificate_issuer", "futian", "You may not grant the role “Certificate issuer"),
    ],
)
def test_district_officer_may_not_grant_outside_their_district_or_above_their_rank(
    world, role, scope, message
):
    kind = ROLE_SCOPE[Role(role)]
    key = "organisation" if kind == ScopeKind.ORGANISATION else "area"
    data = {"user": world["person_f"], "role": role, key: world[scope]}
    before = written()
    with pytest.raises(PermissionDenied) as exc:
        services.create_membership(world["officer"], Membership, data)
    assert message in str(exc.value)
    assert written() == before


def test_a_self_scoped_role_for_someone_in_another_district_is_refused(world):
    before = written()
    with pytest.raises(PermissionDenied, match="You may not grant the role “Social worker”"):
        services.create_membership(
            world["officer"], Membership, {"user": world["person_l"], "role": "social_worker"}
        )
    assert written() == before


def test_refusal_in_the_form_shows_the_message_and_writes_nothing(world, sign_in):
    client = sign_in(world["officer"])
    before = written()
    response = client.post(
        reverse("accounts:membership_add"),
        {
            "user": world["person_f"].pk,
            "role": "org_admin",
            "organisation": world["org_l"].pk,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    # The organisation field only offers what the officer sees, so Luohu's is not a choice.
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    response = client.post(
        reverse("accounts:membership_add"),
        {
            "user": world["person_f"].pk,
            "role": "city_admin",
            "area": world["futian"].pk,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == ["You may not grant the role “City administrator” in “福田区”."]
    assert "You may not grant the role" in response.content.decode()
    assert written() == before


def test_district_officer_creates_a_membership_through_the_form(world, sign_in):
    client = sign_in(world["officer"])
    response = client.post(
        reverse("accounts:membership_add"),
        {
            "user": world["person_f"].pk,
            "role": "org_admin",
            "organisation": world["org_f"].pk,
            "valid_from": timezone.localdate().isoformat(),
            "reason": "appointed",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    membership = Membership.objects.get(user=world["person_f"])
    assert membership.organisation == world["org_f"]
    assert can(world["person_f"], "change", world["org_f"])


@pytest.mark.parametrize("role", list(Role))
def test_city_admin_grants_any_role(world, role):
    data = {"user": world["person_l"], "role": role, **scope_for(role, world, "luohu")}
    membership = services.create_membership(world["admin"], Membership, data)
    assert membership.pk


def test_an_edit_may_not_move_a_membership_out_of_the_district(world):
    """The grant rules apply to the edited membership, not to the one before the edit."""
    membership = services.create_membership(
        world["officer"],
        Membership,
        {"user": world["person_f"], "role": "field_officer", "area": world["futian_street"]},
    )
    with pytest.raises(PermissionDenied, match="You may not grant"):
        services.update_membership(world["officer"], membership, {"area": world["luohu"]})
    with pytest.raises(PermissionDenied, match="You may not grant"):
        services.update_membership(world["officer"], membership, {"area": world["city"]})
    with pytest.raises(PermissionDenied, match="You may not grant"):
        services.update_membership(world["officer"], membership, {"role": "city_admin"})
    membership.refresh_from_db()
    assert (membership.role, membership.area) == ("field_officer", world["futian_street"])
    # Inside the district the edit goes through.
    services.update_membership(world["officer"], membership, {"area": world["futian"]})
    membership.refresh_from_db()
    assert membership.area == world["futian"]


def test_an_edit_in_the_form_may_not_move_a_membership_out_of_the_district(world, sign_in):
    membership = services.create_membership(
        None,
        Membership,
        {"user": world["person_f"], "role": "field_officer", "area": world["futian"]},
    )
    client = sign_in(world["officer"])
    # Luohu is visible (areas are reference data), so it is a valid choice of the form.
    response = client.post(
        reverse("accounts:membership_edit", args=[membership.pk]),
        {
            "user": world["person_f"].pk,
            "role": "field_officer",
            "area": world["luohu"].pk,
            "valid_from": membership.valid_from.isoformat(),
            "version": membership.version,
        },
    )
    assert response.status_code == 200
    assert "You may not grant" in str(response.context["form"].non_field_errors())
    membership.refresh_from_db()
    assert membership.area == world["futian"]


def test_ending_a_membership_follows_the_grant_rules(world, sign_in):
    admin_membership = services.create_membership(
        None, Membership, {"user": world["person_f"], "role": "city_admin", "area": world["futian"]}
    )
    # A second person of the district, who holds nothing beyond the officer's reach.
    colleague = factories.user("colleague_f", home=world["futian"])
    worker_membership = services.create_membership(
        None, Membership, {"user": colleague, "role": "social_worker"}
    )
    client = sign_in(world["officer"])
    response = client.post(
        reverse("accounts:membership_delete", args=[admin_membership.pk]), follow=True
    )
    assert "You may not grant the role “City administrator”" in response.content.decode()
    assert Membership.objects.filter(pk=admin_membership.pk).exists()
    response = client.post(
        reverse("accounts:membership_delete", args=[worker_membership.pk]), {"reason": "left"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=worker_membership.pk).exists()
    assert AuditRecord.objects.filter(
        model="accounts.membership", object_id=str(worker_membership.pk), action="delete"
    ).exists()


@pytest.mark.parametrize(
    "role, scope, fields",
    [
        ("field_officer", {}, {"area"}),
        ("field_officer", {"organisation": "org_f"}, {"area", "organisation"}),
        ("org_admin", {}, {"organisation"}),
        ("org_admin", {"area": "futian"}, {"area", "organisation"}),
        ("social_worker", {"area": "futian"}, {"area"}),
        ("supervisor", {"organisation": "org_f"}, {"area"}),
    ],
)
def test_the_scope_must_match_the_kind_of_role(world, role, scope, fields):
    data = {"user": world["person_f"], "role": role}
    data.update({k: world[v] for k, v in scope.items()})
    before = written()
    with pytest.raises(ValidationError) as exc:
        services.create_membership(world["admin"], Membership, data)
    assert set(exc.value.message_dict) == fields
    assert written() == before


def test_scope_mismatch_errors_sit_next_to_the_fields_in_the_form(world, sign_in):
    client = sign_in(world["admin"])
    response = client.post(
        reverse("accounts:membership_add"),
        {
            "user": world["person_f"].pk,
            "role": "org_admin",
            "area": world["futian"].pk,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["area"] == ["This role is held in an organisation, not an area."]
    assert errors["organisation"] == ["This role is held in an organisation: choose one."]


def test_end_date_before_start_date_is_refused(world, sign_in):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.create_membership(
            world["admin"],
            Membership,
            {
                "user": world["person_f"],
                "role": "social_worker",
                "valid_from": today,
                "valid_until": today - timedelta(days=1),
            },
        )
    assert exc.value.message_dict == {"valid_until": ["The end date is before the start date."]}
    client = sign_in(world["admin"])
    response = client.post(
        reverse("accounts:membership_add"),
        {
            "user": world["person_f"].pk,
            "role": "social_worker",
            "valid_from": today.isoformat(),
            "valid_until": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.context["form"].errors == {
        "valid_until": ["The end date is before the start date."]
    }
    assert not Membership.objects.filter(user=world["person_f"]).exists()


@pytest.mark.parametrize(
    "valid_from, valid_until, in_force",
    [
        (-30, -1, False),  # ended yesterday
        (1, None, False),  # starts tomorrow
        (-30, 0, True),  # ends today: still in force today
        (0, None, True),
    ],
    ids=["expired", "future", "last-day", "open-ended"],
)
def test_only_memberships_in_force_give_access(world, client, valid_from, valid_until, in_force):
    today = timezone.localdate()
    user = factories.user("temp", home=world["futian"])
    services.create_membership(
        None,
        Membership,
        {
            "user": user,
            "role": "district_officer",
            "area": world["futian"],
            "valid_from": today + timedelta(days=valid_from),
            "valid_until": None if valid_until is None else today + timedelta(days=valid_until),
        },
    )
    user = type(user).objects.get(pk=user.pk)  # no cached grants
    org = world["org_f"]
    assert can(user, "change", org) is in_force
    assert Organisation.objects.restrict(user).exists() is in_force
    client.force_login(user)
    assert client.get(org.get_absolute_url()).status_code == (200 if in_force else 404)
    assert client.get(f"/api/v1/organisations/{org.pk}/").status_code == (200 if in_force else 404)
    assert client.get(reverse("accounts:membership_add")).status_code == (200 if in_force else 403)
    roles = [m["role"] for m in client.get("/api/v1/me/").json()["memberships"]]
    assert roles == (["district_officer"] if in_force else [])
