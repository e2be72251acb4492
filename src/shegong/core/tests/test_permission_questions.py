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
