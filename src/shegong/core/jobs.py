"""Background jobs: one wrapper with a stored :class:`~shegong.core.models.Job` row.

A job kind is a function registered with :func:`job`; :func:`start_job` stores the row and
either queues it on Celery (when ``CELERY_BROKER_URL`` is set) or, without a broker, hands it
to a small pool of background threads of the web process once the transaction commits, so the
request that started it answers at once with the job's progress page (ADR 0043).
``JOBS_RUN_IN_REQUEST`` runs it inside the request instead (the tests: deterministic). The
function reports progress with ``job.progress(done, total)`` and returns the result file as
``(name, bytes)`` or ``None``. The UI polls the row and shows a progress bar and, when done,
a download link; errors are kept on the row.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .context import acting, correlation_id
from .models import Job, JobStatus

log = logging.getLogger(__name__)

_HANDLERS: dict[str, Callable] = {}

#: Jobs run at once by one web process without a broker; more wait their turn (pending).
THREADS = 2
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_submitted: set[Future] = set()


def job(kind: str):
    """Register a job function ``fn(job: JobRunner, **params) -> (name, bytes) | None``."""

    def register(fn):
        _HANDLERS[kind] = fn
        return fn

    return register


class JobRunner:
    """What a job function sees: the stored row, the acting user, and a progress reporter."""

    PROGRESS_EVERY = 0.5  # seconds between progress writes

    def __init__(self, row: Job):
        self.row = row
        self.user = row.created_by
        self._last = 0.0

    def progress(self, done: int, total: int | None = None, force: bool = False) -> None:
        now = timezone.now().timestamp()
        if total is not None:
            self.row.total = total
        self.row.done = done
        if force or now - self._last >= self.PROGRESS_EVERY:
            try:
                Job.objects.filter(pk=self.row.pk).update(done=done, total=self.row.total)
            except OperationalError:
                # The database is busy (SQLite's lock while a request reads the job): progress
                # is a hint for the page, so the job goes on and the next report writes it.
                log.info("job %s: progress not written, the database is busy", self.row.pk)
                return
            self._last = now


def start_job(kind: str, user, params: dict, title: str) -> Job:
    if kind not in _HANDLERS:
        raise KeyError(f"unknown job kind {kind!r}")
    row = Job.objects.create(
        kind=kind,
        title=title[:200],
        params=params,
        created_by=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        correlation_id=correlation_id(),
    )
    if settings.CELERY_BROKER_URL:
        transaction.on_commit(lambda: run_job_task.delay(row.pk))
    elif settings.JOBS_RUN_IN_REQUEST:
        run_job(row.pk)
        row.refresh_from_db()
    else:
        # After the commit: the thread's own connection must see the row (and nothing of a
        # request that failed). The request answers now; the job page polls the row.
        transaction.on_commit(lambda: run_in_thread(row.pk))
    return row


def run_in_thread(job_id: int) -> Future:
    """Run a stored job in the web process's job threads (no broker configured)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # Not daemon threads: at a normal exit the interpreter waits for running jobs.
            _pool = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="shegong-job")
        future = _pool.submit(_run_and_close, job_id)
        _submitted.add(future)
    future.add_done_callback(_submitted.discard)
    return future


def wait_for_threads(timeout: float | None = None) -> bool:
    """Wait until the jobs handed to this process's threads have finished; whether they all
    did within ``timeout`` seconds (tests, and anyone who must not stop a job half-way)."""
    with _pool_lock:
        pending = set(_submitted)
    return not wait(pending, timeout=timeout).not_done


#: How often a job thread tries to start its job when the database is busy (SQLite answers
#: "database is locked" while another connection writes), and the longest pause between tries.
START_ATTEMPTS = 20
START_PAUSE_MAX = 1.0


def _pause(attempt: int) -> None:
    """Wait before the next try at a busy database: 50 ms, doubling, at most START_PAUSE_MAX."""
    time.sleep(min(START_PAUSE_MAX, 0.05 * 2**attempt))


def _run_and_close(job_id: int) -> None:
    """Run a job in a pool thread. A database that is busy when the thread starts (SQLite's
    lock while the request that queued the job, or another, still writes) is tried again with
    growing pauses, never left as a job "waiting" for ever; a job that cannot be run at all is
    marked failed, with the reason, for its owner to see."""
    try:
        for attempt in range(START_ATTEMPTS):
            try:
                run_job(job_id)
                if (
                    attempt == 0
                    or not Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists()
                ):
                    return
                # An earlier try got as far as running the job and then failed to write its
                # end: its outcome is unknown, so it is failed below, not left "running".
                break
            except OperationalError as exc:  # busy: the row is unchanged, run_job may try again
                error = exc
                connections.close_all()
                _pause(attempt)
            except Exception as exc:  # noqa: BLE001 - the row could not be read or written
                error = exc
                break
        log.error("job %s could not run: %s", job_id, error)
        _mark_failed(job_id, error)
    finally:
        # The thread keeps living in the pool: give its connection back now.
        connections.close_all()


def _mark_failed(job_id: int, error: Exception) -> None:
    """A job its thread could not run is failed (if it was still waiting or running), so the
    progress page stops polling and says why instead of showing "waiting" for ever."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The job could not be run: %(error)s") % {"error": error}
    try:
        Job.objects.filter(pk=job_id, status__in=[JobStatus.PENDING, JobStatus.RUNNING]).update(
            status=JobStatus.FAILED, errors=[message], finished_at=timezone.now()
        )
    except Exception:  # noqa: BLE001 - the database itself is gone: the log is all there is
        log.exception("job %s could not be marked failed", job_id)


def run_job(job_id: int) -> None:
    """Run one stored job (in the worker, or inline). Never raises: failures go on the row."""
    row = Job.objects.select_related("created_by").get(pk=job_id)
    if row.status != JobStatus.PENDING:
        return
    Job.objects.filter(pk=row.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    runner = JobRunner(row)
    with acting(row.correlation_id), translation.override(row.language):
        try:
            result = _HANDLERS[row.kind](runner, **row.params)
        except Exception as exc:  # noqa: BLE001 - a job's failure is shown to its owner
            log.exception("job %s failed", row.pk)
            error = str(exc)

            def fail():
                row.refresh_from_db()
                row.status = JobStatus.FAILED
                row.errors = [*row.errors, error]
                row.finished_at = timezone.now()
                row.save(update_fields=["status", "errors", "finished_at"])

            _while_busy(fail)
            return

    def finish():
        row.refresh_from_db()
        if result is not None:
            name, content = result
            row.result_name = name
            row.result_file.save(name, ContentFile(content), save=False)
        row.status = JobStatus.DONE
        row.done = row.total = max(runner.row.total, runner.row.done)
        row.finished_at = timezone.now()
        row.save()

    _while_busy(finish)


def _while_busy(write: Callable[[], None]) -> None:
    """Write a job's end, trying again while the database is busy (SQLite answers "database
    table is locked" at once in shared-cache mode): the work is done and must not be lost to
    a lock held for a moment by a request reading the job's page."""
    for attempt in range(START_ATTEMPTS):
        try:
            write()
            return
        except OperationalError:
            if attempt == START_ATTEMPTS - 1:
                raise
            _pause(attempt)


@shared_task(name="shegong.run_job")
def run_job_task(job_id: int) -> None:
    run_job(job_id)
