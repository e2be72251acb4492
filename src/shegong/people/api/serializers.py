from shegong.core.api.serializers import RecordSerializer

from ..models import Education, Person, WorkHistory


class PersonSerializer(RecordSerializer):
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
        read_only_fields = ["sex", "birth_date"]


class EducationSerializer(RecordSerializer):
    class Meta:
        model = Education
        fields = ["id", "person", "level", "major", "school", "year", "version"]


class WorkHistorySerializer(RecordSerializer):
    class Meta:
        model = WorkHistory
        fields = ["id", "person", "employer", "position", "start", "end", "version"]
