"""Forms of the workforce pages. No rules here: the services check everything."""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.forms import DateInput, RecordForm, StyledForm
from shegong.core.permissions import restrict
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from . import imports
from .choices import EmploymentKind, GapGrouping
from .compliance import Grouping
from .models import Grade, Post, PostStandard, PostType, ServiceUnit


class PostTypeForm(RecordForm):
    class Meta:
        model = PostType
        fields = [
            "code",
            "name",
            "name_en",
            "field",
            "grade",
            "required_level",
            "duties",
            "designated",
            "sort_order",
            "is_active",
        ]


class PostStandardForm(RecordForm):
    class Meta:
        model = PostStandard
        fields = [
            "post_type",
            "basis",
            "units_per_post",
            "difficulty_weight",
            "valid_from",
            "source",
        ]
        widgets = {"valid_from": DateInput}


class ServiceUnitForm(RecordForm):
    class Meta:
        model = ServiceUnit
        fields = [
            "name",
            "field",
            "area",
            "organisation",
            "served_people",
            "communities",
            "schools",
            "is_active",
        ]


class PostForm(RecordForm):
    class Meta:
        model = Post
        fields = [
            "code",
            "name",
            "organisation",
            "post_type",
            "grade",
            "designated",
            "service_unit",
            "is_active",
        ]
        widgets = {
            "designated": forms.Select(
                choices=[("", _("As the post type says")), (True, _("Yes")), (False, _("No"))]
            )
        }


class HireForm(StyledForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    start = forms.DateField(label=_("Start"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=EmploymentKind.choices)
    training_batch = forms.CharField(
        label=_("Training batch"),
        required=False,
        max_length=100,
        help_text=_("For a conversion of staff without credentials: the conversion plan."),
    )
    exam_year = forms.IntegerField(label=_("Exam year"), required=False, min_value=2000)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = restrict(Person.objects.all(), user, "view").order_by(
            "name", "pk"
        )


class EndForm(StyledForm):
    end = forms.DateField(label=_("Last day"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class CompletionForm(StyledForm):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class GapForm(StyledForm):
    by = forms.ChoiceField(label=_("Group by"), choices=GapGrouping.choices, required=False)
    on = forms.DateField(label=_("On"), required=False, widget=DateInput)


class ApplyForm(StyledForm):
    to_grade = forms.ModelChoiceField(
        label=gettext_lazy("To grade"), queryset=Grade.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=500)


class ApproveForm(StyledForm):
    effective_from = forms.DateField(label=gettext_lazy("Effective from"), widget=DateInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=500)


class RefuseForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


class CorrectPayForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    base = forms.DecimalField(label=gettext_lazy("Base pay"), min_value=0, decimal_places=2)
    post = forms.DecimalField(label=gettext_lazy("Post pay"), min_value=0, decimal_places=2)
    performance = forms.DecimalField(
        label=gettext_lazy("Performance pay"), min_value=0, decimal_places=2
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


class PaymentForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), required=False, widget=DateInput)
    amount_paid = forms.DecimalField(
        label=gettext_lazy("Amount paid"), min_value=0, decimal_places=2
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


class SetGradeForm(StyledForm):
    grade = forms.ModelChoiceField(
        label=gettext_lazy("Grade"), queryset=Grade.objects.filter(is_active=True)
    )
    step = forms.IntegerField(label=gettext_lazy("Step"), min_value=1, max_value=99, initial=1)
    valid_from = forms.DateField(label=gettext_lazy("From"), widget=DateInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=500)


SORTS = (
    ("label", gettext_lazy("Name")),
    ("problems", gettext_lazy("Most problems first")),
    ("rate", gettext_lazy("Lowest credentialed rate first")),
)


class DashboardForm(StyledForm):
    grouping = forms.ChoiceField(
        label=gettext_lazy("Rows by"), choices=Grouping.CHOICES, required=False
    )
    district = forms.ModelChoiceField(
        label=gettext_lazy("District"), queryset=Area.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, widget=forms.HiddenInput
    )
    on = forms.DateField(label=gettext_lazy("On"), required=False, widget=DateInput)
    month_from = forms.DateField(
        label=gettext_lazy("Pay and insurance from (month)"), required=False, widget=DateInput
    )
    month_to = forms.DateField(label=gettext_lazy("to (month)"), required=False, widget=DateInput)
    sort = forms.ChoiceField(label=gettext_lazy("Order"), choices=SORTS, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = restrict(
            Area.objects.filter(level="district", is_active=True), user, "view"
        )
        self.fields["organisation"].queryset = restrict(Organisation.objects.all(), user, "view")

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start and end and start > end:
            self.add_error("month_to", _("The end month is before the start month."))
        return data


def upload_form(label, columns):
    """The upload form of one kind of file, its help naming the accepted columns."""

    class UploadForm(forms.Form):
        file = forms.FileField(label=label)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["file"].help_text = _("Columns: %(columns)s.") % {
                "columns": imports.column_help(columns)
            }

    return UploadForm
