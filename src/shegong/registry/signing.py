"""Signed certificate payloads (REG-2, REG-5): a certificate can be checked offline.

Every certificate carries a QR code whose text is the public verification URL::

    https://<host>/verify/<number>/?p=<payload, URL-encoded>

and the payload inside it is signed with Ed25519, so that a scanner with no network can check
it against the published public key (page ``portal:public_key``; management command
``shegong verify_certificate_payload "<payload or URL>"``).

Payload format, version 1 (UTF-8 text, fields separated by ``|``)::

    SG1|<number>|<name>|<level>|<issue date>|<signature>

- ``SG1``: format and version tag;
- ``<number>``: the certificate number, e.g. ``A2024000001`` (level letter, exam year, serial);
- ``<name>``: the holder's name as on the certificate (e.g. ``张三``);
- ``<level>``: the level code, one of ``assistant``, ``intermediate``, ``senior``;
- ``<issue date>``: ISO 8601, ``YYYY-MM-DD``;
- ``<signature>``: Ed25519 over the UTF-8 bytes of everything before the last ``|``
  (``SG1|<number>|<name>|<level>|<issue date>``), base64url without padding (86 characters).

No field may contain ``|``. The signature proves that the issuer wrote these values; it does
not prove that the certificate is still valid: a recall (收回) shows only online, on the
verification page.

The private key is read from the PEM file named by the environment variable
``SHEGONG_SIGNING_KEY_FILE``; without it, a key is generated once into
``VAR_DIR/signing_key.pem`` (mode 0600) and reused. Keep that file in the backups: a new key
makes every printed QR code fail the offline check.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

VERSION = "SG1"
SEPARATOR = "|"
KEY_FILE_ENV = "SHEGONG_SIGNING_KEY_FILE"
PUBLIC_URL_ENV = "SHEGONG_PUBLIC_URL"


class PayloadError(ValueError):
    """A payload that is malformed or whose signature does not verify."""


@dataclass(frozen=True)
class Payload:
    number: str
    name: str
    level: str
    issue_date: date
    signature: str = ""

    @property
    def message(self) -> str:
        return SEPARATOR.join(
            (VERSION, self.number, self.name, self.level, self.issue_date.isoformat())
        )

    def __str__(self) -> str:
        return f"{self.message}{SEPARATOR}{self.signature}"


# --- Keys --------------------------------------------------------------------------------------


def key_path() -> Path:
    configured = os.environ.get(KEY_FILE_ENV, "").strip()
    return Path(configured) if configured else Path(settings.VAR_DIR) / "signing_key.pem"


def private_key() -> Ed25519PrivateKey:
    return _load_or_create(str(key_path()))


@cache
def _load_or_create(path: str) -> Ed25519PrivateKey:
    file = Path(path)
    if not file.exists():
        if os.environ.get(KEY_FILE_ENV, "").strip():
            # A configured key that is missing is an error, never silently replaced.
            raise FileNotFoundError(f"{KEY_FILE_ENV} names {file}, which does not exist.")
        _create(file)
    key = serialization.load_pem_private_key(file.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"{file} does not hold an Ed25519 private key.")
    return key


def _create(file: Path) -> None:
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


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def public_key_raw_base64(key: Ed25519PublicKey | None = None) -> str:
    """The 32 raw bytes of the public key, standard base64 (for apps that take raw keys)."""
    key = key or public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def fingerprint(key: Ed25519PublicKey | None = None) -> str:
    """SHA-256 of the raw public key, hex, in groups of four (to compare by eye)."""
    key = key or public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(raw)
    hexed = digest.finalize().hex()
    return " ".join(hexed[i : i + 4] for i in range(0, 32, 4))


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key from PEM text or from raw base64 (as published on the key page)."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise PayloadError("not an Ed25519 public key")
        return key
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise PayloadError("not an Ed25519 public key") from exc


# --- Signing and checking -------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(number: str, name: str, level: str, issue_date: date) -> Payload:
    """The signed payload for these values (Ed25519 signatures are deterministic)."""
    for value in (number, name, level):
        if SEPARATOR in value or not value:
            raise ValueError(f"payload fields must be non-empty and without {SEPARATOR!r}")
    unsigned = Payload(number, name, level, issue_date)
    signature = private_key().sign(unsigned.message.encode())
    return Payload(number, name, level, issue_date, _b64url(signature))


def sign_certificate(certificate) -> Payload:
    return sign(
        certificate.number, certificate.person.name, certificate.level, certificate.issue_date
    )


def parse(text: str) -> Payload:
    """Split a payload (or a verification URL carrying one in ``?p=``) into its fields."""
    text = extract_payload(text)
    parts = text.split(SEPARATOR)
    if len(parts) != 6 or parts[0] != VERSION:
        raise PayloadError(f"not a {VERSION} payload")
    _, number, name, level, issued, signature = parts
    try:
        issue_date = date.fromisoformat(issued)
    except ValueError as exc:
        raise PayloadError("the issue date is not a date") from exc
    return Payload(number, name, level, issue_date, signature)


def verify(text: str, key: Ed25519PublicKey | None = None) -> Payload:
    """The payload's fields when its signature verifies; :class:`PayloadError` otherwise."""
    payload = parse(text)
    try:
        signature = _unb64url(payload.signature)
    except (binascii.Error, ValueError) as exc:
        raise PayloadError("the signature is not base64url") from exc
    try:
        (key or public_key()).verify(signature, payload.message.encode())
    except InvalidSignature as exc:
        raise PayloadError("the signature does not match the payload") from exc
    return payload


def extract_payload(text: str) -> str:
    """A scanned QR holds the verification URL; the payload is its ``p`` parameter."""
    text = (text or "").strip()
    if text.startswith(("http://", "https://")):
        values = parse_qs(urlsplit(text).query).get("p")
        if not values:
            raise PayloadError("the URL carries no payload (?p=)")
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
