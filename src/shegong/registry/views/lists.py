"""Lists and detail pages of the register's records (generic views)."""

from shegong.core.views import RecordDetailView, RecordListView, model_urls

from ..models import Certificate, ConductCase, ExamResult, Registration, RegistrationApplication

urlpatterns = [
    *model_urls(ExamResult, list=RecordListView, detail=RecordDetailView),
    *model_urls(Certificate, list=RecordListView, detail=RecordDetailView),
    *model_urls(Registration, list=RecordListView, detail=RecordDetailView),
    *model_urls(RegistrationApplication, list=RecordListView, detail=RecordDetailView),
    *model_urls(ConductCase, list=RecordListView, detail=RecordDetailView),
]
