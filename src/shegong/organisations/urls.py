from shegong.core.views import RecordDetailView, RecordListView, RecordUpdateView, model_urls

from . import views
from .models import Organisation, ServiceField

app_name = "organisations"

SERVICE_FIELD_FIELDS = ("name", "name_en", "is_pilot", "line_department", "sort_order", "is_active")

urlpatterns = model_urls(
    ServiceField,
    list=RecordListView,
    detail=RecordDetailView,
    edit=(RecordUpdateView, {"fields": SERVICE_FIELD_FIELDS}),
) + model_urls(
    Organisation,
    list=views.OrganisationListView,
    detail=views.OrganisationDetailView,
    add=views.OrganisationCreateView,
    edit=views.OrganisationUpdateView,
    delete=views.OrganisationDeleteView,
)
