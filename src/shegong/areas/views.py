from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)

from .forms import AreaForm


class AreaListView(RecordListView):
    pass


class AreaDetailView(RecordDetailView):
    detail_fields = ("code", "name", "name_en", "level", "parent", "path", "is_active")


class AreaCreateView(RecordCreateView):
    form_class = AreaForm


class AreaUpdateView(RecordUpdateView):
    form_class = AreaForm


class AreaDeleteView(RecordDeleteView):
    pass
