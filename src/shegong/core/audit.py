"""The audit trail: who changed which record, when, from what to what, why.

Services call :func:`record_change` inside their transaction, so a change and its audit
record are written together or not at all. Records are appended to hash chains (one per day
and shard, so writers do not queue behind one lock); :func:`verify_chain` recomputes every
hash and reports any edit, insertion or deletion. Reads and exports of private personal data
are recorded too (:func:`record_read`, :func:`record_export`).

How a record's hash is computed and the verification of the chains (``verify_chain``,
``verify_checkpoints``) are in ``audit_chain.py``; this module re-exports them.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import json
import logging
import uuid
import zlib
from collections.abc import Iterable
from datetime import UTC
from operator import itemgetter

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.dispatch import Signal
from django.utils import timezone

from . import bulk, checkpoints
from .audit_chain import (  # noqa: F401 - re-exported: audit.verify_chain, audit.ChainProblem, …
    ChainProblem,
    CheckpointReport,
    _canonical,
    _digest,
    _digest_with,
    _genesis,
    _hashed_fields,
    verify_chain,
    verify_checkpoints,
)
from .context import correlation_id
from .models import AuditAction, AuditChainHead, AuditIndexEntry, AuditRecord
from .permissions import own_area_lookup, policy_of

#: Values of these fields are never written to the trail, only a fingerprint of them.
REDACTED_FIELDS = {"password", "key_hash"}

#: Sent once the transaction that wrote a change's audit records commits, with ``labels``: the
#: set of model labels (``"registry.registration"``) created, updated or deleted. Every change
#: is audited (single records, :func:`append_many`, :func:`record_bulk_create`), so a cache of
#: what some models show can be dropped on it (the public register page, issue 13).
changed = Signal()


def _announce(action: str, labels) -> None:
    if action in (AuditAction.READ, AuditAction.EXPORT):
        return
    labels = frozenset(labels)
    if labels:
        transaction.on_commit(lambda: changed.send(sender=AuditRecord, labels=labels))


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


_PLAIN = frozenset({str, int, bool})


@functools.lru_cache(maxsize=256)
def _json_datetime(value: datetime.datetime) -> str:
    return DjangoJSONEncoder().default(value)


def _json_value(value):
    """``value`` as ``json.loads(json.dumps(value, cls=DjangoJSONEncoder))`` gives it back,
    without the round trip for the common scalar types (bulk imports snapshot many rows)."""
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, datetime.datetime):
        return _json_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return _jsonable(value)


def _json_state(value):
    """A snapshot-like dict (str keys, scalar values) as JSON, cheaply; anything else exactly."""
    if value is None:
        return None
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _json_value(v) for k, v in value.items()}
    return _jsonable(value)


def snapshot(obj: models.Model) -> dict:
    """The stored values of ``obj``'s concrete fields, as JSON (foreign keys as ids)."""
    return snapshot_values(obj, {f.attname: getattr(obj, f.attname) for f in _fields(obj)})


def _fields(model) -> list:
    return model._meta.concrete_fields


def snapshot_values(model, values: dict) -> dict:
    """:func:`snapshot` of a row given as field attribute names to values (bulk inserts)."""
    data = {}
    for field in _fields(model):
        value = values[field.attname]
        if field.name in REDACTED_FIELDS and value:
            value = "sha256:" + hashlib.sha256(str(value).encode()).hexdigest()[:12]
        elif isinstance(field, models.FileField):
            value = getattr(value, "name", value) if value else ""
        data[field.name] = _json_value(value)
    return data


def scope_path_of(obj: models.Model) -> str:
    """The area path an object belongs to, following its model's ``access.area`` lookup."""
    lookup = own_area_lookup(policy_of(type(obj)))
    if not lookup:
        return ""
    value = obj
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value)


def _label(obj_or_model) -> str:
    return obj_or_model._meta.label_lower


