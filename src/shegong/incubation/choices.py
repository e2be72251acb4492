from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    """ORG-4: what a place at an incubation base is."""

    DESK = "desk", _("Desk")
    ROOM = "room", _("Room")


class Condition(models.TextChoices):
    """ORG-4: the condition of a priority rule (the rules themselves are data)."""

    IN_PREPARATION = "in_preparation", _("Not yet registered (in preparation)")
    REGISTERED_WITHIN = "registered_within", _("Registered less than N years ago")
    PILOT_FIELD = "pilot_field", _("Serves a pilot service field")
    NEW_IN_PILOT_FIELD = (
        "new_in_pilot_field",
        _("New (in preparation or registered less than N years ago) and serves a pilot field"),
    )
    SERVES_FIELD = "serves_field", _("Serves the named service field")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADMITTED = "admitted", _("Admitted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    """ORG-4: how an incubation ends."""

    GRADUATED = "graduated", _("Graduated")
    EXITED = "exited", _("Exited")
