"""Background tasks of the education module (Celery beat; the embedded mode runs
``shegong cpd_reminders`` from cron instead)."""

from celery import shared_task

from shegong.core.context import acting

from .services import create_reminders


@shared_task(name="shegong.education.cpd_reminders")
def cpd_reminders() -> int:
    """Reminders to people short of a yearly rule, before the year ends (daily)."""
    with acting():
        return create_reminders()
