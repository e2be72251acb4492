from django.utils.translation import gettext as _
from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..models import Education, Person, WorkHistory
from ..privacy import mask_field

#: Derived from the ID number; a client cannot set them.
DERIVED_FIELDS = ("sex", "birth_date")


class PersonSerializer(RecordSerializer):
    # No length limit or uniqueness check here: the model normalises the number (spaces,
    # full-width digits) and refuses a duplicate with a link to the existing record.
    national_id = serializers.CharField(max_length=40)

    class Meta:
        model = Person
        fields = [
            "id",
            "national_id",
            "name",
            "sex",
            "birth_date",
            "phone",
            "email",
            "address",
            "area",
            "organisation",
            "user",
            "version",
        ]
        read_only_fields = ["sex", "birth_date", "user"]

    def validate(self, attrs):
        errors = {}
        for name in DERIVED_FIELDS:
            if name not in self.initial_data:
                continue
            sent = self.initial_data.get(name)
            current = getattr(self.instance, name, None) if self.instance else None
            if current is None or str(sent) != str(current):
                errors[name] = _("Derived from the national ID number; it cannot be set.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_private") and instance.birth_date:
            data["birth_date"] = mask_field("birth_date", instance.birth_date)
        return data


class CorrectNationalIdSerializer(serializers.Serializer):
    national_id = serializers.CharField(max_length=40)
    reason = serializers.CharField(max_length=500)


class EducationSerializer(RecordSerializer):
    class Meta:
        model = Education
        fields = ["id", "person", "level", "major", "school", "year", "version"]


class WorkHistorySerializer(RecordSerializer):
    class Meta:
        model = WorkHistory
        fields = ["id", "person", "employer", "position", "start", "end", "version"]
