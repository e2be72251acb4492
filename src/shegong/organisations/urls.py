from shegong.core.views import model_urls

from . import views
from .models import Organisation

app_name = "organisations"

urlpatterns = model_urls(
    Organisation,
    list=views.OrganisationListView,
    detail=views.OrganisationDetailView,
    add=views.OrganisationCreateView,
    edit=views.OrganisationUpdateView,
    delete=views.OrganisationDeleteView,
)
