from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import Entry, Group


def may_view_statistics(user) -> bool:
    from .figures import may_view

    return may_view(user)


def may_view_money(user) -> bool:
    from .money import may_view

    return may_view(user)


def may_view_oversight(user) -> bool:
    from .oversight import may_view

    return may_view(user)


class ReportsConfig(ShegongAppConfig):
    """GOV-1: the leadership's overview (charts, tables, XLSX) and the monthly and annual
    statistical report. ``ready`` imports ``exports`` (the report job) through the base
    class; the figures are declared in ``figures.FIGURES``."""

    default = True
    name = "shegong.reports"
    label = "reports"
    verbose_name = _("Statistics")
    menu_groups = (Group("statistics", pgettext_lazy("menu", "Statistics"), order=80),)
    navigation = (
        Entry(
            _("Statistics overview"),
            "reports:overview",
            may_view_statistics,
            "statistics",
            order=10,
        ),
        Entry(
            _("Purchased services dashboard"),
            "reports:money",
            may_view_money,
            "statistics",
            order=30,
        ),
        Entry(
            _("Oversight dashboard"),
            "reports:oversight",
            may_view_oversight,
            "statistics",
            order=40,
        ),
        Entry(
            _("Statistical reports"),
            "reports:reports",
            may_view_statistics,
            "statistics",
            order=20,
        ),
    )
