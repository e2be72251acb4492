from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm
from shegong.core.permissions import can

from .models import Education, Person, WorkHistory
from .validators import normalise


class PersonForm(RecordForm):
    # Longer than 18 so that a number typed with spaces is normalised, not refused for length.
    national_id = forms.CharField(label=_("national ID number"), max_length=40)

    class Meta:
        model = Person
        fields = ["national_id", "name", "phone", "email", "address", "area", "organisation"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user
        self.fields["area"].queryset = self.fields["area"].queryset.filter(level="district")
        if self.instance.pk:
            # An identity: corrected by a city administrator only (people.services).
            field = self.fields["national_id"]
            field.disabled = True
            field.help_text = _(
                "A wrong ID number is corrected by a city administrator, with a reason."
            )

    def clean_national_id(self):
        if self.instance.pk:
            return self.instance.national_id
        return normalise(self.cleaned_data["national_id"])

    def _post_clean(self):
        super()._post_clean()
        errors = self._errors.get("national_id")
        if not errors:
            return
        linked = []
        for error in errors.as_data():
            if error.code == "duplicate":
                linked.append(self.duplicate_message(error.params))
            else:
                linked.extend(error.messages)
        self._errors["national_id"] = self.error_class(linked, field_id="national_id")

    def duplicate_message(self, params):
        """The refusal with a link to the existing record (and its name, for those who may
        see it)."""
        existing = Person.objects.filter(pk=params["id"]).first()
        if existing is not None and self.user is not None and can(self.user, "view", existing):
            return format_html(
                '{} <a href="{}">{}</a>',
                _("A person with this ID number is already on file:"),
                params["url"],
                existing.name,
            )
        return format_html(
            '{} <a href="{}">{}</a>',
            _("A person with this ID number is already on file:"),
            params["url"],
            _("record %(id)s") % {"id": params["id"]},
        )


class NationalIdCorrectionForm(forms.Form):
    national_id = forms.CharField(label=_("correct national ID number"), max_length=40)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        help_text=_("Kept in the audit trail, e.g. the document that was checked."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class PersonPartForm(RecordForm):
    """Education and work history: always of one person, chosen from that person's page."""

    def __init__(self, *args, user=None, person=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["person"]
        if self.instance.pk:
            field.disabled = True  # an entry does not move to another person
            field.widget = forms.HiddenInput()
        elif person is not None:
            field.queryset = field.queryset.filter(pk=person.pk)
            field.initial = person.pk
            field.widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is None and "person" not in self.errors:
            raise ValidationError(_("Open the person's page to add an entry."))
        return cleaned


class EducationForm(PersonPartForm):
    class Meta:
        model = Education
        fields = ["person", "level", "major", "school", "year"]


class WorkHistoryForm(PersonPartForm):
    class Meta:
        model = WorkHistory
        fields = ["person", "employer", "position", "start", "end"]
        widgets = {
            "start": DateInput,
            "end": DateInput,
        }
