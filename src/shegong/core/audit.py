"""The audit trail: who changed which record, when, from what to what, why.

Services call :func:`record_change` inside their transaction, so a change and its audit
record are written together or not at all. Records are appended to hash chains (one per day
and shard, so writers do not queue behind one lock); :func:`verify_chain` recomputes every
hash and reports any edit, insertion or deletion. Reads and exports of private personal data
are recorded too (:func:`record_read`, :func:`record_export`).
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import json
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from . import bulk
from .context import correlation_id
from .models import AuditAction, AuditChainHead, AuditRecord
from .permissions import policy_of

#: Values of these fields are never written to the trail, only a fingerprint of them.
REDACTED_FIELDS = {"password", "key_hash"}


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
    lookup = policy_of(type(obj)).area
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


def _genesis(shard: str) -> str:
    return hashlib.sha256(f"shegong-audit:{shard}".encode()).hexdigest()


def _digest(fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _hashed_fields(record: AuditRecord) -> dict:
    return {
        "shard": record.shard,
        "seq": record.seq,
        "timestamp": record.timestamp.astimezone(UTC).isoformat(),
        "actor": record.actor_id,
        "actor_name": record.actor_name,
        "action": record.action,
        "model": record.model,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "scope_path": record.scope_path,
        "before": record.before,
        "after": record.after,
        "reason": record.reason,
        "correlation_id": record.correlation_id,
        "prev_hash": record.prev_hash,
    }


def _actor(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "system" if actor is None else "anonymous"
    return actor.pk, actor.get_username()


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
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        shard=shard, defaults={"last_hash": _genesis(shard)}
    )
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
    AuditChainHead.objects.filter(shard=shard).update(seq=record.seq, last_hash=record.hash)
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
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        shard=shard, defaults={"last_hash": _genesis(shard)}
    )
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
    AuditChainHead.objects.filter(shard=shard).update(seq=seq, last_hash=prev_hash)
    return len(records)


#: Rows per INSERT statement in :func:`append_many`.
BULK_BATCH_SIZE = 2000


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
    """All audit records of one object, newest first."""
    return AuditRecord.objects.filter(model=_label(obj), object_id=str(obj.pk))


@dataclass(frozen=True)
class ChainProblem:
    shard: str
    seq: int
    message: str

    def __str__(self) -> str:
        return f"chain {self.shard} #{self.seq}: {self.message}"


def verify_chain() -> Iterator[ChainProblem]:
    """Recompute every chain; yield each break (edited, inserted or deleted record)."""
    heads = {h.shard: h for h in AuditChainHead.objects.all()}
    shards = set(heads) | set(AuditRecord.objects.values_list("shard", flat=True).distinct())
    for shard in sorted(shards):
        expected_prev, expected_seq = _genesis(shard), 1
        for record in AuditRecord.objects.filter(shard=shard).order_by("seq").iterator(2000):
            if record.seq != expected_seq:
                yield ChainProblem(shard, expected_seq, "record missing (deleted?)")
            if record.prev_hash != expected_prev:
                yield ChainProblem(shard, record.seq, "does not link to the record before it")
            if _digest(_hashed_fields(record)) != record.hash:
                yield ChainProblem(shard, record.seq, "content changed after it was written")
            expected_prev, expected_seq = record.hash, record.seq + 1
        head = heads.get(shard)
        if head is None:
            yield ChainProblem(shard, expected_seq - 1, "chain head missing")
        elif head.seq != expected_seq - 1 or head.last_hash != expected_prev:
            yield ChainProblem(shard, head.seq, "last records missing (deleted?)")
