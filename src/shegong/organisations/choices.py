from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """ORG-1: who the organisation is."""

    GOVERNMENT_BODY = "government_body", _("Government body")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    SERVICE_PROVIDER = "service_provider", _("Social work service organisation")
    ASSOCIATION = "association", _("Association")
    VOLUNTEER_ORGANISATION = "volunteer_organisation", _("Volunteer organisation")
