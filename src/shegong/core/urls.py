from django.urls import path

from .models import CalendarDay, PolicyParameter
from .views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    audit,
    jobs,
    lookup,
    model_urls,
    notifications,
)

PARAMETER_FIELDS = ("key", "scope", "value", "valid_from", "source", "note")
CALENDAR_FIELDS = ("date", "kind", "name")

app_name = "core"

urlpatterns = [
    # The search-as-you-type choice fields' lookup (issue 13, ADR 0044).
    path("lookup/<str:label>/", lookup.lookup, name="lookup"),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/export/", jobs.export_start, name="export_start"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    *audit.urlpatterns,
    *notifications.urlpatterns,
    # Policy parameters are versioned by date: a change is a new row from a date, so the
    # rule that an earlier decision applied stays as it was (no edit, no delete).
    *model_urls(
        PolicyParameter,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": PARAMETER_FIELDS}),
    ),
    # The official calendar: holidays and weekend days worked (core.calendar); a wrong entry
    # is corrected or deleted, and the audit trail keeps what it was.
    *model_urls(
        CalendarDay,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": CALENDAR_FIELDS}),
        edit=(RecordUpdateView, {"fields": CALENDAR_FIELDS}),
        delete=RecordDeleteView,
    ),
]
