"""``shegong import_pay_records FILE [--dry-run] [--as USERNAME] [--reason TEXT]`` (PAY-1).

Imports pay records (XLSX or CSV), all or nothing, through the import toolkit's command
(``core.importing.command.ImportCommand``): every problem is printed with its row and column
and the command exits non-zero; a dry run writes nothing. Without ``--as`` the import runs as
the system.
"""

from shegong.core.importing.command import ImportCommand
from shegong.workforce.imports import PAY_IMPORT


class Command(ImportCommand):
    help = "Import pay records from an XLSX or CSV file (all or nothing)."
    importer = PAY_IMPORT

    def imported(self, report, summary):
        return f"Imported {report.created} (batch {report.batch}): {summary}"
