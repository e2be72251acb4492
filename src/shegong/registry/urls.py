from .views import certificates, conduct, exams, lists, registrations, reports

app_name = "registry"

# Workflow pages first, so that e.g. ``certificates/new/`` wins over the generic detail route.
urlpatterns = [
    *exams.urlpatterns,
    *certificates.urlpatterns,
    *registrations.urlpatterns,
    *conduct.urlpatterns,
    *reports.urlpatterns,
    *lists.urlpatterns,
]
