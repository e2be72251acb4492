from django.utils.translation import gettext as _

from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)

from . import services
from .forms import OrganisationForm
from .notes import notes_for


class OrganisationListView(RecordListView):
    pass


class OrganisationDetailView(RecordDetailView):
    """The record's fields, its service fields, and who supervises it and why (ORG-2)."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        fields = ", ".join(f.name for f in obj.service_fields.all())
        authority = services.authority_name(obj)
        extra = [
            (_("service fields"), fields or None),
            (
                _("supervising authority"),
                f"{authority} ({services.supervision_reason(obj)})" if authority else None,
            ),
        ]
        extra += notes_for(self.request, obj)  # modules above (``organisations.notes``)
        ctx["rows"] = ctx["rows"][:1] + extra + ctx["rows"][1:]
        return ctx


class OrganisationCreateView(RecordCreateView):
    form_class = OrganisationForm
    create_service = staticmethod(services.create_organisation)


class OrganisationUpdateView(RecordUpdateView):
    form_class = OrganisationForm
    update_service = staticmethod(services.update_organisation)


class OrganisationDeleteView(RecordDeleteView):
    pass
