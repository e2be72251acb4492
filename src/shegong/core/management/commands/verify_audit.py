"""``shegong verify_audit``: recompute every audit chain and report any break (exit 1).

Then compare the chains with the signed checkpoints of their heads (issue 10; ``core.checkpoints``,
docs/audit.md "Checkpoints"): a chain whose last records were rewritten or removed since a
checkpoint, and a checkpoint line whose signature fails, are problems too. Without a checkpoint
file (a fresh installation) it warns and checks the chains only.

``--checkpoints FILE`` checks against a copy kept off the database server (then the file must
exist); ``--checkpoint-key PEM`` (repeatable) checks the signatures with public keys kept off the
server instead of the server's own key.
"""

from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shegong.core.audit import verify_chain, verify_checkpoints
from shegong.core.checkpoints import key_id, load_public_key
from shegong.core.models import AuditRecord


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail; exits non-zero if any record was altered."

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            help=_("the checkpoint file to check against (default: the configured one)"),
        )
        parser.add_argument(
            "--checkpoint-key",
            metavar="PEM",
            action="append",
            default=[],
            help=_("a public key that signed checkpoints (repeatable; default: the server's key)"),
        )

    def handle(self, *args, **options):
        keys = None
        if options["checkpoint_key"]:
            keys = {}
            for name in options["checkpoint_key"]:
                try:
                    key = load_public_key(Path(name).read_text())
                except (OSError, ValueError, UnsupportedAlgorithm) as exc:
                    raise CommandError(
                        _("%(file)s is not an Ed25519 key: %(error)s")
                        % {"file": name, "error": exc}
                    ) from exc
                keys[key_id(key)] = key
        path = options["checkpoints"]
        if path and not Path(path).is_file():
            raise CommandError(_("The checkpoint file %(file)s does not exist.") % {"file": path})

        problems = list(verify_chain())
        try:
            report = verify_checkpoints(path, keys)
        except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
            # an unreadable checkpoint file, or a server key file that is not a key
            raise CommandError(
                _("The audit checkpoints could not be read: %(error)s") % {"error": exc}
            ) from exc
        problems += report.problems
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the audit trail.")
        count = AuditRecord.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} records verified."))
        if not report.checked:  # no file yet, or an empty one
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "Warning: no audit checkpoints in %(file)s yet, so a removed or "
                        "rewritten last record of a chain cannot be detected. Write them with "
                        "shegong audit_checkpoint (see docs/audit.md)."
                    )
                    % {"file": report.path}
                )
            )
        else:
            self.stdout.write(
                _("%(n)d checkpoint(s) in %(file)s match the chains; the last is of %(time)s.")
                % {"n": report.checked, "file": report.path, "time": report.last_time or "-"}
            )
