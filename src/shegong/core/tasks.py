"""Celery tasks of the framework layer (found by ``autodiscover_tasks``)."""

from celery import shared_task

from . import audit
from .jobs import run_job_task

__all__ = ["audit_checkpoint", "run_job_task"]


@shared_task(name="shegong.core.audit_checkpoint")
def audit_checkpoint() -> dict:
    """Sign the audit chains' heads into the checkpoint file (issue 10; hourly, beat)."""
    entry = audit.checkpoint("schedule")
    return {"chains": len(entry["heads"]), "kid": entry["kid"], "time": entry["time"]}
