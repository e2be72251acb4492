"""Lists and detail pages of the register's records, with their workflow buttons.

The buttons lead to the workflow pages of ``exams``, ``certificates``, ``registrations`` and
``conduct``; each shows only to users allowed to act and only in the states where the
action applies (the service refuses anything else with a message).
"""

from django.utils.translation import gettext_lazy as _

from shegong.core.permissions import can_any, grants_of
from shegong.core.roles import Role
from shegong.core.views import (
    Action,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    model_urls,
)

from ..choices import ApplicationStatus, CaseStage, RegistrationStatus
from ..models import (
    Certificate,
    CodeOfConduct,
    ConductCase,
    ExamResult,
    Registration,
    RegistrationApplication,
)
from ..services import registrations as svc


def is_org_admin(user, _obj=None) -> bool:
    """Applies for staff: an organisation's administrator (``registrations.apply_batch``)."""
    return any(g.role == Role.ORG_ADMIN for g in grants_of(user))


def is_registrar(user, _obj=None) -> bool:
    """Reviews applications: the registering authority (city admin, city officer), who may
    ``decide`` some applications (``RegistrationApplication.access``)."""
    return can_any(user, "decide", RegistrationApplication)


def may_decide(user, application) -> bool:
    """Decides this application: a registrar whose scope holds it (the decision page's check;
    one's own application or one filed oneself is left out by the action's ``transition``)."""
    return svc.in_registrar_scope(user).filter(pk=application.pk).exists()


def status_in(*states):
    return lambda obj: obj.status in states


def stage_in(*stages):
    return lambda obj: obj.stage in stages


EXAM_RESULT_ACTIONS = (
    Action(_("Import results"), "registry:examresult_import", "add", style="primary"),
    Action(_("Examination sessions"), "registry:examsession_list", "view"),
)
EXAM_RESULT_DETAIL_ACTIONS = (
    Action(_("Correct the result"), "registry:examresult_correct", "change"),
)
CERTIFICATE_LIST_ACTIONS = (
    Action(_("Issue a certificate"), "registry:certificate_issue", "add", style="primary"),
    Action(_("Issue for a session"), "registry:certificate_bulk_issue", "add"),
    Action(_("Recall requests"), "registry:recallrequest_list", "view"),
)
APPLICATION_LIST_ACTIONS = (
    Action(_("Apply to register"), "registry:registration_apply", "add", style="primary"),
    Action(_("Apply for staff"), "registry:registration_apply_batch", is_org_admin),
    Action(_("Review queue"), "registry:registration_review", is_registrar),
)
APPLICATION_ACTIONS = (
    Action(
        _("Decide"),
        "registry:registrationapplication_decide",
        may_decide,
        when=status_in(ApplicationStatus.SUBMITTED),
        style="primary",
        transition="approve",
    ),
    Action(
        _("Withdraw"),
        "registry:registrationapplication_withdraw",
        when=status_in(ApplicationStatus.SUBMITTED),
        style="outline-secondary",
    ),
)
LIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED)
REGISTRATION_LIST_ACTIONS = (
    Action(_("Expiring soon"), "registry:report_expiring", "view"),
    Action(_("Reports"), "registry:reports", "view"),
)
REGISTRATION_ACTIONS = (
    Action(_("Renew"), "registry:registration_renew", "view", when=status_in(*LIVE)),
    Action(
        _("Suspend"),
        "registry:registration_suspend",
        when=status_in(RegistrationStatus.REGISTERED),
        style="outline-warning",
    ),
    Action(
        _("Reinstate"),
        "registry:registration_reinstate",
        when=status_in(RegistrationStatus.SUSPENDED),
    ),
    Action(
        _("Cancel registration"),
        "registry:registration_cancel",
        when=status_in(*LIVE, RegistrationStatus.EXPIRED),
        style="outline-danger",
    ),
)
CASE_LIST_ACTIONS = (Action(_("Open a case"), "registry:conductcase_open", "add", style="primary"),)
CASE_ACTIONS = (
    Action(
        _("Start investigation"),
        "registry:conductcase_investigate",
        when=stage_in(CaseStage.INTAKE),
    ),
    Action(
        _("Schedule hearing"),
        "registry:conductcase_hearing",
        when=stage_in(CaseStage.INVESTIGATION),
    ),
    Action(
        _("Record decision"),
        "registry:conductcase_decide",
        when=stage_in(CaseStage.HEARING),
        style="primary",
        transition="decide",
    ),
    Action(_("Record appeal"), "registry:conductcase_appeal", when=stage_in(CaseStage.DECIDED)),
    Action(
        _("Decide appeal"),
        "registry:conductcase_appeal_decision",
        when=stage_in(CaseStage.APPEAL),
        style="primary",
        transition="decide_appeal",
    ),
    Action(
        _("Close case"),
        "registry:conductcase_close",
        when=lambda case: (
            case.stage in (CaseStage.INTAKE, CaseStage.INVESTIGATION, CaseStage.DECIDED)
            or (case.stage == CaseStage.APPEAL and bool(case.appeal_outcome))
        ),
        style="outline-secondary",
    ),
)

# Results, certificates and registrations are a city's tens of thousands: their lists show the
# database's estimate beyond 10,000 rows instead of counting them all on every view (issue 13).
urlpatterns = [
    # A new version of the code of conduct is a new row from a date; applicants accept the
    # version in force, and each application keeps the one it accepted.
    *model_urls(
        CodeOfConduct,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": ("version", "title", "text", "effective_from")}),
    ),
    *model_urls(
        ExamResult,
        list=(RecordListView, {"actions": EXAM_RESULT_ACTIONS, "count": "estimate"}),
        detail=(RecordDetailView, {"actions": EXAM_RESULT_DETAIL_ACTIONS}),
    ),
    # The certificate's own page (with PDF, verify and recall) is in ``certificates``.
    *model_urls(
        Certificate,
        list=(RecordListView, {"actions": CERTIFICATE_LIST_ACTIONS, "count": "estimate"}),
    ),
    *model_urls(
        Registration,
        list=(RecordListView, {"actions": REGISTRATION_LIST_ACTIONS, "count": "estimate"}),
        detail=(RecordDetailView, {"actions": REGISTRATION_ACTIONS}),
    ),
    *model_urls(
        RegistrationApplication,
        list=(RecordListView, {"actions": APPLICATION_LIST_ACTIONS}),
        detail=(RecordDetailView, {"actions": APPLICATION_ACTIONS}),
    ),
    *model_urls(
        ConductCase,
        list=(RecordListView, {"actions": CASE_LIST_ACTIONS}),
        detail=(RecordDetailView, {"actions": CASE_ACTIONS}),
    ),
]
