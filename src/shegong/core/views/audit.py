"""The audit trail: searchable and exportable by auditors, read-only for everyone."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import path

from ..models import AuditRecord
from ..permissions import can, restrict
from ..privacy import mask_field
from .generic import RecordDetailView, RecordListView


def _may_view_private(user, model, object_id: str) -> bool:
    """Whether ``user`` may see the private data of the audited row in full.

    Asked of the row itself: every user may see their *own* private data, so asking of the
    model (``can_any``) would unmask everyone's. A row that no longer exists stays masked.
    """
    try:
        obj = model._default_manager.filter(pk=object_id).first()
    except (TypeError, ValueError, ValidationError):
        obj = None
    if obj is None:
        return bool(getattr(user, "is_superuser", False))
    return can(user, "view_private", obj)


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
        "bulk_count",
    )
    #: Objects of a bulk record listed on its page (each object's own history has its entry).
    BULK_SHOWN = 100

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record = self.object
        before, after = record.before or {}, record.after or {}
        try:
            model = apps.get_model(record.model)
        except LookupError:
            model = None
        private = set(getattr(model, "PRIVATE_FIELDS", ()))
        if record.bulk_count is not None:
            ctx.update(self.bulk_context(record, model, private), changes=[])
            return ctx
        if model is None or not _may_view_private(self.request.user, model, record.object_id):
            before = {k: mask_field(model, k, v) if k in private else v for k, v in before.items()}
            after = {k: mask_field(model, k, v) if k in private else v for k, v in after.items()}
        keys = sorted(set(before) | set(after))
        ctx["changes"] = [(k, before.get(k), after.get(k)) for k in keys]
        return ctx

    def bulk_context(self, record, model, private: set) -> dict:
        """The first objects of a bulk record, private values masked unless the viewer may
        see those of that very row (asked of the rows in one query)."""
        payload = record.after if isinstance(record.after, dict) else {}
        common = payload.get("common") or {}
        names = [*common, *(payload.get("fields") or [])]
        objects = [
            (object_id, object_repr, [*common.values(), *values])
            for object_id, object_repr, values in (payload.get("objects") or [])[: self.BULK_SHOWN]
        ]
        user = self.request.user
        unmasked = set()
        if model is not None and private and objects:
            ids = [entry[0] for entry in objects]
            if getattr(user, "is_superuser", False):
                unmasked = set(ids)
            else:
                rows = restrict(model._default_manager.filter(pk__in=ids), user, "view_private")
                unmasked = {str(pk) for pk in rows.values_list("pk", flat=True)}
        shown = []
        for object_id, object_repr, values in objects:
            if object_id not in unmasked:
                values = [
                    mask_field(model, n, v) if n in private else v
                    for n, v in zip(names, values, strict=True)
                ]
            shown.append((object_id, object_repr, values))
        return {
            "bulk_fields": names,
            "bulk_objects": shown,
            "bulk_shown": len(shown),
        }


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
