from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry

#: The menu group of social organisations (declared by ``organisations``): grading rates them.
GROUP = "organisations"
#: The section of grading in the group (ORG-3).
GRADING = pgettext_lazy("menu", "Grading")


class GradingConfig(ShegongAppConfig):
    """ORG-3: grading and quality certification of organisations."""

    default = True
    name = "shegong.grading"
    label = "grading"
    verbose_name = _("Grading of organisations")
    navigation = (
        Entry(
            _("Grading cycles"),
            "grading:gradingcycle_list",
            "grading.application",
            GROUP,
            GRADING,
            order=110,
        ),
        Entry(
            _("Grading applications"),
            "grading:application_list",
            "grading.application",
            GROUP,
            GRADING,
            order=120,
        ),
        Entry(
            pgettext_lazy("menu", "Organisation grades"),
            "grading:organisationgrade_list",
            "grading.organisationgrade",
            GROUP,
            GRADING,
            order=130,
        ),
        Entry(
            _("Indicator systems"),
            "grading:indicatorsystem_list",
            "grading.application",
            GROUP,
            SETTINGS,
            order=920,
        ),
    )

    def ready(self):
        super().ready()
        from shegong.organisations.notes import register_organisation_note  # noqa: PLC0415

        from .views import grade_note  # noqa: PLC0415 - after apps load

        register_organisation_note(grade_note)
