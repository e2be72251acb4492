"""What the annual assessment puts on the workbench (``core.workbench``, issue 12): score
sheets to fill in an open cycle, for the scoring organisation's administrator, and appeals to
hear, for the officers in scope who took no part in the assessment (``core.workflow``)."""

from django.utils.translation import gettext_lazy as _

from shegong.accounts.queries import holders
from shegong.core import workflow
from shegong.core.permissions import restrict
from shegong.core.workbench import Queue, register_queue

from .choices import AppealStatus, CycleStatus, SheetStatus
from .models import OFFICERS, Appeal, ScoreSheet


def sheets_to_fill(user):
    sheets = ScoreSheet.objects.filter(
        status=SheetStatus.PENDING, assessment__cycle__status=CycleStatus.SCORING_OPEN
    ).select_related("assessment__person", "assessment__cycle")
    return restrict(sheets, user, "change", own=False)


def appeals_to_decide(user):
    appeals = Appeal.objects.filter(status=AppealStatus.LODGED).select_related("assessment__person")
    return workflow.exclude_conflicts(restrict(appeals, user, "change", own=False), user)


register_queue(
    Queue(
        key="assessment.sheets",
        label=_("Score sheets to fill"),
        query=sheets_to_fill,
        list_url="assessment:scoresheet_list",
        list_query="status=pending",
        oldest="assessment__cycle__closes_on",
        date_label=_("Due by"),
    )
)
register_queue(
    Queue(
        key="assessment.appeals",
        label=_("Assessment appeals to decide"),
        query=appeals_to_decide,
        list_url="assessment:appeal_list",
        list_query="status=lodged",
        oldest="lodged_on",
        model=Appeal,
        recipients=lambda a: holders(*OFFICERS) if a.status == AppealStatus.LODGED else (),
    )
)
