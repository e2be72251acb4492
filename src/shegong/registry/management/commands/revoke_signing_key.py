"""Revoke a retired certificate signing key: ``shegong revoke_signing_key <kid> --reason …``.

For a key whose private half may have leaked. The key is listed in ``revoked.json`` beside the
retired public keys (``$SHEGONG_VAR_DIR/signing_keys/retired/`` or
``$SHEGONG_RETIRED_KEYS_DIR``): it leaves the published keys and ``/verify/keys.json``, and a
QR code it signed is refused on the verification page with the date and the reason. The
certificates it signed are signed again with the current key (``registry.services.
certificates.resign_revoked``, in the audit trail), so that their PDFs carry a QR code that
verifies; holders of printed certificates can be sent a new print.

The current key cannot be revoked: rotate it first (``shegong rotate_signing_key``).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core.context import acting
from shegong.registry import signing
from shegong.registry.services.certificates import resign_revoked


class Command(BaseCommand):
    help = _("Revoke a retired certificate signing key and sign its certificates again.")

    def add_arguments(self, parser):
        parser.add_argument("kid", help=_("the key id (8 hexadecimal digits)"))
        parser.add_argument("--reason", required=True, help=_("why (kept and published)"))

    def handle(self, *args, kid, reason, **options):
        try:
            revocation = signing.revoke(kid.strip().lower(), reason, timezone.localdate())
        except signing.RevocationRefused as exc:
            raise CommandError(_("Refused: %(why)s.") % {"why": exc}) from exc
        with acting():
            count = resign_revoked(
                None,
                revocation.kid,
                _("Signing key %(kid)s revoked: %(reason)s")
                % {"kid": revocation.kid, "reason": revocation.reason},
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Key %(kid)s revoked on %(date)s; %(count)s certificate(s) signed again.")
                % {"kid": revocation.kid, "date": revocation.revoked_on, "count": count}
            )
        )
