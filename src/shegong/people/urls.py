from django.urls import path

from shegong.core.views import RecordDetailView, model_urls

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
    path(
        "persons/<int:pk>/correct-id/",
        views.PersonCorrectIdView.as_view(),
        name="person_correct_id",
    ),
    *model_urls(
        Education,
        detail=RecordDetailView,
        add=views.EducationCreateView,
        edit=(views.PersonPartUpdateView, {"form_class": EducationForm}),
        delete=views.PersonPartDeleteView,
    ),
    *model_urls(
        WorkHistory,
        detail=RecordDetailView,
        add=views.WorkHistoryCreateView,
        edit=(views.PersonPartUpdateView, {"form_class": WorkHistoryForm}),
        delete=views.PersonPartDeleteView,
    ),
]
