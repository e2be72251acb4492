from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from shegong.core import audit
from shegong.core.permissions import can, restrict
from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)
from shegong.core.views.generic import apply_validation_error

from . import services
from .forms import EducationForm, NationalIdCorrectionForm, PersonForm, WorkHistoryForm
from .models import Person
from .panels import panels_for
from .privacy import mask_field


class PersonListView(RecordListView):
    #: A city's tens of thousands of people: the database's estimate beyond 10,000 (issue 13).
    count = "estimate"


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
        user, person = self.request.user, self.object
        show_private = can(user, "view_private", person)
        if not show_private:
            # A birth date keeps its year when masked (the generic mask is for identifiers).
            label = Person._meta.get_field("birth_date").verbose_name
            ctx["rows"] = [
                (name, mask_field("birth_date", person.birth_date) if name == label else value)
                for name, value in ctx["rows"]
            ]
        ctx["education"] = restrict(person.education.all(), user)
        ctx["work_history"] = restrict(person.work_history.all(), user)
        ctx["can_correct_id"] = services.may_correct_national_id(user, person) and can(
            user, "change", person
        )
        ctx["panels"] = panels_for(self.request, person) if ctx["tab"] != "history" else []
        return ctx

    def history(self, obj, show_private: bool):
        entries = super().history(obj, show_private)
        if show_private:
            return entries
        fixed = []
        for record, changes in entries:
            changes = [
                (name, *(mask_field(name, v) for v in self._raw(record, name)))
                if name == "birth_date"
                else (name, old, new)
                for name, old, new in changes
            ]
            fixed.append((record, changes))
        return fixed

    @staticmethod
    def _raw(record, name):
        return (record.before or {}).get(name), (record.after or {}).get(name)


class PersonCreateView(RecordCreateView):
    form_class = PersonForm
    create_service = staticmethod(services.create_person)


class PersonUpdateView(RecordUpdateView):
    form_class = PersonForm
    update_service = staticmethod(services.update_person)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The edit form shows the private fields in full: that is a full view, logged too.
        audit.record_read(request.user, self.object, Person.PRIVATE_FIELDS, _("edit form"))
        return response


class PersonDeleteView(RecordDeleteView):
    pass


class PersonCorrectIdView(LoginRequiredMixin, View):
    """A city administrator corrects a wrongly registered ID number, with a reason."""

    template_name = "people/person_correct_id.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.person = get_object_or_404(
            restrict(Person.objects.select_related("area"), request.user, "view"),
            pk=kwargs["pk"],
        )
        if not (
            can(request.user, "change", self.person)
            and services.may_correct_national_id(request.user, self.person)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.show(NationalIdCorrectionForm())

    def post(self, request, pk):
        form = NationalIdCorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.correct_national_id(
                    request.user,
                    self.person,
                    form.cleaned_data["national_id"],
                    form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The ID number was corrected."))
                return HttpResponseRedirect(self.person.get_absolute_url())
        return self.show(form)

    def show(self, form):
        title = _("Correct the ID number of %(name)s") % {"name": self.person}
        context = {"form": form, "person": self.person, "title": title}
        return render(self.request, self.template_name, context)


class PersonPartMixin:
    """Education and work history are added, changed and deleted from the person's page,
    and lead back to it."""

    def person_from_query(self):
        pk = self.request.GET.get("person") or self.request.POST.get("person")
        if not pk or not str(pk).isdigit():
            return None
        queryset = restrict(Person.objects.all(), self.request.user, "change")
        return queryset.filter(pk=pk).first()

    def get_success_url(self):
        return self.object.person.get_absolute_url()

    def form_valid(self, form):
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect) and self.object is not None:
            return HttpResponseRedirect(self.object.person.get_absolute_url())
        return response


class PersonPartCreateView(PersonPartMixin, RecordCreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.person_from_query()}


class PersonPartUpdateView(PersonPartMixin, RecordUpdateView):
    pass


class PersonPartDeleteView(RecordDeleteView):
    def post(self, request, *args, **kwargs):
        person = self.get_object().person
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            return HttpResponseRedirect(person.get_absolute_url())
        return response


class EducationCreateView(PersonPartCreateView):
    form_class = EducationForm


class WorkHistoryCreateView(PersonPartCreateView):
    form_class = WorkHistoryForm
