from importlib import import_module

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig


class PortalConfig(ShegongAppConfig):
    default = True
    name = "shegong.portal"
    label = "portal"
    verbose_name = _("Public portal")
    #: Short labels: the menu bar of a visitor who is not signed in (and, signed in, the
    #: "public pages" of the user's own menu).
    public_navigation = (
        (pgettext_lazy("menu", "Public register"), "portal:register"),
        (pgettext_lazy("menu", "Verify registrations"), "portal:bulk_verify"),
        (pgettext_lazy("menu", "Tenders"), "portal:tenders"),
        (pgettext_lazy("menu", "Sanctions"), "portal:sanctions"),
        (pgettext_lazy("menu", "Complaints"), "portal:complaint_new"),
    )

    def ready(self):
        super().ready()
        # The register page's kept answers are dropped by a change made in any process (a
        # page, the API, a background job): the receiver is connected in every one.
        import_module("shegong.portal.pagecache")
