from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """REG-1: the three professional levels, lowest first."""

    ASSISTANT = "assistant", _("Assistant Social Worker")
    INTERMEDIATE = "intermediate", _("Social Worker")
    SENIOR = "senior", _("Senior Social Worker")


LEVEL_RANK = {Level.ASSISTANT: 1, Level.INTERMEDIATE: 2, Level.SENIOR: 3}
#: The letter that starts a certificate number of each level.
LEVEL_CODE = {Level.ASSISTANT: "A", Level.INTERMEDIATE: "I", Level.SENIOR: "S"}


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    RECALLED = "recalled", _("Recalled")


class ApplicationKind(models.TextChoices):
    FIRST = "first", _("First registration")
    RENEWAL = "renewal", _("Renewal")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class RecallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECALLED = "recalled", _("Certificate recalled")
    REJECTED = "rejected", _("Rejected")


class CaseSource(models.TextChoices):
    STAFF = "staff", _("Staff of the authority")
    ORGANISATION = "organisation", _("Organisation")
    PUBLIC = "public", _("Member of the public")


class CaseStage(models.TextChoices):
    INTAKE = "intake", _("Intake")
    INVESTIGATION = "investigation", _("Investigation")
    HEARING = "hearing", _("Hearing")
    DECIDED = "decided", _("Decided")
    APPEAL = "appeal", _("Appeal")
    CLOSED = "closed", _("Closed")


class Sanction(models.TextChoices):
    NONE = "none", _("No sanction")
    WARNING = "warning", _("Warning")
    CONDITIONS = "conditions", _("Conditions")
    SUSPENSION = "suspension", _("Suspension")
    CANCELLATION = "cancellation", _("Cancellation of registration")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Decision upheld")
    VARIED = "varied", _("Decision varied")
    OVERTURNED = "overturned", _("Decision overturned")
