"""``shegong import_exam_results FILE [--dry-run] [--as USERNAME] [--reason TEXT]`` (REG-2).

Imports a results file (XLSX or CSV) from the examination authority, all or nothing, through
the import toolkit's command (``core.importing.command.ImportCommand``). Every problem is
printed with its row and column, and the command exits non-zero; a dry run reports what would
be created without writing. Without ``--as`` the import runs as the system.
"""

from shegong.core.importing.command import ImportCommand
from shegong.registry.imports import EXAM_IMPORT


class Command(ImportCommand):
    help = "Import examination results from an XLSX or CSV file (all or nothing)."
    importer = EXAM_IMPORT
