from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InspectionOrigin(models.TextChoices):
    """ORG-5: why an organisation is inspected."""

    PLANNED = "planned", _("Planned inspection")
    COMPLAINT = "complaint", _("On a complaint")


class InspectionStatus(models.TextChoices):
    """ORG-5: an inspection is planned, then done (with its findings)."""

    PLANNED = "planned", pgettext_lazy("inspection", "Planned")
    DONE = "done", pgettext_lazy("inspection", "Done")


class ViolationKind(models.TextChoices):
    """ORG-5 (clause 12): the violations the policy names, and any other."""

    OUTSIDE_PURPOSE = "outside_purpose", _("Acting outside its purpose or scope")
    MISUSE_OF_FUNDS = "misuse_of_funds", _("Misuse of purchased-service money")
    FALSE_REPORTS = "false_reports", _("False reports")
    OTHER = "other", pgettext_lazy("violation", "Other")


class CaseStatus(models.TextChoices):
    """ORG-5: a case is investigated, then decided (with sanctions) or closed without one."""

    INVESTIGATING = "investigating", _("Under investigation")
    DECIDED = "decided", pgettext_lazy("case", "Decided")
    CLOSED = "closed", _("Closed without a sanction")


class SanctionKind(models.TextChoices):
    """ORG-5: the sanctions a decision imposes."""

    WARNING = "warning", _("Warning")
    RECTIFICATION = "rectification", _("Rectification order")
    SUSPENSION = "suspension", _("Suspension of activities")
    TENDER_BAR = "tender_bar", _("Bar from tenders")
    DEREGISTRATION = "deregistration", _("Deregistration recommended")


class AppealOutcome(models.TextChoices):
    """ORG-5: an appeal is pending, upheld (the sanctions lifted) or dismissed."""

    PENDING = "pending", pgettext_lazy("appeal", "Pending")
    UPHELD = "upheld", _("Upheld: sanctions lifted")
    DISMISSED = "dismissed", _("Dismissed: decision stands")


class MemberMeasure(models.TextChoices):
    """ORG-5 (self-regulation): an association's disciplinary measures on its members."""

    ADMONITION = "admonition", _("Admonition")
    CRITICISM = "criticism", _("Circulated criticism")
    CENSURE = "censure", _("Public censure")
    SUSPENDED = "suspended", _("Membership suspended")
    EXPELLED = "expelled", _("Membership withdrawn")
