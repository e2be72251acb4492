"""What this module adds to a person's page (``people.panels``): their assessment results
(REG-6), as far as the viewer may see them (the person only after publication)."""

from django.utils.translation import gettext_lazy as _

from shegong.core.permissions import can_any, restrict
from shegong.people.panels import Panel

from .models import Assessment


def assessment_results(request, person) -> Panel | None:
    user = request.user
    if not can_any(user, "view", Assessment):
        return None
    rows = (
        restrict(Assessment.objects.filter(person=person), user)
        .select_related("cycle__area", "organisation")
        .order_by("-cycle__year")[:10]
    )
    if not rows:
        return None
    return Panel(
        "assessment", _("Annual assessment"), "assessment/panel.html", {"rows": rows}, order=30
    )
