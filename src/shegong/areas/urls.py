from shegong.core.views import model_urls

from . import views
from .models import Area

app_name = "areas"

urlpatterns = model_urls(
    Area,
    list=views.AreaListView,
    detail=views.AreaDetailView,
    add=views.AreaCreateView,
    edit=views.AreaUpdateView,
    delete=views.AreaDeleteView,
)
