"""Replace the certificate signing key: ``shegong rotate_signing_key``.

The current public key is kept, published as retired (``<kid>.pem`` in
``$SHEGONG_VAR_DIR/signing_keys/retired/`` or ``$SHEGONG_RETIRED_KEYS_DIR``), so that the
certificates it signed keep verifying; a new private key replaces
``$SHEGONG_VAR_DIR/signing_key.pem`` and signs every certificate issued from now on. Running
processes pick the new key up at once.

Refused when ``SHEGONG_SIGNING_KEY_FILE`` is set: that key belongs to the operator, who
replaces it on every server (the command prints the steps). See ``docs/deployment.md``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shegong.registry import signing


class Command(BaseCommand):
    help = _(
        "Retire the certificate signing key (its public key stays published) and make a new one."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def handle(self, *args, **options):
        try:
            rotation = signing.rotate()
        except signing.RotationRefused as exc:
            self.stderr.write(
                _(
                    "%(env)s is set: the signing key is managed by the operator, so this "
                    "command does not replace it. To rotate it by hand:"
                )
                % {"env": signing.KEY_FILE_ENV}
            )
            self.stderr.write(signing.manual_rotation_steps())
            raise CommandError(
                _("Refused: the signing key is configured by the operator.")
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Key %(old)s retired (public key kept in %(file)s); new current key %(new)s.")
                % {
                    "old": rotation.old_kid,
                    "file": rotation.retired_file,
                    "new": rotation.new_kid,
                }
            )
        )
        self.stdout.write(
            _(
                "Back up %(key)s and %(retired)s now. Servers that do not share them need "
                "copies of both."
            )
            % {"key": rotation.key_file, "retired": rotation.retired_file.parent}
        )
