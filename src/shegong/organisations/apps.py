from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry


class OrganisationsConfig(ShegongAppConfig):
    default = True
    name = "shegong.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    navigation = (
        Entry(
            _("Organisations"),
            "organisations:organisation_list",
            "organisations.organisation",
            "workforce",
            order=20,
        ),
        Entry(
            _("Service fields"),
            "organisations:servicefield_list",
            "organisations.servicefield",
            "workforce",
            SETTINGS,
            order=260,
        ),
    )
