"""The generic write path: create, update, delete, archive, each audited.

Domain services call these (or :func:`audit.record_change` directly for writes of their own).
Every function takes the acting user and a reason, runs in one transaction, validates on the
model (``full_clean``), checks permissions again after the write (so a record cannot be
moved out of the actor's scope), and writes the audit record. ``actor=None`` means the system
itself (management commands, data migrations) and skips permission checks.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from . import audit, notifications
from .models import AuditAction
from .permissions import can


class ConcurrentEditError(ValidationError):
    """The record changed since the editor loaded it (optimistic locking)."""

    def __init__(self, obj):
        super().__init__(
            _(
                "Someone else changed this record (%(name)s) after you opened it. "
                "Reload the page to see their changes, then make yours again."
            )
            % {"name": obj},
            code="concurrent_edit",
        )


def ensure_allowed(actor, action: str, obj) -> None:
    if actor is None:
        return
    if not can(actor, action, obj):
        raise PermissionDenied(
            _("You may not %(action)s this record.") % {"action": ACTION_NAMES[action]()}
        )


ACTION_NAMES = {
    "view": lambda: _("view"),
    "add": lambda: _("create"),
    "change": lambda: _("change"),
    "delete": lambda: _("delete"),
    "export": lambda: _("export"),
    "view_private": lambda: _("view private data of"),
    "withdraw": lambda: _("withdraw"),
    "decide": lambda: _("decide"),
}


def locked(obj, *related: str):
    """``obj`` read again from the database and locked for the rest of the transaction
    (``select_for_update``), with ``related`` rows joined. Only ``obj``'s own row is locked
    (``of=("self",)``): PostgreSQL refuses ``FOR UPDATE`` over the nullable side of an outer
    join (a bar's optional buyer)."""
    manager = type(obj)._default_manager
    return manager.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)


def _stamp(obj, actor) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = actor
        if obj._state.adding and hasattr(obj, "created_by_id"):
            obj.created_by = actor


@transaction.atomic
def create_record(
    actor,
    model: type[models.Model],
    data: dict,
    reason: str = "",
    m2m=None,
    *,
    permission: str | None = "add",
):
    """Create a ``model`` row from ``data`` (field name to value). ``permission``: what the
    actor needs on the new row (``add``; the register entry an approval creates needs
    ``change``; ``None``: a consequence of an act the caller checked, such as the recall
    request a cancellation for misconduct opens)."""
    obj = model(**data)
    _stamp(obj, actor)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    if permission is not None:
        ensure_allowed(actor, permission, obj)
    audit.record_change(actor, AuditAction.CREATE, obj, None, audit.snapshot(obj), reason)
    notifications.announce(obj)  # a new request in someone's work queue (issue 12)
    return obj


@transaction.atomic
def update_record(
    actor,
    obj,
    data: dict,
    reason: str = "",
    expected_version: int | None = None,
    m2m=None,
    *,
    permission: str | None = "change",
):
    """Change ``obj`` by ``data``; refuse when it changed since ``expected_version``.
    ``permission``: what the actor needs on the record, before and after (``change``, or a
    workflow's own, such as a claimant's ``withdraw``; ``None``: the caller checked, as when
    people change their own account)."""
    model = obj._meta.model  # also for a lazy ``request.user``
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    if permission is not None:
        ensure_allowed(actor, permission, current)
    if expected_version is not None and getattr(current, "version", None) != expected_version:
        raise ConcurrentEditError(current)
    before = audit.snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    if hasattr(current, "version"):
        current.version += 1
    _stamp(current, actor)
    current.full_clean()
    current.save()
    for name, values in (m2m or {}).items():
        getattr(current, name).set(values)
    if permission is not None:
        ensure_allowed(actor, permission, current)
    audit.record_change(actor, AuditAction.UPDATE, current, before, audit.snapshot(current), reason)
    return current


@transaction.atomic
def delete_record(actor, obj, reason: str = "") -> None:
    """Delete ``obj``; refuse with a clear message when other records still point at it."""
    ensure_allowed(actor, "delete", obj)
    # The trail records what was stored, not the caller's copy (which may be out of date).
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = audit.snapshot(stored)
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        blockers = getattr(exc, "protected_objects", None) or exc.restricted_objects
        names = sorted({str(o._meta.verbose_name) for o in blockers})
        raise ValidationError(
            _("This record is still used by: %(names)s. Archive it instead of deleting it.")
            % {"names": ", ".join(names)},
            code="protected",
        ) from exc
    audit.record_change(actor, AuditAction.DELETE, stored, before, None, reason)


@transaction.atomic
def create_records_in_bulk(actor, objects: list, reason: str = "", *, describe=str) -> list:
    """Create many records of one model the way :func:`create_record` creates one, for writes
    of thousands of rows (the city demo): ``objects`` are unsaved instances with their foreign
    keys set (and the related objects in hand, for the area of each audit record). They are
    stamped with the actor, inserted with ``bulk.insert`` (``COPY`` on PostgreSQL) and their
    creation is recorded in bulk audit records (``audit.record_bulk_create``, grouped by area,
    as an import's). No ``full_clean``, no permission check and no notifications: the caller
    made the rows and checked the actor. Returns ``objects``, saved (ids set)."""
    from . import bulk

    if not objects:
        return objects
    model = type(objects[0])
    user = actor if getattr(actor, "is_authenticated", False) else None
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    rows = []
    for obj in objects:
        if user is not None:
            obj.created_by = obj.updated_by = user
        rows.append({f.attname: getattr(obj, f.attname) for f in fields})
    bulk.insert(model, rows)
    entries = []
    for obj, row in zip(objects, rows, strict=True):
        for name, value in row.items():
            setattr(obj, name, value)
        obj._state.adding = False
        entries.append((row, describe(obj), audit.scope_path_of(obj)))
    audit.record_bulk_create(actor, model, entries, reason)
    return objects


@transaction.atomic
def update_records_in_bulk(
    actor,
    objects: list,
    change,
    fields: list[str],
    reason: str = "",
    *,
    describe=str,
    chunk: int = 2000,
    progress=None,
) -> int:
    """Change many records of one model the way :func:`update_record` changes one, for writes
    of thousands of rows (an assessment cycle's results, certificates signed again):
    ``change(obj)`` sets ``fields`` on each loaded object; its version goes up, it is stamped
    with the actor and the time, the rows are written with ``bulk.update`` and each change is
    one audit record (before and after) appended in bulk (``audit.append_many``). No
    permission check per row and no ``full_clean``: the caller checked the actor and computes
    the values. ``describe(obj)`` names the object in the trail; ``progress(done, total)``
    hears each chunk. Returns how many were written."""
    from django.utils import timezone

    from . import bulk

    if not objects:
        return 0
    model = type(objects[0])
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    done = 0
    for start in range(0, len(objects), chunk):
        batch = objects[start : start + chunk]
        entries = []
        for obj in batch:
            before = audit.snapshot(obj)
            change(obj)
            obj.version += 1
            obj.updated_at = now
            if user is not None:
                obj.updated_by = user
            entries.append(
                {
                    "model": model._meta.label_lower,
                    "object_id": obj.pk,
                    "object_repr": describe(obj),
                    "scope_path": audit.scope_path_of(obj),
                    "before": before,
                    "after": audit.snapshot(obj),
                }
            )
        bulk.update(model, batch, [*fields, "version", "updated_at", "updated_by"])
        audit.append_many(actor, AuditAction.UPDATE, entries, reason)
        done += len(batch)
        if progress is not None:
            progress(done, len(objects))
    return done
