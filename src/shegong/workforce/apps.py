from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


def may_view_dashboard(user) -> bool:
    from .compliance import may_view

    return may_view(user)


class WorkforceConfig(ShegongAppConfig):
    default = True
    name = "shegong.workforce"
    label = "workforce"
    verbose_name = _("Workforce")
    navigation = (
        (_("Compliance dashboard"), "workforce:compliance_dashboard", may_view_dashboard),
        (_("Posts"), "workforce:post_list", "workforce.post"),
        (_("Employment"), "workforce:employment_list", "workforce.employment"),
        (_("Conversion plans"), "workforce:conversionplan_list", "workforce.conversionplan"),
        (_("Staffing gap"), "workforce:staffing_gap", "workforce.serviceunit"),
        (_("Service units"), "workforce:serviceunit_list", "workforce.serviceunit"),
        (_("Post types"), "workforce:posttype_list", "workforce.posttype"),
        (_("Post standards"), "workforce:poststandard_list", "workforce.poststandard"),
        (_("Pay records"), "workforce:payrecord_list", "workforce.payrecord"),
        (
            _("Insurance contributions"),
            "workforce:insurancecontribution_list",
            "workforce.insurancecontribution",
        ),
        (
            _("Promotion applications"),
            "workforce:promotionapplication_list",
            "workforce.promotionapplication",
        ),
        (_("Grades"), "workforce:grade_list", "workforce.grade"),
        (_("Pay guidance"), "workforce:payguidance_list", "workforce.payguidance"),
        (_("Technician pay"), "workforce:technicianpay_list", "workforce.technicianpay"),
    )
