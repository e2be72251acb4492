from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .menu import MINE, SETTINGS, SYSTEM, Entry, Group


class ShegongAppConfig(AppConfig):
    """Base config of every Shegong app.

    ``navigation``: the app's menu entries (``core.menu.Entry``: label, URL name, who sees it,
    group, section, order); ``menu_groups``: the groups of work (``core.menu.Group``, one
    drop-down of the menu bar each) the app owns. See ``core/menu.py``. ``ready`` imports the
    app's ``filtersets`` and
    ``tables`` modules (and ``exports`` / ``imports`` where an app has them, which register
    background job kinds) so that their registrations take effect.
    """

    default_auto_field = "django.db.models.BigAutoField"
    navigation: tuple[Entry, ...] = ()
    menu_groups: tuple[Group, ...] = ()
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
    menu_groups = (
        Group(MINE, pgettext_lazy("menu", "My records"), order=5),
        Group(SYSTEM, pgettext_lazy("menu", "System"), order=90),
    )
    navigation = (
        Entry(_("Audit trail"), "core:auditrecord_list", "core.auditrecord", SYSTEM, order=50),
        Entry(
            _("Policy parameters"),
            "core:policyparameter_list",
            "core.policyparameter",
            SYSTEM,
            SETTINGS,
            order=60,
        ),
        Entry(
            _("Official calendar"),
            "core:calendarday_list",
            "core.calendarday",
            SYSTEM,
            SETTINGS,
            order=70,
        ),
    )

    def ready(self):
        super().ready()
        import_module("shegong.core.checks")
        import_module("shegong.core.lookups")  # registers ``in`` for out-of-range integers
        import_module("shegong.core.dated")  # records changes of dated fields (issue 11)
