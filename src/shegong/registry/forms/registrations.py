"""Forms of the registration pages (REG-1, REG-3)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.forms import DateInput, StyledForm
from shegong.core.permissions import restrict
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from ..choices import ApplicationStatus, CertificateStatus
from ..models import CodeOfConduct
from ..services import registrations as svc


def applicants_for(user):
    """People a registrar may apply for: in the registrar's scope, holding a valid
    certificate, not registered and with no application waiting."""
    return (
        restrict(Person.objects.all(), user, "view")
        .filter(certificates__status=CertificateStatus.VALID)
        .exclude(registrations__status__in=svc.LIVE)
        .exclude(registration_applications__status=ApplicationStatus.SUBMITTED)
        .distinct()
        .order_by("name", "pk")
    )


class ConductAcceptanceForm(StyledForm):
    """The code of conduct in force, shown with its version, accepted with a checkbox."""

    code_of_conduct = forms.ModelChoiceField(
        queryset=CodeOfConduct.objects.all(), widget=forms.HiddenInput
    )
    accept_code_of_conduct = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = svc.current_code_of_conduct()
        self.code = code
        if code is not None:
            self.fields["code_of_conduct"].initial = code.pk
            self.fields["accept_code_of_conduct"].label = _(
                "I have read and accept the code of conduct “%(title)s”, version %(version)s."
            ) % {"title": code.title, "version": code.version}


class OnBehalfApplyForm(ConductAcceptanceForm):
    """A registrar applies for a person who signed the code of conduct on paper."""

    person = forms.ModelChoiceField(
        label=gettext_lazy("Applicant"),
        queryset=Person.objects.none(),
        help_text=gettext_lazy(
            "People in your area holding a valid certificate, not registered and with no "
            "application waiting."
        ),
    )
    signed_acceptance = forms.CharField(
        label=gettext_lazy("Signed acceptance"),
        max_length=300,
        help_text=gettext_lazy(
            "Where the applicant's signed acceptance of the code of conduct is kept, e.g. "
            "“signed form received 2024-05-06, file 2024-113”. Kept in the audit trail."
        ),
    )
    field_order = ["person", "code_of_conduct", "accept_code_of_conduct", "signed_acceptance"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = applicants_for(user)
        if self.code is not None:
            self.fields["accept_code_of_conduct"].label = _(
                "The applicant has signed their acceptance of the code of conduct “%(title)s”, "
                "version %(version)s, and I have seen it."
            ) % {"title": self.code.title, "version": self.code.version}


class BatchApplyForm(ConductAcceptanceForm):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Staff to register"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Staff holding a valid certificate, not registered and with no application waiting."
        ),
    )
    field_order = ["organisation", "people", "code_of_conduct", "accept_code_of_conduct"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().pk
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["people"].queryset = (
            Person.objects.filter(
                organisation__in=organisations, certificates__status=CertificateStatus.VALID
            )
            .exclude(registrations__status__in=svc.LIVE)
            .exclude(registration_applications__status=ApplicationStatus.SUBMITTED)
            .distinct()
            .order_by("name")
        )


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("refuse", gettext_lazy("Refuse"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required for a refusal; kept with the decision."),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SuspendForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateField(label=gettext_lazy("Suspended until"), widget=DateInput)


class CancelForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    misconduct = forms.BooleanField(
        label=gettext_lazy(
            "For misconduct: ask the certificate's issuer to recall the certificate"
        ),
        required=False,
    )
