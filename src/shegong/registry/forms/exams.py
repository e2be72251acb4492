"""Forms of the examination pages: the result file upload and the correction of a result."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from shegong.core.forms import StyledForm

from ..imports import TEMPLATE_HELP


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Results file (XLSX or CSV)"), help_text=TEMPLATE_HELP
    )


class CorrectResultForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(
        label=gettext_lazy("Score"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        help_text=gettext_lazy("Empty when the file gave no score."),
    )
    passed = forms.BooleanField(label=gettext_lazy("Passed"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept in the audit trail, e.g. the examination authority's letter of correction."
        ),
    )
