"""The forms of the statistics pages (GOV-1): the area chooser and the report request."""

from __future__ import annotations

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.forms import StyledForm
from shegong.funding.models import MONEY_KEEPERS
from shegong.organisations.models import ServiceField

from .figures import VIEWER_ROLES, areas_for
from .oversight import OVERSIGHT_READERS


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ScopeForm(StyledForm):
    """The area the figures count over: the user's own area or a district inside it."""

    area = AreaChoiceField(queryset=Area.objects.none(), label=_("Area"), required=False)

    #: The roles whose areas are offered (``figures.areas_for``).
    roles = VIEWER_ROLES

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = areas_for(user, self.roles)
        field = self.fields["area"]
        field.queryset = Area.objects.filter(pk__in=[a.pk for a in choices]).order_by("path")
        field.empty_label = None
        self.default = choices[0] if choices else None

    def chosen(self) -> Area | None:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("area"):
            return self.cleaned_data["area"]
        return self.default


class ReportForm(ScopeForm):
    """A monthly or annual statistical report of an area (XLSX and PDF)."""

    MONTHLY, ANNUAL = "month", "year"

    period = forms.ChoiceField(
        label=_("Report"),
        choices=((MONTHLY, _("Monthly report")), (ANNUAL, _("Annual report"))),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        required=False,
        choices=[("", "—")] + [(m, str(m)) for m in range(1, 13)],
        help_text=_("For a monthly report."),
    )

    field_order = ("period", "year", "month", "area")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].required = True
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.update({"period": self.MONTHLY, "year": today.year, "month": today.month})

    def clean(self):
        data = super().clean()
        if data.get("period") == self.MONTHLY and not data.get("month"):
            self.add_error("month", _("Choose the month of a monthly report."))
        year, month = data.get("year"), data.get("month")
        if data.get("period") != self.MONTHLY:
            month = 1
        today = timezone.localdate()
        if year and (year, month or 1) > (today.year, today.month):
            self.add_error("year", _("A report covers a period that has begun."))
        return data


class MoneyScopeForm(ScopeForm):
    """The purchased-services dashboard (issue 14): the city or one district, and the year."""

    roles = MONEY_KEEPERS

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    field_order = ("area", "year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].label = _("District")
        self.fields["area"].help_text = _("The whole city, or one district.")

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year


class OversightScopeForm(MoneyScopeForm):
    """The oversight dashboard (issue 15): the city or one district, and the year; offered to
    the visits dashboard's readers (the officials of an area and the auditors); and a service
    field, to count only its organisations and contracts (every table)."""

    roles = OVERSIGHT_READERS

    field = forms.ModelChoiceField(
        label=_("Service field"),
        queryset=ServiceField.objects.order_by("code"),
        required=False,
        empty_label=_("All fields"),
    )

    field_order = ("area", "year", "field")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        english = (translation.get_language() or "").startswith("en")
        self.fields["field"].label_from_instance = lambda f: (
            f.name_en if english and f.name_en else f.name
        )

    def chosen_field(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("field")
        return None
