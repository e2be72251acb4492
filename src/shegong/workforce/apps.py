from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig


class WorkforceConfig(ShegongAppConfig):
    default = True
    name = "shegong.workforce"
    label = "workforce"
    verbose_name = _("Workforce")
    navigation = (
        (_("Posts"), "workforce:post_list", "workforce.post"),
        (_("Employment"), "workforce:employment_list", "workforce.employment"),
        (_("Conversion plans"), "workforce:conversionplan_list", "workforce.conversionplan"),
        (_("Staffing gap"), "workforce:staffing_gap", "workforce.serviceunit"),
        (_("Service units"), "workforce:serviceunit_list", "workforce.serviceunit"),
        (_("Post types"), "workforce:posttype_list", "workforce.posttype"),
        (_("Post standards"), "workforce:poststandard_list", "workforce.poststandard"),
    )
