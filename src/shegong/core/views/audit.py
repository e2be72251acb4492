"""The audit trail: searchable and exportable by auditors, read-only for everyone.

A record's page shows the private values of its snapshots in full only to a user who may see
those of the audited row (``view_private``), and each such view writes a read record, as the
row's own page does (issue 10): against the row, or against the audit record itself when the
row no longer exists (then only a superuser sees them).
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _

from .. import audit
from ..display import history_value
from ..models import AuditRecord
from ..permissions import can, restrict
from ..privacy import mask_field
from .generic import RecordDetailView, RecordListView


def _audited_row(model, object_id: str):
    """The audited row, or ``None`` when it no longer exists (or the id is not one)."""
    try:
        return model._default_manager.filter(pk=object_id).first()
    except (TypeError, ValueError, ValidationError):
        return None


def _may_view_private(user, obj) -> bool:
    """Whether ``user`` may see the private data of the audited row ``obj`` in full.

    Asked of the row itself: every user may see their *own* private data, so asking of the
    model (``can_any``) would unmask everyone's. A row that no longer exists stays masked,
    except for a superuser.
    """
    if obj is None:
        return bool(getattr(user, "is_superuser", False))
    return can(user, "view_private", obj)


def _with_value(names, *snapshots) -> list[str]:
    """The ``names`` that have a value in at least one of the snapshots (dicts)."""
    return sorted(n for n in names if any(snap.get(n) not in (None, "") for snap in snapshots))


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
        user = self.request.user
        obj = _audited_row(model, record.object_id) if model is not None and private else None
        if model is None or not private or not _may_view_private(user, obj):
            before = {k: mask_field(model, k, v) if k in private else v for k, v in before.items()}
            after = {k: mask_field(model, k, v) if k in private else v for k, v in after.items()}
        elif shown := _with_value(private, before, after):
            self.record_read(obj, shown, [record.object_id])
        keys = sorted(set(before) | set(after))
        # Values as a person reads them (issue 12); names stay the fields' own (forensic view).
        ctx["changes"] = [
            (k, history_value(model, k, before.get(k)), history_value(model, k, after.get(k)))
            for k in keys
        ]
        return ctx

    def record_read(self, obj, fields, object_ids) -> None:
        """A read record of the private ``fields`` this page shows in full: against the
        audited row ``obj``, or, when it no longer exists, against this audit record."""
        record = self.object
        if obj is not None:
            reason = _("audit record %(pk)s") % {"pk": record.pk}
            audit.record_read(self.request.user, obj, fields, reason)
            return
        reason = _("audit record %(pk)s: %(model)s %(ids)s, no longer existing") % {
            "pk": record.pk,
            "model": record.model,
            "ids": ", ".join(object_ids),
        }
        audit.record_read(self.request.user, record, fields, reason[:500])

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
        unmasked: dict[str, object] = {}  # object id to the row (None: no longer exists)
        if model is not None and private and objects:
            ids = [entry[0] for entry in objects]
            rows = restrict(model._default_manager.filter(pk__in=ids), user, "view_private")
            unmasked = {str(row.pk): row for row in rows}
            if getattr(user, "is_superuser", False):
                unmasked = {i: unmasked.get(i) for i in ids}
        shown, gone = [], []
        for object_id, object_repr, values in objects:
            if object_id not in unmasked:
                values = [
                    mask_field(model, n, v) if n in private else v
                    for n, v in zip(names, values, strict=True)
                ]
            elif fields := _with_value(private, dict(zip(names, values, strict=True))):
                if unmasked[object_id] is None:
                    gone.append((object_id, fields))
                else:
                    self.record_read(unmasked[object_id], fields, [object_id])
            shown.append((object_id, object_repr, values))
        if gone:
            fields = sorted({f for _id, row_fields in gone for f in row_fields})
            self.record_read(None, fields, [object_id for object_id, _f in gone])
        return {
            "bulk_fields": names,
            "bulk_objects": shown,
            "bulk_shown": len(shown),
        }


urlpatterns = [
    path(
        "audit/",
        RecordListView.as_view(
            model=AuditRecord, available_actions=("list", "detail"), count="estimate"
        ),
        name="auditrecord_list",
    ),
    path(
        "audit/<int:pk>/",
        AuditRecordDetailView.as_view(model=AuditRecord, available_actions=("list", "detail")),
        name="auditrecord_detail",
    ),
]
