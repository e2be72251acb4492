"""What the workforce module puts on the workbench (``core.workbench``, issue 12): overdue
conversion plans (POST-3) for those who may change them, and promotion applications to
decide (PAY-2), never by the applicant or the person promoted (``core.workflow``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.queries import holders
from shegong.core import workflow
from shegong.core.permissions import restrict
from shegong.core.roles import Role
from shegong.core.workbench import Queue, Shortcut, holds, register_queue, register_shortcut

from .models import ConversionPlan, PromotionApplication
from .models.pay import PROMOTION_DECIDERS, PromotionStatus


def overdue_plans(user):
    plans = ConversionPlan.objects.filter(
        completed_on__isnull=True, deadline__lt=timezone.localdate()
    ).select_related("employment__person")
    return restrict(plans, user, "change", own=False)


def promotions_to_decide(user):
    waiting = PromotionApplication.objects.filter(status=PromotionStatus.SUBMITTED)
    waiting = waiting.select_related("employment__person")
    return workflow.exclude_conflicts(restrict(waiting, user, "change", own=False), user)


register_queue(
    Queue(
        key="workforce.conversion_plans",
        label=_("Overdue conversion plans"),
        query=overdue_plans,
        list_url="workforce:conversionplan_list",
        list_query="overdue=true",
        oldest="deadline",
        date_label=_("Due by"),
    )
)
register_queue(
    Queue(
        key="workforce.promotions",
        label=_("Promotion applications to decide"),
        query=promotions_to_decide,
        list_url="workforce:promotionapplication_list",
        list_query="status=submitted",
        oldest="submitted_on",
        model=PromotionApplication,
        recipients=lambda a: (
            holders(*PROMOTION_DECIDERS) if a.status == PromotionStatus.SUBMITTED else ()
        ),
    )
)

ORG_ADMINS = holds(Role.ORG_ADMIN)
register_shortcut(Shortcut(_("Import pay records"), "workforce:import_pay", ORG_ADMINS, 40))
register_shortcut(
    Shortcut(
        _("Staffing gap"),
        "workforce:staffing_gap",
        holds(Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER),
        50,
    )
)
