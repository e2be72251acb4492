"""The management command of every file import (issue 11): ``shegong <command> FILE
[--dry-run] [--as USERNAME] [--reason TEXT]``.

A module's command is a subclass naming its :class:`~shegong.core.importing.Importer`::

    class Command(ImportCommand):
        help = "Import pay records from an XLSX or CSV file (all or nothing)."
        importer = PAY_IMPORT

The import runs all or nothing, as the given user (default: the system). Every problem is
printed with its row and column and the command exits non-zero; a dry run writes nothing and
says what it would import.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from ..context import acting


class ImportCommand(BaseCommand):
    help = "Import a file (XLSX or CSV), all or nothing."
    #: The :class:`~shegong.core.importing.Importer` run by the command.
    importer = None

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file (.xlsx or .csv)")
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
                report = self.importer.run(
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
        summary = self.importer.summary(report)
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} problem(s) found; nothing was imported. ({summary})"
            )
        if dry_run:
            self.stdout.write(self.checked(report, summary))
        else:
            self.stdout.write(self.style.SUCCESS(self.imported(report, summary)))

    def checked(self, report, summary: str) -> str:
        """What a clean dry run says."""
        return f"Dry run, nothing written. Would import: {summary}"

    def imported(self, report, summary: str) -> str:
        """What a finished import says."""
        return f"Imported (batch {report.batch}): {summary}"
