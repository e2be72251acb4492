from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StandardResult(models.TextChoices):
    """FIN-5: how a contract meets one service quality standard in a self-assessment."""

    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class AssessmentStatus(models.TextChoices):
    """FIN-5: a self-assessment being written by the supplier, or submitted to the buyer."""

    DRAFT = "draft", pgettext_lazy("oversight", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("oversight", "Submitted")


class VisitKind(models.TextChoices):
    """FIN-5 (评估探访): a visit the supplier is told of beforehand, or one it is not."""

    ANNOUNCED = "announced", _("Announced")
    UNANNOUNCED = "unannounced", _("Unannounced")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Visited")


class Stage(models.TextChoices):
    """FIN-5: the evaluations of a contract: mid-term and final."""

    MID_TERM = "mid_term", _("Mid-term evaluation")
    FINAL = "final", _("Final evaluation")


class EvaluationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RATED = "rated", _("Rated")


class Rating(models.TextChoices):
    """FIN-5: the rating a score gives (bands: ``oversight.rating_bands``), best first."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    COMPETENT = "competent", _("Competent")
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent")
    NOT_COMPETENT = "not_competent", _("Not competent")


#: Best first: a rating passes when it is at least as good as the pass rating.
RATING_ORDER = [r.value for r in Rating]


class Risk(models.TextChoices):
    """FIN-5: the risks that weigh a contract in the visit draw."""

    NOT_MET_STANDARD = "not_met_standard", _("A standard not met")
    PARTLY_MET_STANDARD = "partly_met_standard", _("A standard partly met")
    LATE_RETURN = "late_return", _("A late statistics return")
    COMPLAINT = "complaint", _("A complaint")
    LAPSED_CREDENTIAL = "lapsed_credential", _("A lapsed credential on a contracted post")


def risks_display(value: str) -> str:
    """The risks of a draw entry as a person reads them ("、"-separated labels)."""
    return "、".join(str(Risk(code).label) for code in value.split(",") if code) or "—"
