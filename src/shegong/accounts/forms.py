from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm

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
    """A new account has no password: the administrator then starts a password reset, which
    lets the person choose one (issue 10)."""


class ProfileForm(RecordForm):
    """What a person may change on their own account."""

    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed to change your e-mail address."),
    )

    class Meta:
        model = User
        fields = ["last_name", "first_name", "email", "phone"]


class MembershipForm(RecordForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "area", "organisation", "valid_from", "valid_until"]
        widgets = {
            "valid_from": DateInput,
            "valid_until": DateInput,
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
