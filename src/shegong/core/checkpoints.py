"""Signed checkpoints of the audit chains' heads, kept outside the database (issue 10).

The hash chains (``core.audit``) show a record changed in the middle of a chain, but not a
rewritten or removed *tail*: whoever can write to the database can change the last record,
recompute its hash and move the chain head (``AuditChainHead``), or delete it and rewind the
head. A checkpoint pins each chain's head where the database cannot reach it:

- :func:`write` appends one line to the **checkpoint file** (JSON lines, append-only;
  ``AUDIT_CHECKPOINT_FILE``, default ``VAR_DIR/audit_checkpoints.jsonl``) and, when
  ``AUDIT_CHECKPOINT_SYSLOG`` is set, sends the same line to syslog;
- each line is signed with the **checkpoint key**, an Ed25519 key of its own
  (``AUDIT_CHECKPOINT_KEY_FILE``, default ``VAR_DIR/audit_checkpoint_key.pem``, generated on
  first use with mode 0600), not the certificate signing key of ``registry.signing``: core
  imports no domain app, and a key that signs certificates the public checks should not also
  vouch for the audit trail (different owners, rotation and revocation);
- :func:`read` gives the lines back with their signatures checked; ``core.audit
  .verify_checkpoints`` compares them with the chains.

A line (one JSON object, keys sorted, no spaces)::

    {"heads":{"20261207:0":{"hash":"<64 hex>","seq":12},...},"kid":"1a2b3c4d",
     "sig":"<base64url>","source":"command","time":"2026-12-07T05:00:00+00:00","v":1}

``sig`` is the Ed25519 signature over the UTF-8 bytes of the same object without ``sig``
(canonical JSON: keys sorted, no spaces, non-ASCII kept); ``kid`` names the key by the first 8
hex digits of the SHA-256 of its 32 raw public key bytes. ``heads`` lists every chain whose
day is on or after the day before the previous checkpoint (all chains when there is none), so
a line stays short while a chain that was still being written when the last line was signed
is pinned again.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
import logging
import logging.handlers
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditChainHead

try:  # POSIX: a lock keeps two writers' lines apart
    import fcntl
except ImportError:  # pragma: no cover - Windows development machines
    fcntl = None

LOG = logging.getLogger("shegong.audit.checkpoints")

VERSION = 1
KID_LENGTH = 8
FILE_NAME = "audit_checkpoints.jsonl"
KEY_NAME = "audit_checkpoint_key.pem"
#: ``source`` of a line: the command, the scheduled task, after a bulk write committed.
SOURCES = ("command", "schedule", "commit")


# --- Files and keys -----------------------------------------------------------------------------


def checkpoint_path() -> Path:
    configured = getattr(settings, "AUDIT_CHECKPOINT_FILE", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / FILE_NAME


def key_path() -> Path:
    configured = getattr(settings, "AUDIT_CHECKPOINT_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / KEY_NAME


def key_is_configured() -> bool:
    return bool(getattr(settings, "AUDIT_CHECKPOINT_KEY_FILE", ""))


def private_key() -> Ed25519PrivateKey:
    """The checkpoint key; generated into ``VAR_DIR`` on first use unless it is configured (a
    configured key file that is missing is an error, never silently replaced)."""
    file = key_path()
    if not file.exists():
        if key_is_configured():
            raise FileNotFoundError(
                f"AUDIT_CHECKPOINT_KEY_FILE names {file}, which does not exist."
            )
        _create_key(file)
    key = serialization.load_pem_private_key(file.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"{file} does not hold an Ed25519 private key.")
    return key


def _create_key(file: Path) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        # O_EXCL: when two processes start at once, the first key written wins for both.
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """The first 8 hex digits of the SHA-256 of the raw public key."""
    return hashlib.sha256(_raw(key)).hexdigest()[:KID_LENGTH]


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key from PEM text (``shegong audit_checkpoint --public-key`` prints it); the PEM
    of a private key gives its public half."""
    data = text.strip().encode()
    if b"PRIVATE KEY" in data:
        key = serialization.load_pem_private_key(data, password=None)
        key = key.public_key() if isinstance(key, Ed25519PrivateKey) else None
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 key")
    return key


def server_public_keys() -> dict[str, Ed25519PublicKey]:
    """The public half of this server's checkpoint key, by key id (none when there is no key
    file: checking never creates a key)."""
    file = key_path()
    if not file.exists():
        return {}
    key = load_public_key(file.read_text())
    return {key_id(key): key}


# --- Writing ------------------------------------------------------------------------------------


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _signed_bytes(entry: dict) -> bytes:
    return _canonical({k: v for k, v in entry.items() if k != "sig"}).encode()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _last_line(path: Path) -> bytes:
    """The last non-empty line of ``path`` (read from the end; the file only grows)."""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        window = min(size, 64 * 1024)
        while True:
            handle.seek(size - window)
            lines = handle.read(window).rstrip(b"\n").split(b"\n")
            if len(lines) > 1 or window == size:
                return lines[-1]
            window = min(size, window * 4)


