"""Celery application. Used only when ``CELERY_BROKER_URL`` is set; otherwise jobs run inline."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")

app = Celery("shegong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
