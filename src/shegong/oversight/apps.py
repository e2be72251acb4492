from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import MINE, SETTINGS, Entry, Group

#: The menu group of oversight: the monitoring and evaluation of purchased services (FIN-5,
#: here), audits and annual reports (``audits``), inspections and sanctions (``inspections``,
#: ORG-5) and the coordinating committees (``governance``, GOV-2).
GROUP = "oversight"
#: The monitoring and evaluation section of the group (FIN-5).
OVERSIGHT = pgettext_lazy("menu", "Monitoring and evaluation")


def _may_view_dashboard(user) -> bool:
    from .queries import may_view  # noqa: PLC0415 - apps are not loaded when this is read

    return may_view(user)


def _is_evaluator(user) -> bool:
    from .models import EvaluatorAssignment  # noqa: PLC0415 - apps are not loaded yet

    return (
        getattr(user, "is_authenticated", False)
        and EvaluatorAssignment.objects.filter(evaluator=user).exists()
    )


class OversightConfig(ShegongAppConfig):
    """FIN-5: contract monitoring, quality standards, evaluation visits and evaluations. Its
    menu entries open the oversight group (:data:`GROUP`), which it declares."""

    default = True
    name = "shegong.oversight"
    label = "oversight"
    verbose_name = _("Monitoring and evaluation")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Oversight"), order=60),)
    navigation = (
        Entry(
            pgettext_lazy("menu", "Visits dashboard"),
            "oversight:dashboard",
            _may_view_dashboard,
            GROUP,
            OVERSIGHT,
            order=110,
        ),
        Entry(
            pgettext_lazy("menu", "Self-assessments"),
            "oversight:selfassessment_list",
            "oversight.selfassessment",
            GROUP,
            OVERSIGHT,
            order=150,
        ),
        Entry(
            pgettext_lazy("menu", "Statistics returns"),
            "oversight:statisticsreturn_list",
            "oversight.statisticsreturn",
            GROUP,
            OVERSIGHT,
            order=160,
        ),
        Entry(
            pgettext_lazy("menu", "Visit draws"),
            "oversight:visitdraw_list",
            "oversight.visitdraw",
            GROUP,
            OVERSIGHT,
            order=120,
        ),
        Entry(
            pgettext_lazy("menu", "Evaluation visits"),
            "oversight:visit_list",
            "oversight.visit",
            GROUP,
            OVERSIGHT,
            order=130,
        ),
        Entry(
            pgettext_lazy("menu", "Evaluations"),
            "oversight:evaluation_list",
            "oversight.evaluation",
            GROUP,
            OVERSIGHT,
            order=140,
        ),
        Entry(
            pgettext_lazy("menu", "Service complaints"),
            "oversight:complaint_list",
            "oversight.complaint",
            GROUP,
            OVERSIGHT,
            order=170,
        ),
        Entry(
            pgettext_lazy("menu", "Service quality standards"),
            "oversight:qualitystandard_list",
            "oversight.qualitystandard",
            GROUP,
            SETTINGS,
            order=910,
        ),
        Entry(
            pgettext_lazy("menu", "My evaluations"),
            "oversight:evaluatorassignment_list",
            _is_evaluator,
            MINE,
            order=60,
        ),
    )
