"""The audit trail: searchable and exportable by auditors, read-only for everyone."""

from django.apps import apps
from django.urls import path

from ..models import AuditRecord
from ..permissions import can_any
from ..privacy import mask
from .generic import RecordDetailView, RecordListView


class AuditRecordDetailView(RecordDetailView):
    template_name = "core/auditrecord_detail.html"
    detail_fields = (
        "timestamp",
        "actor_name",
        "action",
        "model",
        "object_id",
        "object_repr",
        "reason",
        "correlation_id",
        "shard",
        "seq",
        "hash",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record = self.object
        before, after = record.before or {}, record.after or {}
        try:
            model = apps.get_model(record.model)
        except LookupError:
            model = None
        private = set(getattr(model, "PRIVATE_FIELDS", ()))
        if model is None or not can_any(self.request.user, "view_private", model):
            before = {k: mask(v) if k in private else v for k, v in before.items()}
            after = {k: mask(v) if k in private else v for k, v in after.items()}
        keys = sorted(set(before) | set(after))
        ctx["changes"] = [(k, before.get(k), after.get(k)) for k in keys]
        return ctx


urlpatterns = [
    path(
        "audit/",
        RecordListView.as_view(model=AuditRecord, available_actions=("list", "detail")),
        name="auditrecord_list",
    ),
    path(
        "audit/<int:pk>/",
        AuditRecordDetailView.as_view(model=AuditRecord, available_actions=("list", "detail")),
        name="auditrecord_detail",
    ),
]
