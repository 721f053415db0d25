"""The Celery app. Broker: REDIS_URL. Without REDIS_URL, tasks run eagerly (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reisgids.settings")

app = Celery("reisgids")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
