"""ORG-5: the public notice of sanctions in force. Every sanction of a supervision decision
that is in force today (Asia/Shanghai, ``inspections.rules.in_force_q``): the organisation's
name, the sanction, its period, the decision's number and date; nothing private (no
complainant, no grounds, no evidence). A sanction no longer in force (its last day passed,
rectified, lifted on appeal) is gone from the page the next day. Rate-limited per client IP
like the other public pages, with a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.inspections.queries import sanctions_in_force

from ..queries import PAGE_SIZE
from ..ratelimit import ratelimit


@ratelimit("public_sanctions_page")
def sanction_list(request):
    """ORG-5: the sanctions in force today, the newest decision first."""
    today = timezone.localdate()
    paginator = Paginator(sanctions_in_force(today), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "portal/sanctions/list.html",
        {
            "title": _("Sanctions in force on social work organisations"),
            "today": today,
            "page_obj": page,
        },
    )


urlpatterns = [path("sanctions/", sanction_list, name="sanctions")]
