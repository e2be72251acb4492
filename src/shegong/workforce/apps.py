from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SETTINGS, Entry, Group

GROUP = "workforce"
#: The section of pay and social insurance records (PAY-1, PAY-3).
PAY = pgettext_lazy("menu", "Pay and insurance")


def may_view_dashboard(user) -> bool:
    from .compliance import may_view

    return may_view(user)


class WorkforceConfig(ShegongAppConfig):
    default = True
    name = "shegong.workforce"
    label = "workforce"
    verbose_name = _("Workforce")
    menu_groups = (Group(GROUP, pgettext_lazy("menu", "Workforce"), order=20),)
    navigation = (
        # People (10) come from their own app.
        Entry(
            _("Service units"),
            "workforce:serviceunit_list",
            "workforce.serviceunit",
            GROUP,
            order=30,
        ),
        Entry(_("Posts"), "workforce:post_list", "workforce.post", GROUP, order=40),
        Entry(
            _("Employment"), "workforce:employment_list", "workforce.employment", GROUP, order=50
        ),
        Entry(
            _("Conversion plans"),
            "workforce:conversionplan_list",
            "workforce.conversionplan",
            GROUP,
            order=60,
        ),
        Entry(
            _("Promotion applications"),
            "workforce:promotionapplication_list",
            "workforce.promotionapplication",
            GROUP,
            order=70,
        ),
        Entry(
            _("Staffing gap"), "workforce:staffing_gap", "workforce.serviceunit", GROUP, order=80
        ),
        Entry(
            _("Compliance dashboard"),
            "workforce:compliance_dashboard",
            may_view_dashboard,
            GROUP,
            order=90,
        ),
        Entry(
            _("Pay records"),
            "workforce:payrecord_list",
            "workforce.payrecord",
            GROUP,
            PAY,
            order=110,
        ),
        Entry(
            _("Insurance contributions"),
            "workforce:insurancecontribution_list",
            "workforce.insurancecontribution",
            GROUP,
            PAY,
            order=120,
        ),
        Entry(
            _("Post types"),
            "workforce:posttype_list",
            "workforce.posttype",
            GROUP,
            SETTINGS,
            order=200,
        ),
        Entry(
            _("Post standards"),
            "workforce:poststandard_list",
            "workforce.poststandard",
            GROUP,
            SETTINGS,
            order=210,
        ),
        Entry(_("Grades"), "workforce:grade_list", "workforce.grade", GROUP, SETTINGS, order=220),
        Entry(
            _("Pay guidance"),
            "workforce:payguidance_list",
            "workforce.payguidance",
            GROUP,
            SETTINGS,
            order=230,
        ),
        Entry(
            _("Technician pay"),
            "workforce:technicianpay_list",
            "workforce.technicianpay",
            GROUP,
            SETTINGS,
            order=240,
        ),
    )
