from shegong.core.views import RecordDeleteView, RecordDetailView, RecordUpdateView, model_urls

from . import views
from .forms import EducationForm, WorkHistoryForm
from .models import Education, Person, WorkHistory

app_name = "people"

urlpatterns = [
    *model_urls(
        Person,
        list=views.PersonListView,
        detail=views.PersonDetailView,
        add=views.PersonCreateView,
        edit=views.PersonUpdateView,
        delete=views.PersonDeleteView,
    ),
    *model_urls(
        Education,
        detail=RecordDetailView,
        add=views.EducationCreateView,
        edit=(RecordUpdateView, {"form_class": EducationForm}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        WorkHistory,
        detail=RecordDetailView,
        add=views.WorkHistoryCreateView,
        edit=(RecordUpdateView, {"form_class": WorkHistoryForm}),
        delete=RecordDeleteView,
    ),
]
