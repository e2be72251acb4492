"""Forms of the workforce pages. No rules here: the services check everything."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm, StyledForm
from shegong.core.permissions import restrict
from shegong.people.models import Person

from .choices import EmploymentKind, GapGrouping
from .models import Post, PostStandard, PostType, ServiceUnit


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
