"""``shegong import_insurance FILE [--dry-run] [--as USERNAME] [--reason TEXT]`` (PAY-3):
social insurance contributions, all or nothing, like ``import_pay_records``."""

from shegong.workforce.imports import INSURANCE_IMPORT

from .import_pay_records import Command as PayCommand


class Command(PayCommand):
    help = "Import social insurance contributions from an XLSX or CSV file (all or nothing)."
    importer = INSURANCE_IMPORT
