"""Forms of the certificate pages (REG-2)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from shegong.core.forms import DateInput, StyledForm
from shegong.core.permissions import restrict

from ..models import ExamResult, ExamSession
from ..services import certificates as service


class IssueForm(StyledForm):
    exam_result = forms.ModelChoiceField(
        label=gettext_lazy("Examination result (passed, without certificate)"),
        queryset=ExamResult.objects.none(),
    )
    issue_date = forms.DateField(label=gettext_lazy("Issue date"), widget=DateInput)
    reason = forms.CharField(label=gettext_lazy("Reason / note"), required=False, max_length=500)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam_result"].queryset = service.eligible_results(user)
        self.fields["issue_date"].initial = timezone.localdate()


class BulkIssueForm(StyledForm):
    session = forms.ModelChoiceField(
        label=gettext_lazy("Examination session"), queryset=ExamSession.objects.all()
    )
    issue_date = forms.DateField(label=gettext_lazy("Issue date"), widget=DateInput)
    reason = forms.CharField(label=gettext_lazy("Reason / note"), required=False, max_length=500)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = restrict(ExamSession.objects.all(), user, "view")
        self.fields["issue_date"].initial = timezone.localdate()


class RecallForm(StyledForm):
    recall_reason = forms.CharField(
        label=gettext_lazy("Reason for recall"), widget=forms.Textarea(attrs={"rows": 3})
    )
    recalled_on = forms.DateField(label=gettext_lazy("Recalled on"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recalled_on"].initial = timezone.localdate()


class DecideForm(StyledForm):
    RECALL, REJECT = "recall", "reject"
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (RECALL, gettext_lazy("Recall the certificate")),
            (REJECT, gettext_lazy("Reject the request")),
        ],
    )
    decision_note = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )
    recalled_on = forms.DateField(
        label=gettext_lazy("Recalled on"), widget=DateInput, required=False
    )
