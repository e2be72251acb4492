"""What continuing education puts on the workbench (``core.workbench``, issue 12): claims to
approve, for the officials who may change them, never their own (``core.workflow``)."""

from django.utils.translation import gettext_lazy as _

from shegong.accounts.queries import holders
from shegong.core import workflow
from shegong.core.permissions import restrict
from shegong.core.roles import Role
from shegong.core.workbench import Queue, Shortcut, holds, register_queue, register_shortcut

from .choices import CpdStatus
from .models import CpdRecord
from .models.cpd import EDU_OFFICERS


def claims_to_approve(user):
    claims = CpdRecord.objects.filter(status=CpdStatus.CLAIMED).select_related("person")
    return workflow.exclude_conflicts(restrict(claims, user, "change", own=False), user)


register_queue(
    Queue(
        key="education.claims",
        label=_("Continuing-education claims to approve"),
        query=claims_to_approve,
        list_url="education:cpdrecord_list",
        list_query="status=claimed",
        describe=lambda r: f"{r.person} · {r.title}",
        model=CpdRecord,
        recipients=lambda r: holders(*EDU_OFFICERS) if r.status == CpdStatus.CLAIMED else (),
    )
)

register_shortcut(
    Shortcut(
        _("Claim continuing education"),
        "education:cpdrecord_add",
        holds(Role.SOCIAL_WORKER, Role.ORG_ADMIN),
        20,
    )
)
