from shegong.core.api.serializers import RecordSerializer

from ..models import Area


class AreaSerializer(RecordSerializer):
    class Meta:
        model = Area
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "level",
            "parent",
            "path",
            "sort_order",
            "is_active",
            "version",
        ]
        read_only_fields = ["path"]
