from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, SYSTEM, Entry


class AreasConfig(ShegongAppConfig):
    default = True
    name = "shegong.areas"
    label = "areas"
    verbose_name = _("Administrative areas")
    navigation = (Entry(_("Areas"), "areas:area_list", "areas.area", SYSTEM, SETTINGS, order=20),)
