"""``shegong import_attendance FILE [--dry-run] [--as USERNAME] [--reason TEXT]`` (EDU-4).

Imports a training provider's attendance file (XLSX or CSV), all or nothing. Every problem
is printed with its row and column and the command exits non-zero; a dry run reports what
would be written. Without ``--as`` the import runs as the system.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from shegong.core.context import acting
from shegong.education.imports import import_attendance


class Command(BaseCommand):
    help = "Import attendance of course sessions from an XLSX or CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the attendance file (.xlsx or .csv)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--as", dest="username", default="", help="import as this user (default: system)"
        )
        parser.add_argument("--reason", default="", help="the reason kept in the audit trail")

    def handle(self, *args, file, dry_run, username, reason, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        actor = None
        if username:
            try:
                actor = get_user_model().objects.get(username=username, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No active user {username!r}.") from None
        with acting():
            try:
                report = import_attendance(
                    actor,
                    path.read_bytes(),
                    path.name,
                    dry_run=dry_run,
                    reason=reason or f"import of {path.name}",
                )
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} problem(s) found; nothing was imported "
                f"(rows: {report.total_rows})."
            )
        if dry_run:
            self.stdout.write(
                f"Dry run, nothing written. Would record {report.total_rows} attendance(s)."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Recorded {report.created} attendance(s) (batch {report.batch})."
                )
            )
