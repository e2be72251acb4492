from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class AreasConfig(ShegongAppConfig):
    default = True
    name = "shegong.areas"
    label = "areas"
    verbose_name = _("Administrative areas")
    navigation = ((_("Areas"), "areas:area_list", "areas.area"),)
