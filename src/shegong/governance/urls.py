from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)

from . import views
from .forms import CommitteeForm, CommitteeMemberForm, DeclaredTieForm
from .models import Committee, CommitteeMember, DeclaredTie

app_name = "governance"

urlpatterns = [
    *model_urls(
        Committee,
        list=RecordListView,
        detail=views.CommitteeDetailView,
        add=(RecordCreateView, {"form_class": CommitteeForm}),
        edit=(RecordUpdateView, {"form_class": CommitteeForm}),
    ),
    *model_urls(
        CommitteeMember,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": CommitteeMemberForm}),
        edit=(RecordUpdateView, {"form_class": CommitteeMemberForm}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        DeclaredTie,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": DeclaredTieForm}),
        edit=(RecordUpdateView, {"form_class": DeclaredTieForm}),
        delete=RecordDeleteView,
    ),
]
