"""User management: district officers manage their district's accounts, organisation
administrators see their organisation's people, everybody sees and edits their own profile,
and private phones are masked for roles that may not see them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from shegong.accounts import services
from shegong.accounts.models import User
from shegong.core.models import AuditRecord
from shegong.core.testing import factories

PHONE = "13812345678"
MASKED = "138****5678"


@pytest.fixture
def world(tree, orgs):
    org_f, org_l = orgs["futian"], orgs["luohu"]
    return {
        **tree,
        "org_f": org_f,
        "org_l": org_l,
        "officer": factories.user("officer", role="district_officer", scope=tree["futian"]),
        "org_admin": factories.user("orgadmin", role="org_admin", scope=org_f),
        "worker_f": factories.user(
            "worker_f",
            role="social_worker",
            home=tree["futian"],
            organisation=org_f,
            phone=PHONE,
        ),
        "loner_f": factories.user("loner_f", home=tree["futian"]),
        "worker_l": factories.user(
            "worker_l", role="social_worker", home=tree["luohu"], organisation=org_l
        ),
    }


def user_form(**values):
    data = {
        "username": "newcomer",
        "last_name": "陈",
        "first_name": "晓",
        "email": "",
        "phone": "",
        "is_active": "on",
        "password1": "Lotus-Bridge-4471",
        "password2": "Lotus-Bridge-4471",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def edit_form(user, **values):
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "phone": user.phone,
        "area": user.area_id or "",
        "organisation": user.organisation_id or "",
        "is_active": "on" if user.is_active else "",
        "version": user.version,
    }
    data.update(values)
    return {k: v for k, v in data.items() if v not in (None, "")}


def written():
    return User.objects.count(), AuditRecord.objects.count()


def test_district_officer_creates_a_user_in_their_district(world, sign_in):
    client = sign_in(world["officer"])
    response = client.post(
        reverse("accounts:user_add"),
        user_form(area=world["futian_street"].pk, organisation=world["org_f"].pk),
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="newcomer")
    assert user.area == world["futian_street"]
    assert (
        AuditRecord.objects.get(model="accounts.user", object_id=str(user.pk)).actor
        == (world["officer"])
    )


def test_district_officer_may_not_create_a_user_in_another_district(world, sign_in):
    client = sign_in(world["officer"])
    before = written()
    response = client.post(reverse("accounts:user_add"), user_form(area=world["luohu"].pk))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["You may not create this record."]
    assert "You may not create this record." in response.content.decode()
    # Without a home area the account would be nobody's to manage: refused as well.
    response = client.post(reverse("accounts:user_add"), user_form())
    assert response.status_code == 200
    assert written() == before
    assert not User.objects.filter(username="newcomer").exists()
    # The same rule in the service and the API.
    with pytest.raises(PermissionDenied):
        services.create_user(
            world["officer"], {"username": "newcomer", "area": world["luohu"]}, None
        )
    api = client.post(
        "/api/v1/users/",
        {"username": "newcomer", "area": world["luohu"].pk},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert written() == before


def test_district_officer_edits_only_their_districts_users(world, sign_in):
    client = sign_in(world["officer"])
    target = world["loner_f"]
    url = reverse("accounts:user_edit", args=[target.pk])
    response = client.post(url, edit_form(target, first_name="改", reason="typo"))
    assert response.status_code == 302, response.context["form"].errors
    target.refresh_from_db()
    assert target.first_name == "改"
    # Moving the account to another district would take it out of the officer's hands.
    response = client.post(url, edit_form(target, area=world["luohu"].pk))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["You may not change this record."]
    target.refresh_from_db()
    assert target.area == world["futian"]
    # Another district's users are absent.
    other = world["worker_l"]
    assert client.get(reverse("accounts:user_edit", args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("accounts:user_edit", args=[other.pk]), edit_form(other, first_name="x")
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.first_name == ""


def test_district_officer_lists_their_districts_users(world, sign_in):
    client = sign_in(world["officer"])
    names = {u["username"] for u in client.get("/api/v1/users/").json()["results"]}
    assert names == {"officer", "orgadmin", "worker_f", "loner_f"}
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert "worker_f" in page and "worker_l" not in page


def test_org_admin_sees_only_their_organisations_people(world, sign_in):
    client = sign_in(world["org_admin"])
    names = {u["username"] for u in client.get("/api/v1/users/").json()["results"]}
    assert names == {"orgadmin", "worker_f"}
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert "worker_f" in page and "loner_f" not in page and "worker_l" not in page
    assert client.get(world["worker_f"].get_absolute_url()).status_code == 200
    assert client.get(world["loner_f"].get_absolute_url()).status_code == 404
    assert client.get(world["worker_l"].get_absolute_url()).status_code == 404
    # Seeing is not managing.
    edit = reverse("accounts:user_edit", args=[world["worker_f"].pk])
    assert client.get(edit).status_code == 403
    assert client.get(reverse("accounts:user_add")).status_code == 403


def test_a_user_sees_their_own_profile_and_changes_their_password(world, sign_in):
    me = world["worker_f"]
    client = sign_in(me)
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert [m.role for m in profile.context["memberships"]] == ["social_worker"]
    detail = client.get(me.get_absolute_url())
    assert detail.status_code == 200
    assert PHONE in detail.content.decode()
    assert client.get("/api/v1/me/").json()["phone"] == PHONE
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "Lotus-Bridge-4471",
            "new_password2": "Lotus-Bridge-4471",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    me.refresh_from_db()
    assert me.check_password("Lotus-Bridge-4471")
    # Still signed in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 200
    record = AuditRecord.objects.filter(model="accounts.user", object_id=str(me.pk)).first()
    assert record.action == "update" and record.actor == me
    assert "password" in record.changed_fields
    # Colleagues are not theirs to see.
    assert client.get(world["loner_f"].get_absolute_url()).status_code == 404


def test_a_user_may_not_change_the_scope_of_their_own_account(world, sign_in):
    """People change their own password and tokens, not their home area, organisation or
    whether their account is active (that is for the user managers of their area)."""
    me = world["worker_f"]
    client = sign_in(me)
    url = reverse("accounts:user_edit", args=[me.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, edit_form(me, area=world["luohu"].pk, organisation=""))
    assert response.status_code == 403
    response = client.patch(
        f"/api/v1/users/{me.pk}/", {"area": world["luohu"].pk}, content_type="application/json"
    )
    assert response.status_code == 403
    me.refresh_from_db()
    assert (me.area, me.organisation) == (world["futian"], world["org_f"])


@pytest.mark.parametrize(
    "viewer, full",
    [
        ("city_admin", True),
        ("district_officer", True),
        ("own", True),
        ("city_officer", False),
        ("org_admin", False),
        ("auditor", False),
    ],
)
def test_private_phone_is_masked_unless_the_role_may_view_private_data(
    world, sign_in, viewer, full
):
    target = world["worker_f"]
    if viewer == "own":
        user = target
    elif viewer == "org_admin":
        user = world["org_admin"]
    else:
        user = factories.user("viewer", role=viewer, scope=world["futian"])
    client = sign_in(user)
    reads = AuditRecord.objects.filter(action="read").count()
    page = client.get(target.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    api = client.get(f"/api/v1/users/{target.pk}/").json()
    if full:
        assert PHONE in html
        assert api["phone"] == PHONE
        # Each full view is logged.
        assert AuditRecord.objects.filter(action="read").count() == reads + 2
    else:
        assert MASKED in html and PHONE not in html
        assert api["phone"] == MASKED
        assert AuditRecord.objects.filter(action="read").count() == reads
    # Lists always mask.
    listed = {u["username"]: u["phone"] for u in client.get("/api/v1/users/").json()["results"]}
    assert listed["worker_f"] == MASKED
    table = client.get(reverse("accounts:user_list")).content.decode()
    assert PHONE not in table


def test_person_edits_own_contact_details_and_the_change_is_audited(client, world):
    worker = world["worker_f"]
    client.force_login(worker)
    url = reverse("accounts:profile_edit")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "last_name": "黄",
            "first_name": "晓东",
            "email": "hxd@example.org",
            "phone": "13900001111",
            "current_password": factories.PASSWORD,  # a new e-mail needs it (issue 10)
            "version": worker.version,
        },
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.last_name, worker.phone) == ("黄", "13900001111")
    record = AuditRecord.objects.filter(model="accounts.user", object_id=str(worker.pk)).first()
    assert record.action == "update" and record.after["phone"] == "13900001111"


def test_profile_edit_with_a_stale_version_is_refused(client, world):
    worker = world["worker_f"]
    client.force_login(worker)
    services.update_own_contact(worker, {"first_name": "新"})
    response = client.post(
        reverse("accounts:profile_edit"),
        {"last_name": "黄", "first_name": "旧", "email": "", "phone": "", "version": 1},
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    worker.refresh_from_db()
    assert worker.first_name == "新"


def test_own_contact_service_refuses_scope_fields(world):
    worker = world["worker_f"]
    with pytest.raises(PermissionDenied, match="area"):
        services.update_own_contact(worker, {"area": world["luohu"]})
    worker.refresh_from_db()
    assert worker.area == world["futian"]
