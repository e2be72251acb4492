from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CycleStatus(models.TextChoices):
    """REG-6: the stages of a yearly assessment cycle (one service function per change)."""

    DRAFT = "draft", _("Draft")
    SCORING_OPEN = "scoring_open", _("Scoring open")
    SCORING_CLOSED = "scoring_closed", _("Scoring closed")
    PUBLISHED = "published", _("Results published")
    CLOSED = "closed", pgettext_lazy("assessment cycle", "Closed")


class Criterion(models.TextChoices):
    """REG-6: what a social worker is assessed on (policy clause 3): ability, conduct and
    performance (能力、操守、业绩), with moral character (德), professional quality and
    professional level."""

    ABILITY = "ability", _("Ability")
    CONDUCT = "conduct", _("Conduct")
    PERFORMANCE = "performance", _("Performance")
    MORAL = "moral", _("Moral character")
    QUALITY = "quality", _("Professional quality")
    LEVEL = "level", _("Professional level")


class Rating(models.TextChoices):
    """REG-6: the rating bands, best first: 优秀, 合格, 基本合格, 不合格."""

    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basically_competent", _("Basically competent")
    NOT_COMPETENT = "not_competent", _("Not competent")


#: Higher is better.
RATING_RANK = {
    Rating.NOT_COMPETENT: 0,
    Rating.BASIC: 1,
    Rating.COMPETENT: 2,
    Rating.EXCELLENT: 3,
}


class Side(models.TextChoices):
    """REG-6: who scores: the employing organisation or the served unit."""

    EMPLOYER = "employer", _("Employing organisation")
    SERVED_UNIT = "served_unit", _("Served unit")


class SheetStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for scores")
    SUBMITTED = "submitted", _("Submitted")


class AppealStatus(models.TextChoices):
    LODGED = "lodged", _("Lodged")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")
