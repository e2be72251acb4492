from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    """GOV-2: a committee member's place on the committee."""

    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")


class TieKind(models.TextChoices):
    """GOV-2, ORG-3: a declared tie between a person and an organisation (a reason to recuse)."""

    BOARD = "board", _("Member of its board")
    FORMER_STAFF = "former_staff", _("Worked there in the last two years")
    OTHER = "other", _("Other interest")
