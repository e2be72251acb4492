from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..models import ConversionPlan, Employment, Post, PostStandard, PostType, ServiceUnit


class PostTypeSerializer(RecordSerializer):
    class Meta:
        model = PostType
        fields = [
            "id",
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
            "version",
        ]


class PostStandardSerializer(RecordSerializer):
    class Meta:
        model = PostStandard
        fields = [
            "id",
            "post_type",
            "basis",
            "units_per_post",
            "difficulty_weight",
            "valid_from",
            "source",
            "version",
        ]


class ServiceUnitSerializer(RecordSerializer):
    class Meta:
        model = ServiceUnit
        fields = [
            "id",
            "name",
            "field",
            "area",
            "district",
            "organisation",
            "served_people",
            "communities",
            "schools",
            "is_active",
            "version",
        ]


class PostSerializer(RecordSerializer):
    class Meta:
        model = Post
        fields = [
            "id",
            "code",
            "name",
            "organisation",
            "post_type",
            "field",
            "grade",
            "designated",
            "service_unit",
            "is_active",
            "version",
        ]


class EmploymentSerializer(RecordSerializer):
    class Meta:
        model = Employment
        fields = ["id", "person", "post", "start", "end", "kind", "end_reason", "version"]


class ConversionPlanSerializer(RecordSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ConversionPlan
        fields = [
            "id",
            "employment",
            "training_batch",
            "exam_year",
            "deadline",
            "completed_on",
            "overdue",
            "version",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()
