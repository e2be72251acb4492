from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    """Jurisdiction levels, top down (the glossary's 市 / 区 / 街道 / 社区: city / district /
    street / community)."""

    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")


LEVEL_ORDER = [level.value for level in AreaLevel]
