"""Forms of the public pages: the register search and bulk verification (REG-5), complaints
(REG-4), the search of the public tender pages (PUB-1, FIN-3)."""

from __future__ import annotations

import time
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.urls import reverse_lazy
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from shegong.areas.models import Area
from shegong.core.forms import AutocompleteWidget
from shegong.core.limits import upload_size_problem
from shegong.core.tabular import FileProblem, TooManyRows, read_table
from shegong.organisations.models import Organisation, ServiceField
from shegong.people.models import normalise_name
from shegong.procurement.choices import ProcurementMethod
from shegong.procurement.models import Procurement
from shegong.registry.models import Registration
from shegong.registry.services import public
from shegong.registry.services.public import normalise_number

from .queries import Stage, stage_filter

HONEYPOT = "website"


#: Numbers one file may hold at all (a background job for a signed-in user).
FILE_MAX = 50000


#: How long a process keeps the districts' choices of the register search (issue 13): the most
#: used public page read them on every request, and a city's districts change a few times a
#: decade. A change of an area clears them in the process that made it (the signals below);
#: other processes see it within this many seconds.
DISTRICTS_TTL = 60.0
_districts: dict[str | None, tuple[float, list[tuple[str, str]]]] = {}


def district_choices() -> list[tuple[str, str]]:
    """ "All" and the active districts, by code, in the current language."""
    language = get_language()
    kept = _districts.get(language)
    now = time.monotonic()
    if kept is not None and now < kept[0]:
        return kept[1]
    districts = Area.objects.filter(level="district", is_active=True).order_by("code")
    choices = [("", _("All")), *((a.code, a.name) for a in districts)]
    _districts[language] = (now + DISTRICTS_TTL, choices)
    return choices


def forget_districts(**kwargs) -> None:
    _districts.clear()


post_save.connect(forget_districts, sender=Area, dispatch_uid="portal-forget-districts")
post_delete.connect(forget_districts, sender=Area, dispatch_uid="portal-forget-districts")


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Register number, certificate number or full name"),
        max_length=50,
        required=False,
    )
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    #: Searched as the visitor types, on the public lookup of active organisations' names
    #: (``portal:organisation_lookup``, rate-limited): the page never lists them (issue 13).
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.filter(is_active=True).only("id", "name"),
        widget=AutocompleteWidget(url=reverse_lazy("portal:organisation_lookup")),
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()
        self.fields["organisation"].widget.field = self.fields["organisation"]
        for name, field in self.fields.items():
            if name != "page":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css


class BulkVerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        required=False,
        help_text=gettext_lazy(
            "The first column, or a column headed 登记编号, 证书编号 or number, holds the "
            "register or certificate numbers."
        ),
    )
    numbers = forms.CharField(
        label=gettext_lazy("Or paste numbers, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, max_numbers: int = FILE_MAX, signed_in: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_numbers = max_numbers
        self.signed_in = signed_in
        self.fields["file"].widget.attrs["class"] = "form-control"
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["numbers"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            # Issue 10: the size before the file is read, the count of rows while it is read.
            too_large = upload_size_problem(upload.size, "public_verify")
            if too_large:
                raise forms.ValidationError(too_large)
            try:
                data["parsed"] = read_numbers(upload, self.max_numbers)
            except TooManyRows:
                raise forms.ValidationError(
                    over_limit(None, self.max_numbers, self.signed_in)
                ) from None
            except FileProblem as exc:
                raise forms.ValidationError(exc.message) from None
        else:
            data["parsed"] = [
                line.strip() for line in data.get("numbers", "").splitlines() if line.strip()
            ]
        if not data["parsed"]:
            raise forms.ValidationError(_("Upload a file or paste numbers to verify."))
        return data


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


HEADER_NAMES = {
    "登记编号",
    "证书编号",
    "编号",
    "number",
    "register number",
    "certificate number",
}


def _first_column(rows: list[list]) -> list[str]:
    """The numbers of a sheet: a column named like :data:`HEADER_NAMES`, else the first."""
    if not rows:
        return []
    header = [str(c or "").strip().lower() for c in rows[0]]
    column = next((i for i, h in enumerate(header) if h in HEADER_NAMES), None)
    if column is None:
        column = 0
        body = rows if public.looks_like_number(header[0] if header else "") else rows[1:]
    else:
        body = rows[1:]
    values = (str(row[column]).strip() if len(row) > column and row[column] else "" for row in body)
    return [v for v in values if v]


def read_numbers(upload, max_numbers: int = FILE_MAX) -> list[str]:
    """The numbers in an uploaded CSV or XLSX file (read by ``core.tabular``, as imports are);
    :class:`TooManyRows` as soon as the file holds more than ``max_numbers`` rows (the header
    aside)."""
    table = read_table(upload.read(), upload.name or "", max_rows=max_numbers)
    return _first_column([table.header, *(values for _number, values in table.rows)])


def over_limit(count: int | None, limit: int, signed_in: bool) -> str:
    """The message refusing ``count`` numbers (``None``: more than ``limit``, the file was not
    read to its end)."""
    if count is None:
        if signed_in:
            return _("A file may hold at most %(limit)d numbers; this one has more.") % {
                "limit": limit
            }
        return _(
            "Without signing in, a file may hold at most %(limit)d numbers; this one has more. "
            "Split the file, or sign in to verify larger files in the background."
        ) % {"limit": limit}
    if signed_in:
        return _("A file may hold at most %(limit)d numbers; this one has %(count)d.") % {
            "limit": limit,
            "count": count,
        }
    return _(
        "Without signing in, a file may hold at most %(limit)d numbers; this one has "
        "%(count)d. Split the file, or sign in to verify larger files in the background."
    ) % {"limit": limit, "count": count}


class TenderSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Title"), max_length=100, required=False)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    field = forms.ModelChoiceField(
        label=gettext_lazy("Service field"),
        required=False,
        queryset=ServiceField.objects.filter(is_active=True).order_by("code"),
        empty_label=gettext_lazy("All"),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Method"),
        required=False,
        choices=[("", gettext_lazy("All")), *ProcurementMethod.choices],
    )
    stage = forms.ChoiceField(
        label=pgettext_lazy("tender stage", "Stage"),
        required=False,
        choices=[("", gettext_lazy("All")), *Stage.CHOICES],
    )
    page = forms.IntegerField(
        min_value=1, max_value=10000, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()
        for name, field in self.fields.items():
            if name != "page":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css

    def filtered(self, queryset: QuerySet[Procurement], today: date) -> QuerySet[Procurement]:
        """``queryset`` narrowed by the valid filters (an invalid one is ignored, its error
        shown)."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        if data.get("q"):
            queryset = queryset.filter(title__icontains=data["q"].strip())
        if data.get("district"):
            queryset = queryset.filter(buyer__code=data["district"])
        if data.get("field"):
            queryset = queryset.filter(plan_item__field=data["field"])
        if data.get("method"):
            queryset = queryset.filter(method=data["method"])
        if data.get("stage"):
            queryset = queryset.filter(stage_filter(data["stage"], today))
        return queryset
