from shegong.core.permissions import restrict
from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)

from .forms import EducationForm, PersonForm, WorkHistoryForm


class PersonListView(RecordListView):
    pass


class PersonDetailView(RecordDetailView):
    template_name = "people/person_detail.html"
    detail_fields = (
        "name",
        "national_id",
        "sex",
        "birth_date",
        "phone",
        "email",
        "address",
        "area",
        "organisation",
        "user",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["education"] = restrict(self.object.education.all(), user)
        ctx["work_history"] = restrict(self.object.work_history.all(), user)
        return ctx


class PersonCreateView(RecordCreateView):
    form_class = PersonForm


class PersonUpdateView(RecordUpdateView):
    form_class = PersonForm


class PersonDeleteView(RecordDeleteView):
    pass


class EducationCreateView(RecordCreateView):
    form_class = EducationForm

    def get_initial(self):
        return {"person": self.request.GET.get("person")}


class WorkHistoryCreateView(RecordCreateView):
    form_class = WorkHistoryForm

    def get_initial(self):
        return {"person": self.request.GET.get("person")}
