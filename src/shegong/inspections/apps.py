from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import Entry

#: ORG-5: the entries sit in the oversight group (监督管理, declared by ``oversight``), with the
#: monitoring of purchased services and the audits: the supervision of organisations.
GROUP = "oversight"
#: ORG-5: their section of the group.
SECTION = pgettext_lazy("menu", "Inspections and sanctions")


def may_view_measures(user) -> bool:
    """ORG-5: the associations' measures are for officials of an area and an association's
    own administrator, not for every organisation's."""
    from shegong.core.permissions import can_any, grants_of
    from shegong.organisations.models import Organisation

    from .models import Discipline

    if not can_any(user, "view", Discipline, own=False):
        return False
    if user.is_superuser or any(g.area_path is not None for g in grants_of(user)):
        return True
    mine = [g.organisation_id for g in grants_of(user) if g.organisation_id is not None]
    return Organisation.objects.filter(pk__in=mine, kind="association").exists()


class InspectionsConfig(ShegongAppConfig):
    """ORG-5: inspections, cases of violation, sanctions, appeals and self-regulation."""

    default = True
    name = "shegong.inspections"
    label = "inspections"
    verbose_name = _("Inspections and sanctions")
    navigation = (
        Entry(
            _("Inspections"),
            "inspections:inspection_list",
            "inspections.inspection",
            GROUP,
            SECTION,
            order=310,
        ),
        Entry(
            _("Findings"),
            "inspections:finding_list",
            "inspections.finding",
            GROUP,
            SECTION,
            order=320,
        ),
        Entry(
            _("Cases of violation"),
            "inspections:case_list",
            "inspections.case",
            GROUP,
            SECTION,
            order=330,
        ),
        Entry(
            _("Decisions"),
            "inspections:decision_list",
            "inspections.decision",
            GROUP,
            SECTION,
            order=340,
        ),
        Entry(
            _("Sanctions"),
            "inspections:sanction_list",
            "inspections.sanction",
            GROUP,
            SECTION,
            order=350,
        ),
        Entry(
            _("Appeals"), "inspections:appeal_list", "inspections.appeal", GROUP, SECTION, order=360
        ),
        Entry(
            pgettext_lazy("menu", "Associations' own measures"),
            "inspections:discipline_list",
            may_view_measures,
            GROUP,
            SECTION,
            order=370,
        ),
    )
