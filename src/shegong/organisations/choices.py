from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """ORG-1: who the organisation is."""

    GOVERNMENT_BODY = "government_body", _("Government body")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    SERVICE_PROVIDER = "service_provider", _("Social work service organisation")
    ASSOCIATION = "association", _("Association")
    VOLUNTEER_ORGANISATION = "volunteer_organisation", _("Volunteer organisation")


class OrganisationOrigin(models.TextChoices):
    """ORG-1: how the organisation came about (三个一批)."""

    CONVERTED = "converted", _("Converted public institution")
    CONSOLIDATED = "consolidated", _("Consolidated existing organisation")
    NEW = "new", _("Newly founded")


class OrganisationStatus(models.TextChoices):
    """Registration status; anything but active also archives the record (``is_active``)."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DEREGISTERED = "deregistered", _("Deregistered")


#: Kinds whose supervising authority follows their service fields' line departments (ORG-2).
SUPERVISED_BY_LINE = frozenset(
    {
        OrganisationKind.SERVICE_PROVIDER,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.VOLUNTEER_ORGANISATION,
    }
)
