from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import MINE, SETTINGS, Entry
from shegong.funding.apps import GROUP

#: The oversight section of the "purchasing" group (FIN-5).
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
    menu entries are in the purchasing group (``shegong.funding.apps.GROUP``)."""

    default = True
    name = "shegong.oversight"
    label = "oversight"
    verbose_name = _("Monitoring and evaluation")
    navigation = (
        Entry(
            pgettext_lazy("menu", "Visits dashboard"),
            "oversight:dashboard",
            _may_view_dashboard,
            GROUP,
            OVERSIGHT,
            order=170,
        ),
        Entry(
            pgettext_lazy("menu", "Self-assessments"),
            "oversight:selfassessment_list",
            "oversight.selfassessment",
            GROUP,
            OVERSIGHT,
            order=171,
        ),
        Entry(
            pgettext_lazy("menu", "Statistics returns"),
            "oversight:statisticsreturn_list",
            "oversight.statisticsreturn",
            GROUP,
            OVERSIGHT,
            order=172,
        ),
        Entry(
            pgettext_lazy("menu", "Visit draws"),
            "oversight:visitdraw_list",
            "oversight.visitdraw",
            GROUP,
            OVERSIGHT,
            order=173,
        ),
        Entry(
            pgettext_lazy("menu", "Evaluation visits"),
            "oversight:visit_list",
            "oversight.visit",
            GROUP,
            OVERSIGHT,
            order=174,
        ),
        Entry(
            pgettext_lazy("menu", "Evaluations"),
            "oversight:evaluation_list",
            "oversight.evaluation",
            GROUP,
            OVERSIGHT,
            order=175,
        ),
        Entry(
            pgettext_lazy("menu", "Service complaints"),
            "oversight:complaint_list",
            "oversight.complaint",
            GROUP,
            OVERSIGHT,
            order=176,
        ),
        Entry(
            pgettext_lazy("menu", "Service quality standards"),
            "oversight:qualitystandard_list",
            "oversight.qualitystandard",
            GROUP,
            SETTINGS,
            order=215,
        ),
        Entry(
            pgettext_lazy("menu", "My evaluations"),
            "oversight:evaluatorassignment_list",
            _is_evaluator,
            MINE,
            order=60,
        ),
    )
