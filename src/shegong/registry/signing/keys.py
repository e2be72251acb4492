"""The signing keys of certificate payloads (REG-2, REG-5): the current private key, the
published (current and retired) public keys, revocation and rotation. Described in the
package's docstring (``registry/signing/__init__.py``)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

KEY_FILE_ENV = "SHEGONG_SIGNING_KEY_FILE"
RETIRED_DIR_ENV = "SHEGONG_RETIRED_KEYS_DIR"
KID_LENGTH = 8

CURRENT = "current"
RETIRED = "retired"
REVOKED = "revoked"
#: The revocation list, beside the retired public keys: key id → date, reason, raw key.
REVOKED_FILE = "revoked.json"


class PayloadError(ValueError):
    """A payload that is malformed or whose signature does not verify.

    ``code``: ``malformed``, ``unknown_key`` (an ``SG2`` key id that no given key has),
    ``revoked_key`` (signed with a key that has been revoked) or ``invalid`` (the signature
    does not match)."""

    def __init__(self, message: str, code: str = "invalid", kid: str = ""):
        super().__init__(message)
        self.code = code
        self.kid = kid


class RotationRefused(RuntimeError):
    """The key is configured by the operator (``SHEGONG_SIGNING_KEY_FILE``): rotate it by hand."""


class RevocationRefused(RuntimeError):
    """The key cannot be revoked (the current key, or a key this register never published)."""


@dataclass(frozen=True)
class Revocation:
    kid: str
    revoked_on: date
    reason: str
    raw: str


@dataclass(frozen=True)
class PublishedKey:
    """A public key that checks certificate payloads: the current one or a retired one."""

    key: Ed25519PublicKey
    status: str = CURRENT
    source: str = ""

    @property
    def kid(self) -> str:
        return key_id(self.key)

    @property
    def pem(self) -> str:
        return public_key_pem(self.key)

    @property
    def raw(self) -> str:
        return public_key_raw_base64(self.key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    @property
    def current(self) -> bool:
        return self.status == CURRENT


# --- Keys --------------------------------------------------------------------------------------


def key_path() -> Path:
    configured = os.environ.get(KEY_FILE_ENV, "").strip()
    return Path(configured) if configured else Path(settings.VAR_DIR) / "signing_key.pem"


def key_is_configured() -> bool:
    return bool(os.environ.get(KEY_FILE_ENV, "").strip())


def retired_dir() -> Path:
    configured = os.environ.get(RETIRED_DIR_ENV, "").strip()
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "signing_keys" / "retired"


def private_key() -> Ed25519PrivateKey:
    file = key_path()
    if not file.exists():
        if key_is_configured():
            # A configured key that is missing is an error, never silently replaced.
            raise FileNotFoundError(f"{KEY_FILE_ENV} names {file}, which does not exist.")
        _create(file)
    stat = file.stat()
    # Cached per version of the file: a rotated key is used at once, with no restart.
    return _load(str(file), stat.st_mtime_ns, stat.st_ino, stat.st_size)


@cache
def _load(path: str, mtime_ns: int, inode: int, size: int) -> Ed25519PrivateKey:
    file = Path(path)
    key = serialization.load_pem_private_key(file.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"{file} does not hold an Ed25519 private key.")
    return key


def _private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _create(file: Path) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    pem = _private_pem(Ed25519PrivateKey.generate())
    try:
        # O_EXCL: when two processes start at once, the first key written wins for both.
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey | None = None) -> str:
    """The key id (kid): the first 8 hex digits of the SHA-256 of the raw public key."""
    return hashlib.sha256(_raw(key or public_key())).hexdigest()[:KID_LENGTH]


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def public_key_raw_base64(key: Ed25519PublicKey | None = None) -> str:
    """The 32 raw bytes of the public key, standard base64 (for apps that take raw keys)."""
    return base64.b64encode(_raw(key or public_key())).decode()


def fingerprint(key: Ed25519PublicKey | None = None) -> str:
    """SHA-256 of the raw public key, hex, in groups of four (to compare by eye)."""
    hexed = hashlib.sha256(_raw(key or public_key())).hexdigest()
    return " ".join(hexed[i : i + 4] for i in range(0, 32, 4))


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key from PEM text or from raw base64 (as published on the key page)."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode())
        except ValueError as exc:
            raise PayloadError(_("not an Ed25519 public key"), "malformed") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise PayloadError(_("not an Ed25519 public key"), "malformed")
        return key
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise PayloadError(_("not an Ed25519 public key"), "malformed") from exc


def retired_keys() -> list[PublishedKey]:
    """The retired public keys: every ``*.pem`` of :func:`retired_dir`, by file name. A file
    that is not an Ed25519 public key is an error (it would silently unpublish a key)."""
    folder = retired_dir()
    if not folder.is_dir():
        return []
    keys = []
    for file in sorted(folder.glob("*.pem")):
        try:
            key = load_public_key(file.read_text())
        except PayloadError as exc:
            raise ValueError(f"{file} is not an Ed25519 public key") from exc
        keys.append(PublishedKey(key, RETIRED, str(file)))
    return keys


def published_keys() -> list[PublishedKey]:
    """The keys that check certificate payloads: the current one first, then the retired ones
    (a retired file that holds the current key is left out, and so is a revoked key)."""
    current = PublishedKey(public_key(), CURRENT, str(key_path()))
    keys, seen = [current], {_raw(current.key)}
    revoked = revocations()
    for retired in retired_keys():
        if _raw(retired.key) not in seen and retired.kid not in revoked:
            seen.add(_raw(retired.key))
            keys.append(retired)
    return keys


# --- Revocation ---------------------------------------------------------------------------------


def revocations() -> dict[str, Revocation]:
    """The revoked keys (``revoked.json`` in :func:`retired_dir`), by key id. A payload signed
    with one of them no longer verifies, though its retired public key may still lie beside
    it: a retired private key that leaked could sign false certificates."""
    file = retired_dir() / REVOKED_FILE
    if not file.is_file():
        return {}
    data = json.loads(file.read_text())
    return {
        kid: Revocation(kid, date.fromisoformat(entry["revoked_on"]), entry["reason"], entry["raw"])
        for kid, entry in data.items()
    }


def revoke(kid: str, reason: str, on: date) -> Revocation:
    """Revoke the retired key ``kid``: it leaves the published keys and the key set, and
    payloads it signed are refused (``revoked_key``) online and by offline verifiers that take
    the new key set. The current key is refused (:class:`RevocationRefused`): rotate it first,
    so that a new key signs from now on. The register re-signs the certificates the key signed
    (``registry.services.certificates.resign_revoked``)."""
    reason = (reason or "").strip()
    if not reason:
        raise RevocationRefused(_("give the reason for revoking the key"))
    if kid == key_id():
        raise RevocationRefused(
            _("%(kid)s is the current key: rotate it first (rotate_signing_key), then revoke it")
            % {"kid": kid}
        )
    retired = {k.kid: k for k in retired_keys()}
    found = revocations()
    if kid in found:
        return found[kid]
    if kid not in retired:
        raise RevocationRefused(
            _("%(kid)s is not among this register's retired keys") % {"kid": kid}
        )
    entry = Revocation(kid, on, reason, retired[kid].raw)
    data = {
        k: {"revoked_on": r.revoked_on.isoformat(), "reason": r.reason, "raw": r.raw}
        for k, r in {**found, kid: entry}.items()
    }
    folder = retired_dir()
    tmp = folder / f".{REVOKED_FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    tmp.chmod(0o644)
    os.replace(tmp, folder / REVOKED_FILE)
    return entry


def key_set(keys: Iterable[PublishedKey] | None = None) -> dict[str, str]:
    """The JSON key set (``/verify/keys.json``): key id → raw public key, base64; current key
    first."""
    return {k.kid: k.raw for k in (published_keys() if keys is None else keys)}


def load_key_set(text: str) -> list[Ed25519PublicKey]:
    """The keys of a JSON key set (:func:`key_set`); each key id must match its key."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PayloadError(_("the key set is not JSON"), "malformed") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise PayloadError(_("the key set must map key ids to base64 public keys"), "malformed")
    keys = []
    for kid, raw in data.items():
        key = load_public_key(raw)
        if key_id(key) != kid:
            raise PayloadError(
                _("in the key set, key id %(kid)s does not match its key (%(actual)s)")
                % {"kid": kid, "actual": key_id(key)},
                "malformed",
            )
        keys.append(key)
    return keys


