from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import MINE, SELF_SERVICE, SETTINGS, Entry, Group
from shegong.core.roles import Role

GROUP = "education"
#: The section of supervision (EDU-3) in the group.
SUPERVISION = pgettext_lazy("menu", "Supervision")


def is_supervisor(user) -> bool:
    from shegong.core.workbench import holds  # noqa: PLC0415 - after apps load

    return holds(Role.SUPERVISOR)(user)


class EducationConfig(ShegongAppConfig):
    default = True
    name = "shegong.education"
    label = "education"
    verbose_name = _("Continuing education and supervision")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Training"), order=30),)
    navigation = (
        Entry(
            pgettext_lazy("menu", "Continuing-education records"),
            "education:cpdrecord_list",
            "education.cpdrecord",
            GROUP,
            order=10,
        ),
        Entry(_("Compliance"), "education:compliance", "education.cpdrecord", GROUP, order=20),
        Entry(
            _("Reminders"), "education:cpdreminder_list", "education.cpdreminder", GROUP, order=30
        ),
        Entry(
            _("Training plan"),
            "education:trainingtarget_list",
            "education.trainingtarget",
            GROUP,
            order=40,
        ),
        Entry(
            _("Training providers"),
            "education:trainingprovider_list",
            "education.trainingprovider",
            GROUP,
            order=50,
        ),
        Entry(_("Courses"), "education:course_list", "education.course", GROUP, order=60),
        Entry(
            _("Course sessions"),
            "education:coursesession_list",
            "education.coursesession",
            GROUP,
            order=70,
        ),
        Entry(
            _("Supervisors"),
            "education:supervisor_list",
            "education.supervisor",
            GROUP,
            SUPERVISION,
            order=80,
        ),
        Entry(
            pgettext_lazy("menu", "Supervision pairs"),
            "education:supervision_list",
            "education.supervision",
            GROUP,
            SUPERVISION,
            order=85,
        ),
        Entry(
            _("Supervision sessions"),
            "education:supervisionsession_list",
            "education.supervisionsession",
            GROUP,
            SUPERVISION,
            order=90,
        ),
        Entry(
            _("Continuing-education rules"),
            "education:cpdrule_list",
            "education.cpdrule",
            GROUP,
            SETTINGS,
            order=100,
        ),
        Entry(
            pgettext_lazy("menu", "My continuing education"),
            "education:cpdrecord_list",
            SELF_SERVICE,
            MINE,
            order=20,
        ),
        Entry(
            pgettext_lazy("menu", "My supervision"),
            "education:supervision_list",
            is_supervisor,
            MINE,
            order=50,
        ),
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
