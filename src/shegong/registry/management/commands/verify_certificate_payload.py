"""Check a scanned certificate QR code offline: ``shegong verify_certificate_payload "<text>"``.

The text is the payload (``SG2|kid|number|name|level|date|signature``, or the older
``SG1|number|name|level|date|signature``) or the whole verification URL. The public keys come
from ``--keys`` (the JSON key set published at ``/verify/keys.json``: key id → raw base64
key) and/or ``--public-key`` (a file with the PEM or the raw base64 key, as published on
``/verify/key/``, or the base64 key itself); without either, from this installation's
published keys (current and retired). An ``SG2`` payload is checked with the key its key id
names; an ``SG1`` payload with each key. The database is never used, so the check works where
no network reaches.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shegong.registry import signing


class Command(BaseCommand):
    help = _("Check the signature of a certificate's QR payload against the public keys.")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("payload", help=_("The scanned text: the payload or the URL."))
        parser.add_argument(
            "--public-key",
            dest="public_key",
            default="",
            help=_("A file with the public key (PEM or raw base64), or the base64 key itself."),
        )
        parser.add_argument(
            "--keys",
            dest="keys",
            default="",
            help=_("A JSON key set file, as published at /verify/keys.json (key id → key)."),
        )

    def handle(self, *args, payload, public_key, keys="", **options):
        candidates = self._keys(public_key, keys)
        try:
            checked = signing.check(payload, candidates)
        except signing.PayloadError as exc:
            raise CommandError(_("INVALID: %(reason)s") % {"reason": exc}) from exc
        result = checked.payload
        self.stdout.write(self.style.SUCCESS(_("VALID signature")))
        self.stdout.write(f"key: {checked.kid}")
        self.stdout.write(f"number: {result.number}")
        self.stdout.write(f"name: {result.name}")
        self.stdout.write(f"level: {result.level}")
        self.stdout.write(f"issue date: {result.issue_date.isoformat()}")
        self.stdout.write(_("A valid signature does not show a recall: check online when you can."))

    def _keys(self, public_key: str, keys: str):
        if not public_key and not keys:
            return None  # this installation's published keys
        candidates = []
        try:
            if keys:
                path = Path(keys)
                if not path.is_file():
                    raise CommandError(_("No key set file %(path)s.") % {"path": keys})
                candidates += signing.load_key_set(path.read_text())
            if public_key:
                path = Path(public_key)
                text = path.read_text() if path.is_file() else public_key
                candidates.append(signing.load_public_key(text))
        except signing.PayloadError as exc:
            raise CommandError(_("The public key could not be read: %(e)s") % {"e": exc}) from exc
        return candidates
