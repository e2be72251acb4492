from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)

from .forms import OrganisationForm


class OrganisationListView(RecordListView):
    pass


class OrganisationDetailView(RecordDetailView):
    pass


class OrganisationCreateView(RecordCreateView):
    form_class = OrganisationForm


class OrganisationUpdateView(RecordUpdateView):
    form_class = OrganisationForm


class OrganisationDeleteView(RecordDeleteView):
    pass