def _since(path: Path) -> str:
    """The first chain day (``YYYYMMDD``) the next line lists: the day before the previous
    checkpoint, or ``""`` (every chain) when there is none or it cannot be read."""
    if not path.exists():
        return ""
    try:
        previous = json.loads(_last_line(path))
        time = datetime.datetime.fromisoformat(previous["time"]).astimezone(UTC)
    except (OSError, ValueError, TypeError, KeyError):
        return ""
    return f"{time - datetime.timedelta(days=1):%Y%m%d}"


def _heads(since: str) -> dict[str, dict]:
    heads = AuditChainHead.objects.filter(seq__gt=0)
    if since:
        heads = heads.filter(shard__gte=since)
    return {
        shard: {"seq": seq, "hash": last_hash}
        for shard, seq, last_hash in heads.order_by("shard").values_list(
            "shard", "seq", "last_hash"
        )
    }


def write(source: str = "command", *, full: bool = False) -> dict:
    """Sign the chains' heads and append them to the checkpoint file (and to syslog when
    configured); returns the line as a dict. ``full``: every chain, not only the recent ones.
    Errors (an unwritable file, a missing configured key) are raised to the caller."""
    path = checkpoint_path()
    key = private_key()
    entry = {
        "v": VERSION,
        "time": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        "source": source,
        "heads": _heads("" if full else _since(path)),
        "kid": key_id(key.public_key()),
    }
    entry["sig"] = _b64url(key.sign(_signed_bytes(entry)))
    line = _canonical(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "ab") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(line.encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    _to_syslog(line)
    return entry


def _syslog_address(value: str):
    """``/dev/log`` (a socket path) or ``host:port`` (UDP)."""
    if value.startswith("/"):
        return value
    host, _sep, port = value.rpartition(":")
    return (host, int(port)) if host and port.isdigit() else (value, 514)


def _to_syslog(line: str) -> None:
    address = getattr(settings, "AUDIT_CHECKPOINT_SYSLOG", "")
    if not address:
        return
    try:
        handler = logging.handlers.SysLogHandler(
            address=_syslog_address(address),
            facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV,
        )
    except OSError:
        LOG.exception("audit checkpoint: syslog %s cannot be reached", address)
        return
    try:
        record = logging.LogRecord(
            LOG.name, logging.INFO, __file__, 0, "shegong-audit-checkpoint: %s", (line,), None
        )
        handler.emit(record)
    finally:
        handler.close()


# --- Reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file whose signature verified."""

    line: int
    time: str
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    kid: str = ""


@dataclass(frozen=True)
class CheckpointProblem:
    """A line of the checkpoint file that cannot be trusted."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _parse(text: str, number: int) -> tuple[dict, Checkpoint]:
    entry = json.loads(text)
    if not isinstance(entry, dict) or entry.get("v") != VERSION:
        raise ValueError(f"version {entry.get('v') if isinstance(entry, dict) else '?'}")
    heads = {}
    for shard, head in entry["heads"].items():
        seq, last_hash = head["seq"], head["hash"]
        if not isinstance(seq, int) or not isinstance(last_hash, str):
            raise ValueError(f"head of {shard}")
        heads[shard] = (seq, last_hash)
    return entry, Checkpoint(number, str(entry["time"]), heads, str(entry["kid"]))


def read(
    path: Path | None = None, keys: dict[str, Ed25519PublicKey] | None = None
) -> Iterator[Checkpoint | CheckpointProblem]:
    """Each line of the checkpoint file, in order: a :class:`Checkpoint` when its signature
    verifies with the key it names among ``keys`` (default: :func:`server_public_keys`), a
    :class:`CheckpointProblem` otherwise."""
    path = path or checkpoint_path()
    keys = server_public_keys() if keys is None else keys
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                entry, checkpoint = _parse(text, number)
                signature = _unb64url(str(entry["sig"]))
            except (ValueError, TypeError, KeyError, AttributeError, binascii.Error) as exc:
                yield CheckpointProblem(
                    str(path), number, _("not a checkpoint line (%(error)s)") % {"error": exc}
                )
                continue
            key = keys.get(checkpoint.kid)
            if key is None:
                yield CheckpointProblem(
                    str(path),
                    number,
                    _("signed with key %(kid)s, which is not a known checkpoint key")
                    % {"kid": checkpoint.kid},
                )
                continue
            try:
                key.verify(signature, _signed_bytes(entry))
            except InvalidSignature:
                yield CheckpointProblem(
                    str(path),
                    number,
                    _("the signature does not match: the line was changed after it was signed"),
                )
                continue
            yield checkpoint


def pinned_heads(checkpoints: Iterable[Checkpoint]) -> dict[str, dict[tuple[int, str], str]]:
    """Per chain, each checkpointed (sequence number, hash) → the time of the first checkpoint
    that listed it."""
    pinned: dict[str, dict[tuple[int, str], str]] = {}
    for checkpoint in checkpoints:
        for shard, head in checkpoint.heads.items():
            pinned.setdefault(shard, {}).setdefault(head, checkpoint.time)
    return pinned
