"""A frozen clock for tests whose branch depends on the day (issue 11, point 5).

``frozen_clock(date(2026, 6, 1))`` makes ``django.utils.timezone.now()`` return noon of that
day in the current time zone, and so ``timezone.localdate()`` that day, for everything that
calls them through the module (``from django.utils import timezone``; ``timezone.now()``),
which is how Shegong's code reads the time. No dependency: ``unittest.mock.patch``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock

from django.utils import timezone


@contextmanager
def frozen_clock(on: date | datetime) -> Iterator[datetime]:
    """``timezone.now()`` is ``on`` (a date: noon local time) inside the block."""
    if not isinstance(on, datetime):
        on = datetime.combine(on, time(12, 0))
    if timezone.is_naive(on):
        on = timezone.make_aware(on)
    with mock.patch("django.utils.timezone.now", return_value=on):
        yield on