def _shard(now, cid: str) -> str:
    return f"{now.astimezone(UTC):%Y%m%d}:{zlib.crc32(cid.encode()) % settings.AUDIT_SHARDS}"


def _actor(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "system" if actor is None else "anonymous"
    return actor.pk, actor.get_username()


def _locked_head(shard: str) -> AuditChainHead:
    """The head of ``shard``'s chain, locked until the caller's transaction ends (created at
    the chain's genesis when the shard has none yet)."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        shard=shard, defaults={"last_hash": _genesis(shard)}
    )
    return head


def _move_head(shard: str, seq: int, last_hash: str) -> None:
    AuditChainHead.objects.filter(shard=shard).update(seq=seq, last_hash=last_hash)


@transaction.atomic
def append(
    *,
    actor,
    action: str,
    model: str,
    object_id,
    object_repr: str,
    scope_path: str = "",
    before=None,
    after=None,
    reason: str = "",
) -> AuditRecord:
    """Append one record to its chain. Runs inside the caller's transaction."""
    now = timezone.now()
    cid = correlation_id()
    shard = _shard(now, cid)
    head = _locked_head(shard)
    actor_id, actor_name = _actor(actor)
    record = AuditRecord(
        shard=shard,
        seq=head.seq + 1,
        timestamp=now,
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        model=model,
        object_id=str(object_id),
        object_repr=str(object_repr)[:200],
        scope_path=scope_path,
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason or "",
        correlation_id=cid,
        prev_hash=head.last_hash,
    )
    record.hash = _digest(_hashed_fields(record))
    record.save()
    _move_head(shard, record.seq, record.hash)
    _announce(action, (model,))
    return record


@transaction.atomic
def append_many(actor, action: str, objects_or_dicts: Iterable, reason: str = "") -> int:
    """Append one record per entry to ONE chain in one go; returns how many were written.

    For bulk writes (imports): the records get consecutive sequence numbers in the chain of
    this moment and correlation id, their hashes are computed here, they are inserted in bulk
    (``core.bulk.insert``: ``COPY`` on PostgreSQL) and the chain head is locked
    (``SELECT … FOR UPDATE``) and moved once.
    :func:`verify_chain` checks them like any other record.

    An entry is a saved model instance (its snapshot becomes ``after``, or ``before`` for a
    delete) or a dict with ``model``, ``object_id``, ``object_repr`` and optionally
    ``scope_path``, ``before`` and ``after`` (JSON-serialisable values).
    Runs inside the caller's transaction.
    """
    entries = list(objects_or_dicts)
    if not entries:
        return 0
    now = timezone.now()
    stamp = now.astimezone(UTC).isoformat()
    cid = correlation_id()
    shard = _shard(now, cid)
    head = _locked_head(shard)
    actor_id, actor_name = _actor(actor)
    reason = reason or ""
    seq, prev_hash = head.seq, head.last_hash
    records = []
    for entry in entries:
        if isinstance(entry, models.Model):
            state = snapshot(entry)
            deleted = action == AuditAction.DELETE
            fields = {
                "model": _label(entry),
                "object_id": str(entry.pk),
                "object_repr": str(entry)[:200],
                "scope_path": scope_path_of(entry),
                "before": state if deleted else None,
                "after": None if deleted else state,
            }
        else:
            fields = {
                "model": entry["model"],
                "object_id": str(entry.get("object_id", "")),
                "object_repr": str(entry.get("object_repr", ""))[:200],
                "scope_path": entry.get("scope_path", "") or "",
                "before": _json_state(entry.get("before")),
                "after": _json_state(entry.get("after")),
            }
        seq += 1
        fields.update(
            shard=shard,
            seq=seq,
            timestamp=stamp,
            actor=actor_id,
            actor_name=actor_name,
            action=action,
            reason=reason,
            correlation_id=cid,
            prev_hash=prev_hash,
        )
        prev_hash = _digest(fields)
        del fields["actor"]
        fields.update(timestamp=now, actor_id=actor_id, hash=prev_hash)
        records.append(fields)
    bulk.insert(AuditRecord, records, batch_size=BULK_BATCH_SIZE)
    _move_head(shard, seq, prev_hash)
    checkpoint_on_commit()
    _announce(action, {r["model"] for r in records})
    return len(records)


#: Rows per INSERT statement in :func:`append_many`.
BULK_BATCH_SIZE = 2000
#: Objects per bulk record in :func:`record_bulk_create`.
BULK_RECORD_SIZE = 5000


def _bulk_converters(model) -> list:
    """Per concrete field: how a stored value becomes its snapshot value (``None``: as it is).

    The same values :func:`snapshot_values` gives, with the type checks done once per field
    instead of once per value."""
    plain = (
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.BooleanField,
        models.AutoField,
    )
    converters = []
    for field in _fields(model):
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        if field.name in REDACTED_FIELDS or isinstance(field, models.FileField):
            converters.append(functools.partial(_snapshot_one, field))
        elif isinstance(target, plain) and not isinstance(target, models.DecimalField):
            converters.append(None)
        elif isinstance(field, models.DateTimeField):
            converters.append(lambda v: None if v is None else _json_datetime(v))
        elif isinstance(field, models.DateField):
            converters.append(lambda v: None if v is None else v.isoformat())
        elif isinstance(field, models.DecimalField):
            converters.append(lambda v: None if v is None else str(v))
        else:
            converters.append(_json_value)
    return converters


def _snapshot_one(field, value):
    if field.name in REDACTED_FIELDS and value:
        value = "sha256:" + hashlib.sha256(str(value).encode()).hexdigest()[:12]
    elif isinstance(field, models.FileField):
        value = getattr(value, "name", value) if value else ""
    return _json_value(value)


def _split_columns(rows: list[dict], columns: list, pk: str) -> tuple[dict, list]:
    """The columns whose value is the same in every row (as ``{name: snapshot value}``, stored
    once: timestamps, the importer, the area …) and the others (``[(field, converter)]``)."""
    common, varying = {}, []
    for field, convert in columns:
        if field.attname != pk:
            try:
                values = set(map(itemgetter(field.attname), rows))
            except TypeError:  # not hashable (JSON values): kept per row
                values = ()
            if len(values) == 1:
                value = next(iter(values))
                common[field.name] = _json_value(value) if convert is None else convert(value)
                continue
        varying.append((field, convert))
    return common, varying


def _tuple_of(attname: str):
    return lambda row: (row[attname],)


def _chunked(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def record_bulk_create(
    actor, model, entries: Iterable, reason: str = "", size: int = BULK_RECORD_SIZE
) -> int:
    """Record the creation of many ``model`` rows in a few bulk records; returns the rows.

    ``entries`` are ``(row, object_repr, scope_path)``: ``row`` maps every concrete field's
    attribute name to its stored value, ``id`` included (what ``core.bulk.insert`` returns).
    Rows are grouped by ``scope_path`` (so auditors of an area see exactly its records) and
    written ``size`` to a record: one hash-chained :class:`AuditRecord` with
    ``bulk_count`` = the number of rows, ``object_id`` empty and ``after`` =
    ``{"common": {name: value}, "fields": [names], "objects": [[object id, object repr,
    [values]], ...]}`` (values as in :func:`snapshot`; ``common`` holds the fields whose value
    is the same in every row of the record), plus one :class:`AuditIndexEntry` per row so that
    :func:`history` finds it. The index is covered by the record's hash (the payload lists
    every object id in order) and checked by :func:`verify_chain`.
    Runs inside the caller's transaction.
    """
    groups: dict[str, list] = {}
    for row, object_repr, scope_path in entries:
        groups.setdefault(scope_path or "", []).append((row, object_repr))
    if not groups:
        return 0
    columns = list(zip(_fields(model), _bulk_converters(model), strict=True))
    pk = model._meta.pk.attname
    label = _label(model)
    plural = str(model._meta.verbose_name_plural)
    now = timezone.now()
    stamp = now.astimezone(UTC).isoformat()
    cid = correlation_id()
    shard = _shard(now, cid)
    head = _locked_head(shard)
    actor_id, actor_name = _actor(actor)
    reason = reason or ""
    seq, prev_hash = head.seq, head.last_hash
    records, object_ids = [], []
    total = 0
    for scope_path, items in groups.items():
        for chunk in _chunked(items, size):
            common, varying = _split_columns([row for row, _repr in chunk], columns, pk)
            names = [field.name for field, _c in varying]
            attnames = [field.attname for field, _c in varying]
            getter = itemgetter(*attnames) if len(attnames) > 1 else _tuple_of(attnames[0])
            convert = [(i, c) for i, (_f, c) in enumerate(varying) if c is not None]
            objects, ids = [], []
            for row, object_repr in chunk:
                values = list(getter(row))
                for i, c in convert:
                    values[i] = c(values[i])
                object_id = str(row[pk])
                ids.append(object_id)
                objects.append([object_id, str(object_repr)[:200], values])
            after = _canonical({"common": common, "fields": names, "objects": objects})
            seq += 1
            fields = {
                "shard": shard,
                "seq": seq,
                "timestamp": stamp,
                "actor": actor_id,
                "actor_name": actor_name,
                "action": AuditAction.CREATE,
                "model": label,
                "object_id": "",
                "object_repr": f"{plural} × {len(chunk)}"[:200],
                "scope_path": scope_path,
                "before": None,
                "reason": reason,
                "correlation_id": cid,
                "prev_hash": prev_hash,
                "bulk_count": len(chunk),
            }
            prev_hash = _digest_with(fields, "after", after)
            del fields["actor"]
            fields.update(
                timestamp=now, actor_id=actor_id, hash=prev_hash, after=bulk.JSONText(after)
            )
            records.append(fields)
            object_ids.append(ids)
            total += len(chunk)
    bulk.insert(AuditRecord, records, batch_size=BULK_BATCH_SIZE)
    bulk.insert(
        AuditIndexEntry,
        [
            {"record_id": record["id"], "object_id": object_id, "position": position}
            for record, ids in zip(records, object_ids, strict=True)
            for position, object_id in enumerate(ids)
        ],
        batch_size=BULK_RECORD_SIZE,
        ids=False,
    )
    _move_head(shard, seq, prev_hash)
    checkpoint_on_commit()
    _announce(AuditAction.CREATE, (label,))
    return total


def record_change(actor, action: str, obj, before=None, after=None, reason: str = ""):
    """Record a create, update or delete of ``obj``. ``before``/``after`` are snapshots."""
    return append(
        actor=actor,
        action=action,
        model=_label(obj),
        object_id=obj.pk,
        object_repr=str(obj),
        scope_path=scope_path_of(obj),
        before=before,
        after=after,
        reason=reason,
    )


def record_read(actor, obj, fields, reason: str = ""):
    """Record that ``actor`` saw the private ``fields`` of ``obj`` in full."""
    return append(
        actor=actor,
        action=AuditAction.READ,
        model=_label(obj),
        object_id=obj.pk,
        object_repr=str(obj),
        scope_path=scope_path_of(obj),
        after={"fields": sorted(fields)},
        reason=reason,
    )


def record_export(actor, model, count: int, params: dict, private_fields=()):
    """Record that ``actor`` exported ``count`` rows of ``model`` (with which private fields)."""
    return append(
        actor=actor,
        action=AuditAction.EXPORT,
        model=_label(model),
        object_id="",
        object_repr=str(model._meta.verbose_name_plural),
        # An export belongs to the exporter's home area: a district auditor sees its
        # district's exports, not every district's.
        scope_path=getattr(getattr(actor, "area", None), "path", "") or "",
        after={"rows": count, "filters": params, "private_fields": sorted(private_fields)},
    )


def history(obj) -> models.QuerySet:
    """All audit records of one object, newest first: its own records and the bulk records
    (imports) that hold an entry for it (see :func:`history_entries` for its part of them)."""
    label, pk = _label(obj), str(obj.pk)
    in_bulk = AuditIndexEntry.objects.filter(object_id=pk).values("record_id")
    return AuditRecord.objects.filter(
        Q(object_id=pk) | Q(bulk_count__isnull=False, pk__in=in_bulk), model=label
    )


def history_entries(obj, limit: int = 200) -> list[AuditRecord]:
    """:func:`history` as records of this one object: a bulk record is narrowed to the
    object's own entry (``object_id``, ``object_repr`` and ``after`` as a single record of its
    creation would have them; the record's time, actor, reason and chain stay). Not saved."""
    label, pk = _label(obj), str(obj.pk)
    own = AuditRecord.objects.filter(model=label, object_id=pk).select_related("actor")
    in_bulk = AuditIndexEntry.objects.filter(object_id=pk).values("record_id")
    bulk_records = (
        AuditRecord.objects.filter(model=label, bulk_count__isnull=False, pk__in=in_bulk)
        .defer("after")  # the whole batch's payload; the object's entry is read by itself
        .select_related("actor")
    )
    records = sorted(
        [*own[:limit], *bulk_records[:limit]],
        key=lambda r: (r.timestamp, r.pk),
        reverse=True,
    )[:limit]
    bulk_ids = [r.pk for r in records if r.bulk_count is not None]
    positions = dict(
        AuditIndexEntry.objects.filter(object_id=pk, record_id__in=bulk_ids).values_list(
            "record_id", "position"
        )
    )
    for record in records:
        if record.bulk_count is not None:
            _narrow(record, pk, positions.get(record.pk))
    return records


def bulk_entry(record: AuditRecord, position: int) -> tuple[str, str, dict] | None:
    """Object id, repr and snapshot at ``position`` of a bulk record, read from the database
    without loading the whole payload."""
    objects = KeyTransform("objects", "after")
    row = (
        AuditRecord.objects.filter(pk=record.pk)
        .annotate(
            entry=KeyTransform(str(position), objects),
            names=KeyTransform("fields", "after"),
            common=KeyTransform("common", "after"),
        )
        .values_list("entry", "names", "common")
        .first()
    )
    if row is None or not row[0] or not row[1]:
        return None
    (object_id, object_repr, values), names, common = row
    return object_id, object_repr, {**(common or {}), **dict(zip(names, values, strict=True))}


def _narrow(record: AuditRecord, pk: str, position: int | None) -> None:
    entry = bulk_entry(record, position) if position is not None else None
    if entry is None or entry[0] != pk:  # the index and the payload disagree: verify_audit says
        entry = (pk, record.object_repr, {})
    record.object_id, record.object_repr, record.after = entry


# --- Checkpoints: the chains' heads, signed, outside the database (issue 10) --------------------

LOG = logging.getLogger("shegong.audit")


def checkpoint(source: str = "command", *, full: bool = False) -> dict:
    """Sign the heads of the chains and append them to the checkpoint file outside the
    database (and to syslog when ``AUDIT_CHECKPOINT_SYSLOG`` is set); returns the line.
    ``full``: every chain, not only those of the last days. See ``core.checkpoints``."""
    return checkpoints.write(source, full=full)


def _checkpoint_after_commit() -> None:
    try:
        checkpoint("commit")
    except Exception:  # the data is committed: a lost checkpoint must not fail the import
        LOG.exception("The audit checkpoint after a bulk write could not be written.")


def checkpoint_on_commit() -> None:
    """Write a :func:`checkpoint` once the current transaction commits (at once outside one).

    Called by the bulk writers (:func:`append_many`, :func:`record_bulk_create`), so every
    import ends with one checkpoint, however many bulk records it wrote. A checkpoint that
    cannot be written is logged (logger ``shegong.audit``) and does not fail the import."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _checkpoint_after_commit for _ids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_checkpoint_after_commit)
