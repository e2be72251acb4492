from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import Entry


class PeopleConfig(ShegongAppConfig):
    default = True
    name = "shegong.people"
    label = "people"
    verbose_name = _("People")
    navigation = (Entry(_("People"), "people:person_list", "people.person", "workforce", order=10),)
