"""Celery tasks of the framework layer (found by ``autodiscover_tasks``)."""

from .jobs import run_job_task

__all__ = ["run_job_task"]
