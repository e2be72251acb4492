from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class PortalConfig(ShegongAppConfig):
    default = True
    name = "shegong.portal"
    label = "portal"
    verbose_name = _("Public portal")
    public_navigation = (
        (_("Public register of social workers"), "portal:register"),
        (_("Complaint"), "portal:complaint_new"),
    )
