from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry, Group

#: The menu group of social organisations: the organisations, their grading (``grading``) and
#: incubation (``incubation``).
GROUP = "organisations"


class OrganisationsConfig(ShegongAppConfig):
    default = True
    name = "shegong.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Organisations"), order=45),)
    navigation = (
        Entry(
            _("Organisations"),
            "organisations:organisation_list",
            "organisations.organisation",
            GROUP,
            order=10,
        ),
        Entry(
            _("Service fields"),
            "organisations:servicefield_list",
            "organisations.servicefield",
            GROUP,
            SETTINGS,
            order=910,
        ),
    )
