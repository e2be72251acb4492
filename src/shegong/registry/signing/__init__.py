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

The package: ``keys.py`` (keys, revocation, rotation) and ``payloads.py`` (signing, checking,
the verification URL); every name of both is imported here, so ``signing.<name>`` works.
"""

from .keys import (  # noqa: F401
    CURRENT,
    KEY_FILE_ENV,
    KID_LENGTH,
    RETIRED,
    RETIRED_DIR_ENV,
    REVOKED,
    REVOKED_FILE,
    PayloadError,
    PublishedKey,
    Revocation,
    RevocationRefused,
    Rotation,
    RotationRefused,
    _create,
    _load,
    _private_pem,
    _raw,
    fingerprint,
    key_id,
    key_is_configured,
    key_path,
    key_set,
    load_key_set,
    load_public_key,
    manual_rotation_steps,
    private_key,
    public_key,
    public_key_pem,
    public_key_raw_base64,
    published_keys,
    retired_dir,
    retired_keys,
    revocations,
    revoke,
    rotate,
)
from .payloads import (  # noqa: F401
    PUBLIC_URL_ENV,
    SEPARATOR,
    VERSION,
    VERSION_1,
    VERSIONS,
    Checked,
    KeysArgument,
    Payload,
    _b64url,
    _candidate_keys,
    _unb64url,
    certificate_payload,
    check,
    extract_payload,
    parse,
    public_base_url,
    sign,
    sign_certificate,
    verification_url,
    verify,
)
