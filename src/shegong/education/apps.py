from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class EducationConfig(ShegongAppConfig):
    default = True
    name = "shegong.education"
    label = "education"
    verbose_name = _("Continuing education and supervision")
    navigation = (
        (_("Continuing education"), "education:cpdrecord_list", "education.cpdrecord"),
        (_("Compliance"), "education:compliance", "education.cpdrecord"),
        (_("Reminders"), "education:cpdreminder_list", "education.cpdreminder"),
        (_("Training providers"), "education:trainingprovider_list", "education.trainingprovider"),
        (_("Courses"), "education:course_list", "education.course"),
        (_("Course sessions"), "education:coursesession_list", "education.coursesession"),
        (_("Continuing-education rules"), "education:cpdrule_list", "education.cpdrule"),
        (_("Supervisors"), "education:supervisor_list", "education.supervisor"),
        (_("Supervision"), "education:supervision_list", "education.supervision"),
        (
            _("Supervision sessions"),
            "education:supervisionsession_list",
            "education.supervisionsession",
        ),
        (_("Training plan"), "education:trainingtarget_list", "education.trainingtarget"),
    )

    def ready(self):
        super().ready()
        from shegong.people.panels import register_panel  # noqa: PLC0415 - after apps load
        from shegong.registry.services.registrations import (  # noqa: PLC0415
            RENEWAL_CONDITIONS,
        )

        from . import panels, rules  # noqa: PLC0415

        register_panel(panels.cpd_progress)
        register_panel(panels.supervision)
        if rules.renewal_condition not in RENEWAL_CONDITIONS:
            RENEWAL_CONDITIONS.append(rules.renewal_condition)
