"""Check a scanned certificate QR code offline: ``shegong verify_certificate_payload "<text>"``.

The text is the payload (``SG1|number|name|level|date|signature``) or the whole verification
URL. The public key comes from ``--public-key`` (a file with the PEM or the raw base64 key,
as published on ``/verify/key/``), or else from this installation's signing key. The database
is never used, so the check works where no network reaches.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shegong.registry import signing


class Command(BaseCommand):
    help = _("Check the signature of a certificate's QR payload against the public key.")
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

    def handle(self, *args, payload, public_key, **options):
        key = self._key(public_key)
        try:
            checked = signing.verify(payload, key)
        except signing.PayloadError as exc:
            raise CommandError(_("INVALID: %(reason)s") % {"reason": exc}) from exc
        self.stdout.write(self.style.SUCCESS(_("VALID signature")))
        self.stdout.write(f"number: {checked.number}")
        self.stdout.write(f"name: {checked.name}")
        self.stdout.write(f"level: {checked.level}")
        self.stdout.write(f"issue date: {checked.issue_date.isoformat()}")
        self.stdout.write(_("A valid signature does not show a recall: check online when you can."))

    def _key(self, value: str):
        if not value:
            return signing.public_key()
        path = Path(value)
        text = path.read_text() if path.is_file() else value
        try:
            return signing.load_public_key(text)
        except signing.PayloadError as exc:
            raise CommandError(_("The public key could not be read: %(e)s") % {"e": exc}) from exc
