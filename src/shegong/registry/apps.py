from importlib import import_module

from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class RegistryConfig(ShegongAppConfig):
    default = True
    name = "shegong.registry"
    label = "registry"
    verbose_name = _("Social work register")
    navigation = (
        (_("Examinations"), "registry:examresult_list", "registry.examresult"),
        (_("Certificates"), "registry:certificate_list", "registry.certificate"),
        (
            _("Registration applications"),
            "registry:registrationapplication_list",
            "registry.registrationapplication",
        ),
        (_("Registrations"), "registry:registration_list", "registry.registration"),
        (_("Conduct cases"), "registry:conductcase_list", "registry.conductcase"),
        (_("Register reports"), "registry:reports", "registry.registration"),
        (_("Recall requests"), "registry:recallrequest_list", "registry.recallrequest"),
        (_("Code of conduct"), "registry:codeofconduct_list", "registry.codeofconduct"),
    )

    def ready(self):
        super().ready()
        # Background job kinds defined beside their rules, so that a Celery worker knows them.
        import_module("shegong.registry.services.certificates")
        from shegong.people.panels import register_panel  # noqa: PLC0415 - after apps load

        from .panels import registration_status  # noqa: PLC0415

        register_panel(registration_status)
