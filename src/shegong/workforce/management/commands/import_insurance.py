"""``shegong import_insurance FILE [--dry-run] [--as USERNAME]`` (PAY-3): social insurance
contributions, all or nothing, like ``import_pay_records``."""

from .import_pay_records import Command as PayCommand


class Command(PayCommand):
    help = "Import social insurance contributions from an XLSX or CSV file (all or nothing)."
    kind = "insurance"
