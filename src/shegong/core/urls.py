from django.urls import path

from .models import PolicyParameter
from .views import RecordCreateView, RecordDetailView, RecordListView, audit, jobs, model_urls

PARAMETER_FIELDS = ("key", "scope", "value", "valid_from", "source", "note")

app_name = "core"

urlpatterns = [
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/export/", jobs.export_start, name="export_start"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    *audit.urlpatterns,
    # Policy parameters are versioned by date: a change is a new row from a date, so the
    # rule that an earlier decision applied stays as it was (no edit, no delete).
    *model_urls(
        PolicyParameter,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": PARAMETER_FIELDS}),
    ),
]
