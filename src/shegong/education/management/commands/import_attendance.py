"""``shegong import_attendance FILE [--dry-run] [--as USERNAME] [--reason TEXT]`` (EDU-4).

Imports a training provider's attendance file (XLSX or CSV), all or nothing, through the
import toolkit's command (``core.importing.command.ImportCommand``). Every problem is printed
with its row and column and the command exits non-zero; a dry run reports what would be
written. Without ``--as`` the import runs as the system.
"""

from shegong.core.importing.command import ImportCommand
from shegong.education.imports import ATTENDANCE_IMPORT


class Command(ImportCommand):
    help = "Import attendance of course sessions from an XLSX or CSV file (all or nothing)."
    importer = ATTENDANCE_IMPORT

    def checked(self, report, summary):
        return f"Dry run, nothing written. Would record {report.total_rows} attendance(s)."

    def imported(self, report, summary):
        return f"Recorded {report.created} attendance(s) (batch {report.batch})."
