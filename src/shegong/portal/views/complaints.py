"""A public complaint about a registered social worker (REG-4): ``/complaints/new/``.

Anyone may file one, with their name and contact (kept private: only officials with
``view_private`` on conduct cases see them) and the social worker's register number or full
name. It opens a conduct case at intake with ``source=public``
(``registry.services.conduct.open_case``).

The social worker is looked up among the entries the public register shows
(``registry.services.public``: the same normalised register number, or the same full name),
so the form tells a visitor no more than a search of the public register does: "no entry
matches" or "several entries have this name; give the register number". A complaint about
someone who is not on the register goes to the authority by its other channels.

Against abuse: 5 submissions an hour per client IP (``COMPLAINTS_RATE``, counted on every
POST, in the cache, with ``portal.ratelimit``) and a honeypot field that people do not see;
a filled honeypot gets the same thank-you page and stores nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from shegong.registry.choices import CaseSource
from shegong.registry.services import conduct

from ..forms import HONEYPOT, ComplaintForm
from ..ratelimit import client_ip, hit, too_many_requests

DEFAULT_RATE = "5/hour"


def new_complaint(request):
    # Bound on every POST: an empty one (``request.POST or None`` would leave the form
    # unbound) must say which fields are missing, not show the form again without a word.
    form = ComplaintForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        rate = getattr(settings, "COMPLAINTS_RATE", DEFAULT_RATE)
        wait = hit("complaints", client_ip(request), rate)
        if wait is not None:
            return too_many_requests(wait)
        if request.POST.get(HONEYPOT):
            return redirect("portal:complaint_thanks")
        if form.is_valid():
            registration = form.cleaned_data["worker"]
            conduct.open_case(
                request.user if request.user.is_authenticated else None,
                registration.person,
                registration=registration,
                source=CaseSource.PUBLIC,
                summary=form.cleaned_data["text"],
                complainant_name=form.cleaned_data["name"],
                complainant_contact=form.cleaned_data["contact"],
                reason=_("Complaint from the public through the portal"),
            )
            return redirect("portal:complaint_thanks")
    return render(
        request,
        "portal/complaints/new.html",
        {"title": _("Make a complaint about a social worker"), "form": form},
    )


def thanks(request):
    return render(request, "portal/complaints/thanks.html", {"title": _("Complaint received")})


urlpatterns = [
    path("complaints/new/", new_complaint, name="complaint_new"),
    path("complaints/thanks/", thanks, name="complaint_thanks"),
]
