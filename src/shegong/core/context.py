"""Who is acting and under which correlation id, for code that has no request at hand.

The middleware sets both for a web request; jobs and management commands set them with
:func:`acting`. Audit records read them.
"""

import contextvars
import uuid
from contextlib import contextmanager

_correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "shegong_correlation_id", default=None
)


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def correlation_id() -> str:
    value = _correlation_id.get()
    if value is None:
        value = new_correlation_id()
        _correlation_id.set(value)
    return value


@contextmanager
def acting(cid: str | None = None):
    """Run a block (a job, a command) under one correlation id."""
    token = _correlation_id.set(cid or new_correlation_id())
    try:
        yield _correlation_id.get()
    finally:
        _correlation_id.reset(token)
