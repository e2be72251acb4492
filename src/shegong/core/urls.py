from django.urls import path

from .views import audit, jobs

app_name = "core"

urlpatterns = [
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/export/", jobs.export_start, name="export_start"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    *audit.urlpatterns,
]
