"""``shegong verify_audit``: recompute every audit chain and report any break (exit 1)."""

from django.core.management.base import BaseCommand, CommandError

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail; exits non-zero if any record was altered."

    def handle(self, *args, **options):
        problems = list(verify_chain())
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the audit trail.")
        count = AuditRecord.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} records verified."))
