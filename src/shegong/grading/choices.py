from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """ORG-3: where an application for grading stands."""

    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    SUBMITTED = "submitted", _("Self-assessment submitted")
    EVALUATION = "evaluation", _("Being scored")
    PUBLISHED = "published", _("Grade published")


class AssignmentStatus(models.TextChoices):
    """ORG-3: an evaluator scores, or stood aside (recusal)."""

    ACTIVE = "active", _("Scoring")
    RECUSED = "recused", _("Recused")


class RecusalKind(models.TextChoices):
    """ORG-3: excluded by the tie rule, or a recusal the evaluator or an official declared."""

    AUTOMATIC = "automatic", _("Excluded for a tie")
    DECLARED = "declared", _("Declared recusal")


class AppealStatus(models.TextChoices):
    """ORG-3: an appeal against a published grade and its decision."""

    LODGED = "lodged", _("Lodged")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


#: The grades, lowest first (``procurement.choices.Grade`` has the same values).
GRADES = ("1A", "2A", "3A", "4A", "5A")


class GradeValue(models.TextChoices):
    """ORG-3: the five grades of the national measures, 1A (A) to 5A (AAAAA)."""

    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


def rank(grade: str) -> int:
    """1 for 1A ... 5 for 5A."""
    return GRADES.index(grade) + 1
