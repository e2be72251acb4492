"""What a person signing in is told about the lockout before and when it happens (issue 12).

django-axes counts failed sign-ins per user name and client address (``AXES_LOCKOUT_PARAMETERS``)
and locks after ``AXES_FAILURE_LIMIT`` of them for ``AXES_COOLOFF_TIME``; every failure during
the lock starts the cool-off again (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``). This
module reads the same count, so the warning and the lock agree.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.utils import timezone
from django.utils.translation import ngettext

#: The warning shows on the last attempts: when this many or fewer are left.
WARN_FROM = 2


def cool_off_minutes(request) -> int:
    cool_off = get_cool_off(request) or timedelta(0)
    return max(1, math.ceil(cool_off.total_seconds() / 60))


def attempts_left(request, username: str) -> int:
    """Failed sign-ins still allowed for ``username`` from this client before the lock."""
    credentials = {"username": username}
    AxesProxyHandler.update_request(request)
    failures = AxesProxyHandler.get_failures(request, credentials)
    return get_failure_limit(request, credentials) - failures


def duration_text(minutes: int) -> str:
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def warning(request, left: int) -> str:
    """``left`` attempts remain: what happens if they fail too."""
    return ngettext(
        "%(count)d attempt left. If it fails too, sign-in is locked for %(duration)s.",
        "%(count)d attempts left. If they fail too, sign-in is locked for %(duration)s.",
        left,
    ) % {"count": left, "duration": duration_text(cool_off_minutes(request))}


def lock_ends(request) -> tuple[int, datetime]:
    """The lock's length in minutes and when it ends: a cool-off after this attempt (every
    attempt during a lock starts it again)."""
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    return cool_off_minutes(request), attempt_time + (get_cool_off(request) or timedelta(0))
