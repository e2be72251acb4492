from importlib import import_module

from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class AssessmentConfig(ShegongAppConfig):
    """REG-6, the annual assessment (考核评估). ``ready`` registers the promotion condition
    with the workforce module (``workforce.pay.PROMOTION_CONDITIONS``), the results panel
    of the person's page (``people.panels``) and the background job of large cycles."""

    default = True
    name = "shegong.assessment"
    label = "assessment"
    verbose_name = _("Assessment")
    navigation = (
        (_("Assessment cycles"), "assessment:assessmentcycle_list", "assessment.assessmentcycle"),
        (_("Assessments"), "assessment:assessment_list", "assessment.assessment"),
        (_("Score sheets"), "assessment:scoresheet_list", "assessment.scoresheet"),
        (_("Assessment appeals"), "assessment:appeal_list", "assessment.appeal"),
        (_("Assessment forms"), "assessment:assessmentform_list", "assessment.assessmentform"),
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
