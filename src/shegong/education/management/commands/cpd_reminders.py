"""``shegong cpd_reminders [--on YYYY-MM-DD] [--force]`` (EDU-2), daily.

From ``education.reminder_days_before_year_end`` days before 31 December, writes a reminder
for everyone short of a yearly continuing-education rule (once per person, rule and year);
earlier in the year it does nothing unless ``--force``. With Celery beat the task
``shegong.education.cpd_reminders`` does the same; the embedded mode schedules this command
with cron.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from shegong.core.context import acting
from shegong.education.services import create_reminders


class Command(BaseCommand):
    help = "Write continuing-education reminders before the year ends (daily)."

    def add_arguments(self, parser):
        parser.add_argument("--on", default="", help="the day to run as (default: today)")
        parser.add_argument("--force", action="store_true", help="also before the window opens")

    def handle(self, *args, on, force, **options):
        try:
            day = date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError(f"Not a date: {on!r} (write 2026-11-30).") from None
        with acting():
            count = create_reminders(day, force=force)
        self.stdout.write(f"Reminders written: {count}")
