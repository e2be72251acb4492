from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry

#: The menu group of social organisations (declared by ``organisations``): incubation fosters
#: new ones.
GROUP = "organisations"
#: The incubation section of the group.
INCUBATION = pgettext_lazy("menu", "Incubation")


class IncubationConfig(ShegongAppConfig):
    """ORG-4: incubation bases, calls, applications, occupancy and outcomes."""

    default = True
    name = "shegong.incubation"
    label = "incubation"
    verbose_name = _("Incubation of organisations")
    navigation = (
        Entry(
            _("Incubation bases"),
            "incubation:base_list",
            "incubation.base",
            GROUP,
            INCUBATION,
            order=210,
        ),
        Entry(
            _("Calls for applicants"),
            "incubation:call_list",
            "incubation.call",
            GROUP,
            INCUBATION,
            order=220,
        ),
        Entry(
            _("Incubation applications"),
            "incubation:application_list",
            "incubation.application",
            GROUP,
            INCUBATION,
            order=230,
        ),
        Entry(
            pgettext_lazy("menu", "Occupancy"),
            "incubation:occupancy_list",
            "incubation.occupancy",
            GROUP,
            INCUBATION,
            order=240,
        ),
        Entry(
            _("Priority rules"),
            "incubation:priorityrule_list",
            "incubation.priorityrule",
            GROUP,
            SETTINGS,
            order=930,
        ),
    )
