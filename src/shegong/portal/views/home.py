from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core.workbench import shortcuts_for, waiting_for
from shegong.people.models import Person
from shegong.people.panels import panels_for

from ..queries import HOME_LATEST, open_now


def home(request):
    """The public front page (with the latest open tenders, PUB-1); for a signed-in user, their
    workbench (工作台, issue 12): what waits for them (``core.workbench`` queues), their own
    status when they are a person of the register (the person page's panels: registration,
    certificates, continuing education, assessment), short cuts for their role, and their
    modules."""
    user = request.user
    if not user.is_authenticated:
        # PUB-1/FIN-3: the latest procurements open for bids, for a visitor.
        tenders = (
            open_now(timezone.localdate())
            .select_related("buyer")
            .order_by("-published_on", "-pk")[:HOME_LATEST]
        )
        return render(request, "portal/home.html", {"title": _("Home"), "tenders": tenders})
    person = Person.objects.filter(user=user).first()
    context = {
        "title": _("Workbench"),
        "waiting": waiting_for(user),
        "shortcuts": shortcuts_for(user),
        "person": person,
        "panels": panels_for(request, person) if person is not None else [],
    }
    return render(request, "portal/workbench.html", context)
