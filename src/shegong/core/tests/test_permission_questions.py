"""Permission questions narrower than an action, answered by ``core.permissions`` (issue 11,
point 3) instead of each app walking the user's grants: ``holds`` (a role in some area or
organisation) and ``restrict_to_roles`` (the rows a user reaches through given roles)."""

from __future__ import annotations

from shegong.areas.models import Area
from shegong.core.permissions import holds, restrict_to_roles
from shegong.core.roles import Role
from shegong.core.testing import factories


def test_holds_a_role_through_an_area_or_an_organisation(tree):
    admin = factories.user("q_admin", role="city_admin", scope=tree["city"])
    org_admin = factories.user(
        "q_org", role="org_admin", scope=factories.organisation(tree["futian"])
    )
    nobody = factories.user("q_nobody")
    assert holds(admin, {Role.CITY_ADMIN}) is True
    assert holds(admin, {Role.DISTRICT_OFFICER}) is False
    assert holds(org_admin, {Role.ORG_ADMIN}) is False  # not through an area
    assert holds(org_admin, {Role.ORG_ADMIN}, organisation=True) is True
    assert holds(nobody, {Role.CITY_ADMIN}) is False
    assert holds(factories.user("q_root", is_superuser=True), {Role.CITY_ADMIN}) is True


def test_restrict_to_roles_reaches_the_rows_of_those_roles_only(tree):
    officer = factories.user("q_officer", role="district_officer", scope=tree["futian"])
    streets = Area.objects.filter(level="street")
    assert list(restrict_to_roles(streets, officer, {Role.DISTRICT_OFFICER})) == [
        tree["futian_street"]
    ]
    assert list(restrict_to_roles(streets, officer, {Role.CITY_ADMIN})) == []


def test_open_to_organisations_reaches_rows_whatever_the_organisation():
    """``Access.open_to_organisations`` (issue 14: a published tender is open to every
    supplier): an organisation grant reaches those rows besides its own; area and self grants
    are unchanged."""
    from django.db.models import Q  # noqa: PLC0415

    from shegong.core.permissions import Access, Grant  # noqa: PLC0415

    published = Q(status="published")
    only_open = Access(area="buyer__path", open_to_organisations=published)
    both = Access(area="buyer__path", organisation="supplier", open_to_organisations=published)
    org = Grant(role=Role.ORG_ADMIN, organisation_id=7)
    assert only_open.grant_q(org) == published
    assert both.grant_q(org) == Q(supplier=7) | published
    assert Access(organisation="supplier").grant_q(org) == Q(supplier=7)
    assert Access(area="buyer__path").grant_q(org) is None
    area = Grant(role=Role.DISTRICT_OFFICER, area_path="4403/440304")
    assert only_open.grant_q(area) == Q(buyer__path__startswith="4403/440304")
    assert only_open.grant_q(Grant(role="own", user_id=3)) is None


def test_only_if_holds_for_every_user_superusers_included(tree, monkeypatch):
    """``Access.only_if`` (issue 14: a sealed bid is readable by nobody before the opening):
    the action reaches only the rows matching the condition, for a role that holds it and for
    a superuser alike; the other actions are unchanged."""
    from django.db.models import Q  # noqa: PLC0415

    from shegong.core.permissions import Access, can, restrict  # noqa: PLC0415

    policy = Access(
        area="path",
        roles={"view": {Role.CITY_ADMIN}, "view_private": {Role.CITY_ADMIN}},
        only_if={"view_private": Q(code="440304")},
    )
    monkeypatch.setattr(Area, "access", policy)
    admin = factories.user("only_if_admin", role="city_admin", scope=tree["city"])
    root = factories.user("only_if_root", is_superuser=True)
    for user in (admin, root):
        private = restrict(Area.objects.all(), user, "view_private")
        assert sorted(private.values_list("code", flat=True)) == ["440304"]
        assert can(user, "view_private", tree["futian"]) is True
        assert can(user, "view_private", tree["luohu"]) is False
    assert sorted(restrict(Area.objects.all(), admin, "view").values_list("code", flat=True)) == [
        "4403",
        "440303",
        "440303001",
        "440304",
        "440304001",
    ]
