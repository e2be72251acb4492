from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import Entry, Group

#: ORG-5: the menu group of supervision.
GROUP = "supervision"


class InspectionsConfig(ShegongAppConfig):
    """ORG-5: inspections, cases of violation, sanctions, appeals and self-regulation."""

    default = True
    name = "shegong.inspections"
    label = "inspections"
    verbose_name = _("Inspections and sanctions")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Supervision"), order=60),)
    navigation = (
        Entry(
            _("Inspections"),
            "inspections:inspection_list",
            "inspections.inspection",
            GROUP,
            order=10,
        ),
        Entry(_("Findings"), "inspections:finding_list", "inspections.finding", GROUP, order=20),
        Entry(
            _("Cases of violation"), "inspections:case_list", "inspections.case", GROUP, order=30
        ),
        Entry(_("Decisions"), "inspections:decision_list", "inspections.decision", GROUP, order=40),
        Entry(_("Sanctions"), "inspections:sanction_list", "inspections.sanction", GROUP, order=50),
        Entry(_("Appeals"), "inspections:appeal_list", "inspections.appeal", GROUP, order=60),
        Entry(
            _("Disciplinary measures of associations"),
            "inspections:discipline_list",
            "inspections.discipline",
            GROUP,
            pgettext_lazy("menu", "Self-regulation"),
            order=70,
        ),
    )
