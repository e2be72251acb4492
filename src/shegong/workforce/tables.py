import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import ConversionPlan, Employment, Post, PostStandard, PostType, ServiceUnit


@register_table
class PostTypeTable(RecordTable):
    related = ("field",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = PostType
        fields = ("code", "name", "field", "grade", "required_level", "designated", "is_active")


@register_table
class PostStandardTable(RecordTable):
    related = ("post_type",)
    post_type = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = PostStandard
        fields = ("post_type", "basis", "units_per_post", "difficulty_weight", "valid_from")


@register_table
class ServiceUnitTable(RecordTable):
    related = ("field", "area", "district", "organisation")
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = ServiceUnit
        fields = (
            "name",
            "field",
            "area",
            "district",
            "organisation",
            "served_people",
            "communities",
            "schools",
            "is_active",
        )


@register_table
class PostTable(RecordTable):
    related = ("organisation", "post_type", "field")
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Post
        fields = (
            "code",
            "name",
            "organisation",
            "post_type",
            "field",
            "grade",
            "designated",
            "is_active",
        )


@register_table
class EmploymentTable(RecordTable):
    related = ("person", "post", "post__organisation")
    person = tables.Column(linkify=lambda record: record.get_absolute_url())
    organisation = tables.Column(
        verbose_name=_("organisation"), accessor="post__organisation", orderable=False
    )

    class Meta(RecordTable.Meta):
        model = Employment
        fields = ("person", "post", "organisation", "kind", "start", "end")


@register_table
class ConversionPlanTable(RecordTable):
    related = ("employment__person", "employment__post")
    employment = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = ConversionPlan
        fields = ("employment", "training_batch", "exam_year", "deadline", "completed_on")


# --- Pay, grades, promotion, insurance (PAY-1 to PAY-3) ----------------------------------------

from .models import (  # noqa: E402
    EmploymentGrade,
    Grade,
    InsuranceContribution,
    PayGuidance,
    PayRecord,
    PromotionApplication,
    TechnicianPay,
)


@register_table
class GradeTable(RecordTable):
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Grade
        fields = ("order", "code", "name", "required_level", "min_years", "is_active")


@register_table
class PayGuidanceTable(RecordTable):
    related = ("grade",)
    grade = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = PayGuidance
        fields = ("year", "grade", "step", "base", "post", "performance", "total")


@register_table
class TechnicianPayTable(RecordTable):
    related = ("grade",)
    grade = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = TechnicianPay
        fields = ("year", "grade", "step", "total", "source")


@register_table
class EmploymentGradeTable(RecordTable):
    related = ("employment__person", "employment__post", "grade")
    employment = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = EmploymentGrade
        fields = ("employment", "grade", "step", "valid_from")


@register_table
class PayRecordTable(RecordTable):
    related = ("employment__person", "employment__post", "grade")
    employment = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = PayRecord
        fields = ("employment", "month", "grade", "step", "base", "post", "performance", "total")


@register_table
class InsuranceContributionTable(RecordTable):
    related = ("employment__person", "employment__post")
    employment = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = InsuranceContribution
        fields = (
            "employment",
            "month",
            "base",
            "amount_due",
            "due_date",
            "paid_on",
            "amount_paid",
        )


@register_table
class PromotionApplicationTable(RecordTable):
    related = ("employment__person", "employment__post", "to_grade")
    employment = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = PromotionApplication
        fields = ("employment", "to_grade", "submitted_on", "eligible", "status", "effective_from")
