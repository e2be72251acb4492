"""The roles of the platform and the kind of scope each one is held in.

A user holds memberships: a role inside a scope (an area with everything below it, an
organisation, or the user's own records). The anonymous public holds no membership.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City administrator")
    CITY_OFFICER = "city_officer", _("City social work officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    FIELD_OFFICER = "field_officer", _("Field department officer")
    CERTIFICATE_ISSUER = "certificate_issuer", _("Certificate issuer (personnel authority)")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    VOLUNTEER_FEDERATION = "volunteer_federation", _("Volunteer federation officer")
    AUDITOR = "auditor", _("Auditor")


class ScopeKind(models.TextChoices):
    AREA = "area", _("Area and everything below it")
    ORGANISATION = "organisation", _("Organisation")
    SELF = "self", _("Own records")


#: Which kind of scope each role is held in.
ROLE_SCOPE = {
    Role.CITY_ADMIN: ScopeKind.AREA,
    Role.CITY_OFFICER: ScopeKind.AREA,
    Role.DISTRICT_OFFICER: ScopeKind.AREA,
    Role.FIELD_OFFICER: ScopeKind.AREA,
    Role.CERTIFICATE_ISSUER: ScopeKind.AREA,
    Role.ORG_ADMIN: ScopeKind.ORGANISATION,
    Role.SOCIAL_WORKER: ScopeKind.SELF,
    Role.SUPERVISOR: ScopeKind.SELF,
    Role.VOLUNTEER_FEDERATION: ScopeKind.AREA,
    Role.AUDITOR: ScopeKind.AREA,
}

#: Roles that work for the government and see their area's records.
OFFICIALS = frozenset(
    {
        Role.CITY_ADMIN,
        Role.CITY_OFFICER,
        Role.DISTRICT_OFFICER,
        Role.FIELD_OFFICER,
        Role.CERTIFICATE_ISSUER,
        Role.VOLUNTEER_FEDERATION,
    }
)
#: Every role a signed-in person can hold.
ALL_ROLES = frozenset(Role)

#: Roles a holder of the key role may grant to others (inside the holder's own scope).
GRANTABLE = {
    Role.CITY_ADMIN: ALL_ROLES,
    Role.DISTRICT_OFFICER: frozenset(
        {
            Role.DISTRICT_OFFICER,
            Role.FIELD_OFFICER,
            Role.ORG_ADMIN,
            Role.SOCIAL_WORKER,
            Role.SUPERVISOR,
            Role.VOLUNTEER_FEDERATION,
        }
    ),
}

#: Roles that may manage user accounts (inside their own area).
USER_MANAGERS = frozenset(GRANTABLE)
