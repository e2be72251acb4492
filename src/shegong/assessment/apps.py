from importlib import import_module

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import MINE, SELF_SERVICE, SETTINGS, Entry, Group

GROUP = "assessment"


class AssessmentConfig(ShegongAppConfig):
    """REG-6, the annual assessment (考核评估). ``ready`` registers the promotion condition
    with the workforce module (``workforce.pay.PROMOTION_CONDITIONS``), the results panel
    of the person's page (``people.panels``) and the background job of large cycles."""

    default = True
    name = "shegong.assessment"
    label = "assessment"
    verbose_name = _("Assessment")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Assessment"), order=40),)
    navigation = (
        Entry(
            _("Assessment cycles"),
            "assessment:assessmentcycle_list",
            "assessment.assessmentcycle",
            GROUP,
            order=10,
        ),
        Entry(
            _("Assessments"),
            "assessment:assessment_list",
            "assessment.assessment",
            GROUP,
            order=20,
        ),
        Entry(
            _("Score sheets"),
            "assessment:scoresheet_list",
            "assessment.scoresheet",
            GROUP,
            order=30,
        ),
        Entry(
            _("Assessment appeals"),
            "assessment:appeal_list",
            "assessment.appeal",
            GROUP,
            order=40,
        ),
        Entry(
            _("Assessment forms"),
            "assessment:assessmentform_list",
            "assessment.assessmentform",
            GROUP,
            SETTINGS,
            order=90,
        ),
        Entry(
            pgettext_lazy("menu", "My assessment"),
            "assessment:assessment_list",
            SELF_SERVICE,
            MINE,
            order=30,
        ),
    )

    def ready(self):
        super().ready()
        from shegong.people.panels import register_panel
        from shegong.workforce.pay import PROMOTION_CONDITIONS

        from .panels import assessment_results
        from .promotion import assessment_condition

        # The background job of large cycles (``services.STEP_JOB``), so that a worker knows it.
        import_module("shegong.assessment.services")
        register_panel(assessment_results)
        if assessment_condition not in PROMOTION_CONDITIONS:
            PROMOTION_CONDITIONS.append(assessment_condition)