# --- Rotation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rotation:
    old_kid: str
    new_kid: str
    retired_file: Path
    key_file: Path


def rotate() -> Rotation:
    """Retire the current key and make a new one: the current public key is written to
    :func:`retired_dir` as ``<kid>.pem`` (so that its certificates keep verifying), then a new
    private key replaces the key file atomically (mode 0600). The old private key is not kept.

    Refused (:class:`RotationRefused`) when ``SHEGONG_SIGNING_KEY_FILE`` is set: that key
    belongs to the operator, who replaces it on every server."""
    if key_is_configured():
        raise RotationRefused(f"{KEY_FILE_ENV} is set")
    file = key_path()
    old = public_key()  # creates the first key when there is none yet
    published = {k.kid for k in published_keys()}
    folder = retired_dir()
    folder.mkdir(parents=True, exist_ok=True)
    retired_file = folder / f"{key_id(old)}.pem"
    if retired_file.exists():
        if _raw(load_public_key(retired_file.read_text())) != _raw(old):
            raise FileExistsError(f"{retired_file} holds another key")
    else:
        tmp = retired_file.with_suffix(".pem.tmp")
        tmp.write_text(public_key_pem(old))
        tmp.chmod(0o644)
        os.replace(tmp, retired_file)  # published before the new key signs anything
    new = Ed25519PrivateKey.generate()
    while key_id(new.public_key()) in published:  # a key id names one key
        new = Ed25519PrivateKey.generate()
    fd, tmp_name = tempfile.mkstemp(prefix=".signing_key.", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp: mode 0600
            handle.write(_private_pem(new))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, file)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Rotation(key_id(old), key_id(new.public_key()), retired_file, file)


def manual_rotation_steps() -> str:
    """What the operator does when the key is configured (``SHEGONG_SIGNING_KEY_FILE``)."""
    file = key_path()
    try:
        kid = key_id()
    except (OSError, ValueError, TypeError):
        kid = "<kid>"
    folder = retired_dir()
    return "\n".join(
        (
            f"1. openssl pkey -in {file} -pubout -out {folder}/{kid}.pem",
            "   "
            + _("(publish the retired public key on every web server, or in a shared %(env)s)")
            % {"env": RETIRED_DIR_ENV},
            "2. openssl genpkey -algorithm ed25519 -out new_signing_key.pem && "
            "chmod 600 new_signing_key.pem",
            f"3. mv new_signing_key.pem {file}  " + _("(on every web server and worker)"),
            "4. "
            + _("Back up the new key file and the retired public key; then check %(url)s.")
            % {"url": "/verify/key/"},
        )
    )


# --- Signing and checking -------------------------------------------------------------------


# --- URLs ------------------------------------------------------------------------------------
