"""What grading puts on the workbench (``core.workbench``): the applications an evaluator is
assigned to and has not scored yet (ORG-3)."""

from django.utils.translation import gettext_lazy as _

from shegong.core.permissions import restrict
from shegong.core.workbench import Queue, register_queue

from .choices import ApplicationStatus, AssignmentStatus
from .models import Assignment


def to_score(user):
    waiting = Assignment.objects.filter(
        evaluator_id=user.pk,
        status=AssignmentStatus.ACTIVE,
        scored_on__isnull=True,
        application__status=ApplicationStatus.EVALUATION,
    ).select_related("application__organisation", "application__cycle")
    return restrict(waiting, user, "view")


register_queue(
    Queue(
        key="grading.scoring",
        label=_("Grading applications to score"),
        query=to_score,
        list_url="grading:assignment_list",
        list_query="status=active",
        oldest="created_at",
        describe=lambda a: str(a.application),
    )
)
