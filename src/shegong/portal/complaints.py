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

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.people.models import normalise_name
from shegong.registry.choices import CaseSource
from shegong.registry.models import Registration
from shegong.registry.services import conduct
from shegong.registry.services.public import normalise_number

from .ratelimit import client_ip, hit, too_many_requests

DEFAULT_RATE = "5/hour"
HONEYPOT = "website"


class ComplaintForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=100)
    contact = forms.CharField(
        label=gettext_lazy("How we can reach you (phone or e-mail)"),
        max_length=200,
        help_text=gettext_lazy("Seen only by the officials who handle the complaint."),
    )
    worker = forms.CharField(
        label=gettext_lazy("The social worker's register number or full name"),
        max_length=50,
        help_text=gettext_lazy("As shown on the public register."),
    )
    text = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    website = forms.CharField(
        label=gettext_lazy("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != HONEYPOT:
                field.widget.attrs.setdefault("class", "form-control")

    def clean_worker(self) -> Registration:
        value = self.cleaned_data["worker"]
        number = normalise_number(value)
        match = Registration.objects.select_related("person").filter(register_number=number)
        found = list(match[:2])
        if not found:
            name = normalise_name(value)
            found = list(
                Registration.objects.select_related("person").filter(person__name=name)[:2]
            )
            if len(found) > 1:
                raise ValidationError(
                    _(
                        "Several entries on the public register have this name; give the "
                        "register number (search the public register to find it)."
                    ),
                    code="ambiguous",
                )
        if not found:
            raise ValidationError(
                _(
                    "No entry on the public register matches this register number or name; "
                    "check it with the public register search."
                ),
                code="not_found",
            )
        return found[0]


def new_complaint(request):
    form = ComplaintForm(request.POST or None)
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
