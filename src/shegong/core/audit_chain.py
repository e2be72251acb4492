"""The audit trail's hash chains (issue 10): how a record's hash is computed, and the
verification of every chain (:func:`verify_chain`) and of the chains against the signed
checkpoints of their heads (:func:`verify_checkpoints`). Writing records is ``audit.py``, which
re-exports the names of this module, so ``audit.verify_chain`` keeps working."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from django.db.models import Max
from django.utils.translation import gettext as _

from . import checkpoints
from .models import AuditChainHead, AuditIndexEntry, AuditRecord


def _genesis(shard: str) -> str:
    return hashlib.sha256(f"shegong-audit:{shard}".encode()).hexdigest()


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _digest(fields: dict) -> str:
    return hashlib.sha256(_canonical(fields).encode()).hexdigest()


def _digest_with(fields: dict, key: str, text: str) -> str:
    """:func:`_digest` of ``fields`` plus ``key`` whose value is given as its canonical JSON
    ``text`` (a bulk record's payload is serialised once, for the hash and for the insert)."""
    parts = [(k, _canonical(v)) for k, v in fields.items()]
    parts.append((key, text))
    body = ",".join(f"{_canonical(k)}:{v}" for k, v in sorted(parts))
    return hashlib.sha256(("{" + body + "}").encode()).hexdigest()


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
    } | ({} if record.bulk_count is None else {"bulk_count": record.bulk_count})


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
            elif record.bulk_count is not None and not _index_matches(record):
                yield ChainProblem(
                    shard,
                    record.seq,
                    "index entries changed, removed or added after it was written",
                )
            expected_prev, expected_seq = record.hash, record.seq + 1
        head = heads.get(shard)
        if head is None:
            yield ChainProblem(shard, expected_seq - 1, "chain head missing")
        elif head.seq != expected_seq - 1 or head.last_hash != expected_prev:
            yield ChainProblem(shard, head.seq, "last records missing (deleted?)")
    bulk_records = AuditRecord.objects.filter(bulk_count__isnull=False).values("pk")
    for entry in AuditIndexEntry.objects.exclude(record_id__in=bulk_records).order_by("pk"):
        yield ChainProblem(
            "index", entry.pk, f"index entry for object {entry.object_id} belongs to no bulk record"
        )


def _index_matches(record: AuditRecord) -> bool:
    """Whether a bulk record's index entries are exactly the objects its payload lists."""
    objects = (record.after or {}).get("objects") if isinstance(record.after, dict) else None
    if not isinstance(objects, list) or len(objects) != record.bulk_count:
        return False
    expected = [(position, str(entry[0])) for position, entry in enumerate(objects)]
    stored = list(
        AuditIndexEntry.objects.filter(record_id=record.pk)
        .order_by("position", "pk")
        .values_list("position", "object_id")
    )
    return stored == expected


@dataclass
class CheckpointReport:
    """What :func:`verify_checkpoints` found: the file, whether it exists, how many signed
    lines it checked, the time of the last one, and the problems."""

    path: Path
    exists: bool = False
    checked: int = 0
    last_time: str = ""
    problems: list = dataclasses.field(default_factory=list)


def verify_checkpoints(path=None, keys=None) -> CheckpointReport:
    """Compare the chains with the signed checkpoints (issue 10): each chain's record at every
    checkpointed sequence number must exist and have the checkpointed hash, so a rewritten
    or removed tail (head moved or rewound with it) is found, which :func:`verify_chain` cannot
    see. A line whose signature does not verify with ``keys`` (key id → Ed25519 public key;
    default: this server's checkpoint key) is a problem and pins nothing.
    ``path``: default the configured checkpoint file; a missing file is not a problem
    (``exists`` is false: a fresh installation has none)."""
    path = Path(path) if path else checkpoints.checkpoint_path()
    report = CheckpointReport(path)
    if not path.exists():
        return report
    report.exists = True
    signed = []
    for item in checkpoints.read(path, keys):
        if isinstance(item, checkpoints.CheckpointProblem):
            report.problems.append(item)
        else:
            signed.append(item)
    report.checked = len(signed)
    report.last_time = signed[-1].time if signed else ""
    for shard, pins in sorted(checkpoints.pinned_heads(signed).items()):
        stored = dict(
            AuditRecord.objects.filter(shard=shard, seq__in={seq for seq, _h in pins}).values_list(
                "seq", "hash"
            )
        )
        last = None
        for (seq, pinned_hash), time in sorted(pins.items()):
            if seq in stored:
                if stored[seq] != pinned_hash:
                    message = _(
                        "differs from the checkpoint of %(time)s: rewritten after it was "
                        "checkpointed"
                    )
                    report.problems.append(ChainProblem(shard, seq, message % {"time": time}))
                continue
            if last is None:
                last = AuditRecord.objects.filter(shard=shard).aggregate(m=Max("seq"))["m"] or 0
            if seq > last:
                message = _(
                    "the chain ends at #%(last)d, but the checkpoint of %(time)s lists this "
                    "record: the chain's last records were removed"
                ) % {"last": last, "time": time}
            else:
                message = _("record missing, but the checkpoint of %(time)s lists it") % {
                    "time": time
                }
            report.problems.append(ChainProblem(shard, seq, message))
    return report
