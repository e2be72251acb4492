"""Signed certificate payloads (REG-2, REG-5): a certificate can be checked offline.

Every certificate carries a QR code whose text is the public verification URL::

    https://<host>/verify/<number>/?p=<payload, URL-encoded>

and the payload inside it is signed with Ed25519, so that a scanner with no network can check
it against the published public keys (page ``portal:public_key``, key set
``/verify/keys.json``; management command ``shegong verify_certificate_payload "<payload or
URL>"``).

Payload format, version 2 (UTF-8 text, fields separated by ``|``)::

    SG2|<kid>|<number>|<name>|<level>|<issue date>|<signature>

- ``SG2``: format and version tag;
- ``<kid>``: the key id of the signing key: the first 8 hex digits of the SHA-256 of its 32 raw
  public key bytes (:func:`key_id`);
- ``<number>``: the certificate number, e.g. ``A2024000001`` (level letter, exam year, serial);
- ``<name>``: the holder's name as on the certificate (e.g. ``张三``);
- ``<level>``: the level code, one of ``assistant``, ``intermediate``, ``senior``;
- ``<issue date>``: ISO 8601, ``YYYY-MM-DD``;
- ``<signature>``: Ed25519 over the UTF-8 bytes of everything before the last ``|``
  (``SG2|<kid>|<number>|<name>|<level>|<issue date>``), base64url without padding (86
  characters).

Version 1 (``SG1|<number>|<name>|<level>|<issue date>|<signature>``, no key id) was issued
before key rotation existed; it is still accepted and checked against every published key.

No field may contain ``|``. The signature proves that the issuer wrote these values; it does
not prove that the certificate is still valid: a recall (收回) shows only online, on the
verification page.

Keys. The private key is read from the PEM file named by the environment variable
``SHEGONG_SIGNING_KEY_FILE``; without it, a key is generated once into
``VAR_DIR/signing_key.pem`` (mode 0600) and reused. The *published* keys are that key's public
half (status "current") and the retired public keys: the ``*.pem`` files of
``VAR_DIR/signing_keys/retired/`` (or of ``SHEGONG_RETIRED_KEYS_DIR``). ``shegong
rotate_signing_key`` (:func:`rotate`) moves the current public key there and makes a new
private key; a changed key file is picked up without a restart (it is cached by its
modification time). Keep both in the backups: a lost key, or a lost retired public key, makes
the printed QR codes signed with it fail the offline check.

Revocation. A retired key whose private half may have leaked is revoked with ``shegong
revoke_signing_key <kid> --reason …`` (:func:`revoke`): it is listed in ``revoked.json`` beside
the retired keys, leaves the published keys and the key set, and payloads it signed are refused
with the date and reason. The certificates it signed are signed again with the current key
(their stored payload changes; each change is in the audit trail), so their PDFs carry a QR
code that verifies.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

VERSION = "SG2"
VERSION_1 = "SG1"
VERSIONS = (VERSION, VERSION_1)
SEPARATOR = "|"
KEY_FILE_ENV = "SHEGONG_SIGNING_KEY_FILE"
RETIRED_DIR_ENV = "SHEGONG_RETIRED_KEYS_DIR"
PUBLIC_URL_ENV = "SHEGONG_PUBLIC_URL"
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


@dataclass(frozen=True)
class Payload:
    number: str
    name: str
    level: str
    issue_date: date
    signature: str = ""
    #: The signing key's id; empty for a version 1 payload, which names no key.
    kid: str = ""

    @property
    def version(self) -> str:
        return VERSION if self.kid else VERSION_1

    @property
    def message(self) -> str:
        head = (VERSION, self.kid) if self.kid else (VERSION_1,)
        return SEPARATOR.join(
            (*head, self.number, self.name, self.level, self.issue_date.isoformat())
        )

    def __str__(self) -> str:
        return f"{self.message}{SEPARATOR}{self.signature}"


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


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(number: str, name: str, level: str, issue_date: date) -> Payload:
    """The signed payload (version 2, current key) for these values (Ed25519 signatures are
    deterministic)."""
    for value in (number, name, level):
        if SEPARATOR in value or not value:
            raise ValueError(f"payload fields must be non-empty and without {SEPARATOR!r}")
    key = private_key()
    unsigned = Payload(number, name, level, issue_date, kid=key_id(key.public_key()))
    signature = key.sign(unsigned.message.encode())
    return Payload(number, name, level, issue_date, _b64url(signature), unsigned.kid)


def sign_certificate(certificate) -> Payload:
    """A new payload with the certificate's current values and the current key. For the one
    printed on the certificate, use :func:`certificate_payload`."""
    return sign(
        certificate.number, certificate.person.name, certificate.level, certificate.issue_date
    )


def certificate_payload(certificate) -> Payload:
    """The payload signed when the certificate was issued (``Certificate.payload``).

    A certificate issued before the payload was stored has only its signature, made over an
    ``SG1`` payload: that payload is rebuilt from the register and used when it still
    verifies against a published key. Otherwise (its holder's name changed since, or its key
    was lost) a new payload is signed with the current key; it is not stored."""
    if certificate.payload:
        return parse(certificate.payload)
    if certificate.signature:
        legacy = Payload(
            certificate.number,
            certificate.person.name,
            certificate.level,
            certificate.issue_date,
            certificate.signature,
        )
        try:
            return verify(str(legacy))
        except PayloadError:
            pass
    return sign_certificate(certificate)


def parse(text: str) -> Payload:
    """Split a payload (or a verification URL carrying one in ``?p=``) into its fields."""
    text = extract_payload(text)
    parts = text.split(SEPARATOR)
    if parts[0] == VERSION and len(parts) == 7:
        _tag, kid, number, name, level, issued, signature = parts
        if len(kid) != KID_LENGTH or any(c not in "0123456789abcdef" for c in kid):
            raise PayloadError(_("the key id is not 8 hexadecimal digits"), "malformed")
    elif parts[0] == VERSION_1 and len(parts) == 6:
        _tag, number, name, level, issued, signature = parts
        kid = ""
    else:
        raise PayloadError(
            _("not a certificate payload (%(versions)s)") % {"versions": " / ".join(VERSIONS)},
            "malformed",
        )
    try:
        issue_date = date.fromisoformat(issued)
    except ValueError as exc:
        raise PayloadError(_("the issue date is not a date"), "malformed") from exc
    return Payload(number, name, level, issue_date, signature, kid)


@dataclass(frozen=True)
class Checked:
    """A payload whose signature verified, and the key that verified it."""

    payload: Payload
    key: Ed25519PublicKey

    @property
    def kid(self) -> str:
        return key_id(self.key)


KeysArgument = Ed25519PublicKey | PublishedKey | Iterable[Ed25519PublicKey | PublishedKey] | None


def _candidate_keys(keys: KeysArgument) -> list[Ed25519PublicKey]:
    if keys is None:
        keys = published_keys()
    elif isinstance(keys, Ed25519PublicKey | PublishedKey):
        keys = [keys]
    elif isinstance(keys, Mapping):
        keys = list(keys.values())
    return [k.key if isinstance(k, PublishedKey) else k for k in keys]


def check(text: str, keys: KeysArgument = None) -> Checked:
    """Verify a payload against ``keys`` (default: the published keys). An ``SG2`` payload
    is checked with the key its key id names (:class:`PayloadError` with code
    ``unknown_key`` when none of ``keys`` has it); an ``SG1`` payload with each key."""
    payload = parse(text)
    try:
        signature = _unb64url(payload.signature)
    except (binascii.Error, ValueError) as exc:
        raise PayloadError(_("the signature is not base64url"), "malformed") from exc
    candidates = _candidate_keys(keys)
    if payload.kid:
        revoked = revocations().get(payload.kid) if keys is None else None
        if revoked is not None:
            raise PayloadError(
                _(
                    "the payload was signed with key %(kid)s, revoked on %(date)s (%(reason)s): "
                    "it cannot be trusted"
                )
                % {"kid": payload.kid, "date": revoked.revoked_on, "reason": revoked.reason},
                "revoked_key",
                payload.kid,
            )
        candidates = [k for k in candidates if key_id(k) == payload.kid]
        if not candidates:
            raise PayloadError(
                _("the payload was signed with key %(kid)s, which is not among the known keys")
                % {"kid": payload.kid},
                "unknown_key",
                payload.kid,
            )
    message = payload.message.encode()
    for key in candidates:
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        return Checked(payload, key)
    raise PayloadError(_("the signature does not match the payload"), "invalid", payload.kid)


def verify(text: str, keys: KeysArgument = None) -> Payload:
    """The payload's fields when its signature verifies; :class:`PayloadError` otherwise.
    ``keys``: one public key, several, or (default) the published keys (see :func:`check`)."""
    return check(text, keys).payload


def extract_payload(text: str) -> str:
    """A scanned QR holds the verification URL; the payload is its ``p`` parameter."""
    text = (text or "").strip()
    if text.startswith(("http://", "https://")):
        values = parse_qs(urlsplit(text).query).get("p")
        if not values:
            raise PayloadError(_("the URL carries no payload (?p=)"), "malformed")
        return values[0]
    return text


# --- URLs ------------------------------------------------------------------------------------


def public_base_url() -> str:
    """Where the public portal is reached: ``PUBLIC_URL`` (setting) or ``SHEGONG_PUBLIC_URL``
    (environment), else the first allowed host over HTTPS."""
    base = getattr(settings, "PUBLIC_URL", "") or os.environ.get(PUBLIC_URL_ENV, "")
    if not base:
        hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and h != "."]
        base = f"https://{(hosts or ['localhost'])[0].lstrip('.')}"
    return base.rstrip("/")


def verification_url(payload: Payload, base: str | None = None) -> str:
    base = (base or public_base_url()).rstrip("/")
    return f"{base}/verify/{quote(payload.number)}/?p={quote(str(payload), safe='')}"
