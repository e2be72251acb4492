from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShegongAppConfig(AppConfig):
    """Base config of every Shegong app.

    ``navigation``: menu entries ``(label, url name, model label)``; an entry shows when the
    user may view some rows of the model (or, instead of a model label, a function of the
    user that says whether the entry shows). ``ready`` imports the app's ``filtersets`` and
    ``tables`` modules (and ``exports`` / ``imports`` where an app has them, which register
    background job kinds) so that their registrations take effect.
    """

    default_auto_field = "django.db.models.BigAutoField"
    navigation: tuple = ()
    #: Pages for everyone, signed in or not: ``(label, url name)``.
    public_navigation: tuple = ()
    registering_modules = ("filtersets", "tables", "exports", "imports", "workbench")

    def ready(self):
        for module in self.registering_modules:
            try:
                import_module(f"{self.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{module}":
                    raise


class CoreConfig(ShegongAppConfig):
    default = True
    name = "shegong.core"
    label = "core"
    verbose_name = _("Platform")
    navigation = (
        (_("Audit trail"), "core:auditrecord_list", "core.auditrecord"),
        (_("Policy parameters"), "core:policyparameter_list", "core.policyparameter"),
        (_("Official calendar"), "core:calendarday_list", "core.calendarday"),
    )

    def ready(self):
        super().ready()
        import_module("shegong.core.checks")
        import_module("shegong.core.lookups")  # registers ``in`` for out-of-range integers
        import_module("shegong.core.dated")  # records changes of dated fields (issue 11)
