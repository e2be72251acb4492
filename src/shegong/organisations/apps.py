from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class OrganisationsConfig(ShegongAppConfig):
    default = True
    name = "shegong.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    navigation = (
        (_("Organisations"), "organisations:organisation_list", "organisations.organisation"),
        (_("Service fields"), "organisations:servicefield_list", "organisations.servicefield"),
    )
