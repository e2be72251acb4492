from importlib import import_module

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import MINE, SELF_SERVICE, SETTINGS, Entry, Group

REGISTER = "register"


def may_decide_applications(user) -> bool:
    from .views.lists import is_registrar  # noqa: PLC0415 - after apps load

    return is_registrar(user)


class RegistryConfig(ShegongAppConfig):
    default = True
    name = "shegong.registry"
    label = "registry"
    verbose_name = _("Social work register")
    menu_groups = (Group(REGISTER, pgettext_lazy("menu", "Register"), order=10),)
    navigation = (
        Entry(
            _("Applications to decide"),
            "registry:registration_review",
            may_decide_applications,
            REGISTER,
            order=10,
        ),
        Entry(
            _("Registration applications"),
            "registry:registrationapplication_list",
            "registry.registrationapplication",
            REGISTER,
            order=20,
        ),
        Entry(
            _("Registrations"),
            "registry:registration_list",
            "registry.registration",
            REGISTER,
            order=30,
        ),
        Entry(
            _("Certificates"),
            "registry:certificate_list",
            "registry.certificate",
            REGISTER,
            order=40,
        ),
        Entry(
            _("Examinations"),
            "registry:examresult_list",
            "registry.examresult",
            REGISTER,
            order=50,
        ),
        Entry(
            _("Recall requests"),
            "registry:recallrequest_list",
            "registry.recallrequest",
            REGISTER,
            order=60,
        ),
        Entry(
            _("Conduct cases"),
            "registry:conductcase_list",
            "registry.conductcase",
            REGISTER,
            order=70,
        ),
        Entry(
            _("Code of conduct"),
            "registry:codeofconduct_list",
            "registry.codeofconduct",
            REGISTER,
            SETTINGS,
            order=90,
        ),
        Entry(
            _("Register reports"),
            "registry:reports",
            "registry.registration",
            "statistics",
            order=30,
        ),
        # A social worker's own (``registration_list`` shows them their own rows only).
        Entry(
            pgettext_lazy("menu", "My registration"),
            "registry:registration_list",
            SELF_SERVICE,
            MINE,
            order=10,
        ),
        Entry(
            pgettext_lazy("menu", "My certificates"),
            "registry:certificate_list",
            SELF_SERVICE,
            MINE,
            order=40,
        ),
    )

    def ready(self):
        super().ready()
        # Background job kinds defined beside their rules, so that a Celery worker knows them.
        import_module("shegong.registry.services.certificates")
        from shegong.people.panels import register_panel  # noqa: PLC0415 - after apps load

        from .panels import registration_status  # noqa: PLC0415

        register_panel(registration_status)
