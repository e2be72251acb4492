from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardBasis(models.TextChoices):
    """POST-1: what a staffing ratio counts (one post per N of these)."""

    SERVED_PEOPLE = "served_people", _("Served people")
    COMMUNITIES = "communities", _("Communities")
    SCHOOLS = "schools", _("Schools")


class EmploymentKind(models.TextChoices):
    """POST-3: how a person came into a post."""

    NEW_HIRE = "new_hire", _("New hire")
    TRANSFER = "transfer", _("Transfer")
    CONVERSION = "conversion", _("Conversion of existing staff")


class GapGrouping(models.TextChoices):
    UNIT = "unit", _("Service unit")
    DISTRICT = "district", _("District")
    FIELD = "field", _("Service field")
    ORGANISATION = "organisation", _("Organisation")
