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
    )
