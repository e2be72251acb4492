from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import RecordForm

from .models import Membership, User

USER_FIELDS = [
    "username",
    "last_name",
    "first_name",
    "email",
    "phone",
    "area",
    "organisation",
    "is_active",
]


class UserForm(RecordForm):
    class Meta:
        model = User
        fields = USER_FIELDS


class UserCreateForm(UserForm):
    """The model fields, plus an initial password checked by the password policy."""

    password1 = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("Initial password again"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data

    def changed_data_dict(self) -> dict:
        return {**super().changed_data_dict(), "password1": self.cleaned_data.get("password1")}


class ProfileForm(RecordForm):
    """What a person may change on their own account."""

    class Meta:
        model = User
        fields = ["last_name", "first_name", "email", "phone"]


class MembershipForm(RecordForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "area", "organisation", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        initial=lambda: settings.API_TOKEN_DAYS,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
