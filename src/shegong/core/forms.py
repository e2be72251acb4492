"""Base form: carries the record's version so that a stale edit is refused."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from .permissions import restrict

#: The value format of the browser's date and date-time fields (HTML: a "valid date string"),
#: whatever the user's language: a localised value such as ``2026/12/07`` (zh-hans) is read by
#: no browser, which shows the field empty and submits nothing (issue 12, defect 1).
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """The browser's own date picker; its value is ISO in every language."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; its value is ISO in every language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATETIME)


def _iso_first(formats, iso: str) -> list[str]:
    return [iso, *(f for f in formats if f != iso)]


def iso_dates(form) -> None:
    """Every date (date-time) field of ``form`` gets the browser's picker with an ISO value and
    reads ISO first (then the language's own formats, for typed input and the API's forms).

    Called by :func:`style_widgets` (all styled forms) and the filter forms of
    :class:`~shegong.core.filtersets.RecordFilterSet`, so no form has to remember it."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.MultiWidget):
            continue
        if isinstance(field, forms.DateTimeField):
            if not isinstance(widget, DateTimeInput):
                field.widget = DateTimeInput(attrs=widget.attrs)
                field.widget.is_required = widget.is_required
            field.input_formats = _iso_first(field.input_formats, ISO_DATETIME)
            # Say what a good value looks like, not only that this one is not (issue 12).
            field.error_messages["invalid"] = _(
                "Enter a date and time as year-month-day hour:minute, e.g. 2026-12-07 09:30."
            )
        elif isinstance(field, forms.DateField):
            if not isinstance(widget, DateInput):
                field.widget = DateInput(attrs=widget.attrs)
                field.widget.is_required = widget.is_required
            field.input_formats = _iso_first(field.input_formats, ISO_DATE)
            field.error_messages["invalid"] = _("Enter a date as year-month-day, e.g. 2026-12-07.")


def style_widgets(form) -> None:
    """Bootstrap classes on every widget of ``form`` (radio and checkbox lists keep theirs);
    ISO date pickers on its date fields (:func:`iso_dates`)."""
    iso_dates(form)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    """A plain form (a workflow action's input) styled like :class:`RecordForm`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RecordForm(forms.ModelForm):
    """Every generic create/edit form. Adds ``reason`` and the hidden ``version``."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Kept in the audit trail with the change."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Choices come from the same mechanism as lists: no leak of out-of-scope rows.
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = restrict(field.queryset, user, "view")
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        style_widgets(self)

    def changed_data_dict(self) -> dict:
        """The model fields of this form with their cleaned values (for the services)."""
        names = [f for f in self._meta.fields or self.fields if f in self.cleaned_data]
        return {
            n: self.cleaned_data[n]
            for n in names
            if n not in ("version", "reason") and not self._is_m2m(n)
        }

    def m2m_dict(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.cleaned_data if self._is_m2m(n)}

    def _is_m2m(self, name: str) -> bool:
        try:
            field = self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            return False
        return field.many_to_many


def confirm_form(help_text="") -> type[forms.Form]:
    """The confirmation form of an import page: the checked upload's token, and the reason
    kept in the audit trail (``help_text``: what a reason looks like for this kind of file)."""

    class ConfirmForm(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput)
        reason = forms.CharField(
            label=gettext_lazy("Reason"), required=False, max_length=500, help_text=help_text
        )

    return ConfirmForm
