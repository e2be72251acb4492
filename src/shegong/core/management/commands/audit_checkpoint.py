"""``shegong audit_checkpoint``: sign the audit chains' heads into the checkpoint file (issue 10).

Run it from cron (hourly, see docs/deployment.md "Audit trail") or let Celery beat send the task
``shegong.core.audit_checkpoint``; every import writes one too when it commits. ``--all`` lists
every chain, not only those of the last days; ``--public-key`` prints the public half of the
checkpoint key (to keep off the server) and writes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shegong.core import audit, checkpoints


class Command(BaseCommand):
    help = _("Sign the heads of the audit chains and append them to the checkpoint file.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help=_("list every chain, not only those written since the day before the last one"),
        )
        parser.add_argument(
            "--public-key",
            action="store_true",
            help=_("print the checkpoint key's public key and key id; write nothing"),
        )

    def handle(self, *args, **options):
        try:
            if options["public_key"]:
                key = checkpoints.private_key().public_key()
                self.stdout.write(checkpoints.public_key_pem(key), ending="")
                self.stdout.write(_("key id %(kid)s") % {"kid": checkpoints.key_id(key)})
                return
            entry = audit.checkpoint("command", full=options["all"])
        except (OSError, ValueError, TypeError) as exc:
            raise CommandError(
                _("The audit checkpoint could not be written: %(error)s") % {"error": exc}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Checkpoint written to %(file)s: %(n)d chain(s), key %(kid)s.")
                % {
                    "file": checkpoints.checkpoint_path(),
                    "n": len(entry["heads"]),
                    "kid": entry["kid"],
                }
            )
        )
