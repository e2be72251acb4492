"""Shegong: the platform on which a city runs its social work system."""

from .celery import app as celery_app

__all__ = ["celery_app"]
