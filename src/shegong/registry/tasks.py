"""Background tasks of the register (Celery). The embedded mode has no beat: schedule
``shegong expire_registrations`` with cron instead (see the command's docstring).

With Celery beat::

    CELERY_BEAT_SCHEDULE = {
        "expire-registrations": {
            "task": "shegong.registry.expire_registrations",
            "schedule": crontab(hour=0, minute=5),
        },
    }
"""

from celery import shared_task

from shegong.core.context import acting

from .services import registrations


@shared_task(name="shegong.registry.expire_registrations")
def expire_registrations() -> dict:
    """Expire ended registrations and lift ended suspensions (daily)."""
    with acting():
        return {
            "expired": registrations.expire_registrations(),
            "lifted": registrations.lift_ended_suspensions(),
        }
