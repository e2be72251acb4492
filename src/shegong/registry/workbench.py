"""What the register puts on the workbench (``core.workbench``, issue 12): applications to
decide, for the registrars in scope and never the applicant's own (``decidable``)."""

from django.utils.translation import gettext_lazy as _

from shegong.accounts.queries import holders
from shegong.core.roles import Role
from shegong.core.workbench import Queue, Shortcut, holds, register_queue, register_shortcut

from .choices import ApplicationStatus, RegistrationStatus
from .models import REGISTRARS as REGISTRAR_ROLES
from .models import Registration, RegistrationApplication
from .services import registrations as svc


def applications_to_decide(user):
    waiting = RegistrationApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
    return svc.decidable(user, waiting.select_related("person"))


register_queue(
    Queue(
        key="registry.applications",
        label=_("Registration applications to decide"),
        query=applications_to_decide,
        list_url="registry:registration_review",
        oldest="submitted_at",
        describe=lambda a: f"{a.person} · {a.get_kind_display()}",
        overdue=svc.is_overdue,
        model=RegistrationApplication,
        recipients=lambda a: (
            holders(*REGISTRAR_ROLES) if a.status == ApplicationStatus.SUBMITTED else ()
        ),
    )
)

REGISTRARS = holds(Role.CITY_ADMIN, Role.CITY_OFFICER)
register_shortcut(
    Shortcut(_("Review applications"), "registry:registration_review", REGISTRARS, 10)
)
register_shortcut(Shortcut(_("Import exam results"), "registry:examresult_import", REGISTRARS, 20))
register_shortcut(
    Shortcut(
        _("Issue a certificate"),
        "registry:certificate_issue",
        holds(Role.CITY_ADMIN, Role.CERTIFICATE_ISSUER),
        30,
    )
)


def may_apply(user) -> bool:
    """Organisation administrators apply for their staff; a social worker only while not
    registered (a registered one renews from their status panel)."""
    if holds(Role.ORG_ADMIN)(user):
        return True
    live = (RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED)
    return holds(Role.SOCIAL_WORKER)(user) and not (
        Registration.objects.filter(person__user=user, status__in=live).exists()
    )


register_shortcut(
    Shortcut(_("Apply for registration"), "registry:registration_apply", may_apply, 10)
)
