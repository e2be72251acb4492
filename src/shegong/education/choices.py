from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    """EDU-4: who trains social workers (clause 5)."""

    UNIVERSITY = "university", _("University")
    TRAINING_INSTITUTION = "training_institution", _("Training institution")
    PRACTICE_BASE = "practice_base", _("Practice base")
    PARTY_SCHOOL = "party_school", _("Party school or administration college")


class CourseKind(models.TextChoices):
    """What a course (or a claimed activity) is; a continuing-education rule says which kinds
    count and at what weight (EDU-2)."""

    COURSE = "course", _("Training course")
    SEMINAR = "seminar", _("Lecture or seminar")
    PRACTICE = "practice", _("Practical training")
    ACADEMIC = "academic", _("Academic study")
    EXCHANGE = "exchange", _("Exchange visit")
    ONLINE = "online", _("Online course")
    SUPERVISION = "supervision", _("Supervision")


class Accreditation(models.TextChoices):
    PENDING = "pending", _("Awaiting accreditation")
    ACCREDITED = "accredited", _("Accredited")
    WITHDRAWN = "withdrawn", _("Accreditation withdrawn")


class CpdStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed, awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the claimant")
    REVOKED = "revoked", _("Approval withdrawn")


class CpdSource(models.TextChoices):
    PROVIDER = "provider", _("Recorded by the provider")
    CLAIM = "claim", _("Claimed by the person")


class RuleBasis(models.TextChoices):
    YEAR = "year", _("Each calendar year")
    PERIOD = "period", _("Each registration period")


class RuleUnit(models.TextChoices):
    DAYS = "days", _("days")
    HOURS = "hours", _("hours")
