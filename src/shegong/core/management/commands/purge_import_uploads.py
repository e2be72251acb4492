"""``shegong purge_import_uploads [--hours N]``.

Deletes import files (examination results, pay, insurance, attendance) kept between an
upload's preview and its confirmation that were never confirmed (older than N hours, 24 by
default). Storing a new upload does the same (``core.uploads``).
"""

from django.core.management.base import BaseCommand, CommandError

from shegong.core.uploads import UPLOAD_DIR, UPLOAD_MAX_AGE_HOURS, purge_uploads


class Command(BaseCommand):
    help = "Delete import uploads older than N hours (never confirmed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=UPLOAD_MAX_AGE_HOURS,
            help=f"delete uploads older than this (default: {UPLOAD_MAX_AGE_HOURS})",
        )

    def handle(self, *args, hours, **options):
        if hours < 0:
            raise CommandError("--hours must not be negative.")
        removed = purge_uploads(hours)
        for path in removed:
            self.stdout.write(f"deleted {path}")
        self.stdout.write(
            f"{len(removed)} upload(s) older than {hours:g} hours deleted from {UPLOAD_DIR}/."
        )
