"""What this module adds to a person's page (``people.panels``): progress against each
continuing-education rule that applies (EDU-2) and supervision (EDU-3)."""

from django.utils.translation import gettext_lazy as _

from shegong.core.permissions import can_any, restrict
from shegong.people.panels import Panel

from . import rules
from .models import CpdRecord, Supervision


def cpd_progress(request, person) -> Panel | None:
    user = request.user
    if not can_any(user, "view", CpdRecord):
        return None
    records = restrict(CpdRecord.objects.filter(person=person), user).select_related("session")
    return Panel(
        "cpd",
        _("Continuing education"),
        "education/panel_cpd.html",
        {
            "person": person,
            "progress": rules.progress_of(person),
            "records": records.order_by("-completed_on")[:10],
            "can_claim": can_any(user, "add", CpdRecord),
        },
        order=10,
    )


def supervision(request, person) -> Panel | None:
    user = request.user
    if not can_any(user, "view", Supervision):
        return None
    rows = restrict(Supervision.objects.filter(supervisee=person), user).select_related(
        "supervisor__person", "assistant"
    )
    supervised = restrict(
        Supervision.objects.filter(supervisor__person=person, ends_on__isnull=True), user
    ).select_related("supervisee")
    if not rows and not supervised:
        return None
    return Panel(
        "supervision",
        _("Supervision"),
        "education/panel_supervision.html",
        {"as_supervisee": rows, "as_supervisor": supervised},
        order=20,
    )
