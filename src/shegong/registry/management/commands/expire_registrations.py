"""``shegong expire_registrations [--on YYYY-MM-DD]``: the register's daily housekeeping.

Marks registrations whose period ended as expired, and lifts suspensions whose end date has
passed. Run it once a day shortly after midnight; the embedded mode has no Celery beat, so
schedule it with cron, e.g. ``5 0 * * * shegong expire_registrations``. With Celery, the task
``shegong.registry.expire_registrations`` (``registry/tasks.py``) does the same.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from shegong.core.context import acting
from shegong.registry.services import registrations


class Command(BaseCommand):
    help = "Expire registrations whose period ended and lift suspensions that ended."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="The day to run for (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        on = None
        if options.get("on"):
            try:
                on = date.fromisoformat(options["on"])
            except ValueError as exc:
                message = f"--on must be a date YYYY-MM-DD, not {options['on']!r}"
                raise CommandError(message) from exc
        with acting():
            expired = registrations.expire_registrations(on)
            lifted = registrations.lift_ended_suspensions(on)
        self.stdout.write(
            self.style.SUCCESS(f"{expired} registration(s) expired, {lifted} suspension(s) lifted.")
        )
