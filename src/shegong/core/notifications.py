"""Notifications (issue 12): when a new row enters a work queue (``core.workbench``), the
users whose workbench now shows it get a notification in the site and, where they have an
e-mail address, an e-mail — after the transaction commits, so a refused request tells no one.

A queue opts in by naming its ``model`` and ``recipients(obj)``: the candidate users (for
instance everyone holding a deciding role). Of those, only users for whom ``queue.query(user)``
holds the row are notified, so scope and separation of duties are the queue's own rules: a
registrar of another district, or whoever filed the request, is never told to decide it.
``core.services.create_record`` calls :func:`announce` for every new row.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notification
from .workbench import QUEUES, Queue

log = logging.getLogger(__name__)


def announce(obj) -> None:
    """Notify, after commit, whoever now finds ``obj`` in one of their work queues."""
    queues = [q for q in QUEUES.values() if q.model is type(obj) and q.recipients is not None]
    for queue in queues:
        transaction.on_commit(lambda q=queue: notify_queue(q, obj), robust=True)


def notify_queue(queue: Queue, obj) -> list[Notification]:
    """The notifications of ``obj`` entering ``queue``, one per user whose queue holds it."""
    users = [
        user
        for user in queue.recipients(obj)
        if user.is_active and queue.query(user).filter(pk=obj.pk).exists()
    ]
    with translation.override(settings.LANGUAGE_CODE):
        text = queue.describe(obj) if queue.describe else str(obj)
        title = _("%(queue)s: %(item)s") % {"queue": queue.label, "item": text}
    return notify(users, title, obj.get_absolute_url(), kind=queue.key)


def notify(users, title: str, url: str = "", *, kind: str = "") -> list[Notification]:
    """One notification per user, and an e-mail to those with an address."""
    created = Notification.objects.bulk_create(
        [Notification(user=user, title=title[:300], url=url, kind=kind) for user in users]
    )
    link = f"{settings.PUBLIC_URL.rstrip('/')}{url}" if url else ""
    for user in users:
        if not user.email:
            continue
        try:
            send_mail(title, f"{title}\n\n{link}".strip(), None, [user.email])
        except OSError:  # the site's notice stands; a mail server that is down is logged
            log.exception("notification e-mail to user %s failed", user.pk)
    return created


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
