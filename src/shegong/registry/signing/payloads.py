"""Signing and checking certificate payloads, and the verification URL that carries them (REG-2,
REG-5); the format is described in the package's docstring (``registry/signing/__init__.py``)."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, quote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from .keys import (
    KID_LENGTH,
    PayloadError,
    PublishedKey,
    key_id,
    private_key,
    published_keys,
    revocations,
)

VERSION = "SG2"


VERSION_1 = "SG1"


VERSIONS = (VERSION, VERSION_1)


SEPARATOR = "|"


PUBLIC_URL_ENV = "SHEGONG_PUBLIC_URL"


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
