from shegong.core.forms import RecordForm

from .models import Area


class AreaForm(RecordForm):
    class Meta:
        model = Area
        fields = ["code", "name", "name_en", "level", "parent", "sort_order", "is_active"]
