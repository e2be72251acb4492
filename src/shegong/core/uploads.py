"""Uploaded files kept between an import's preview and its confirmation (or its background
job): stored under :data:`UPLOAD_DIR` in the default storage, read and deleted by the import,
and purged when abandoned. Every file import (exam results, pay, insurance, attendance) uses
this one store."""

from __future__ import annotations

import io
import logging
import uuid
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job

log = logging.getLogger(__name__)

#: Uploads are kept here between the preview and the import.
UPLOAD_DIR = "imports/uploads"
#: Uploads kept longer than this (a preview never confirmed) are deleted.
UPLOAD_MAX_AGE_HOURS = 24


def store_upload(data: bytes, filename: str) -> str:
    """Keep an uploaded file for the confirm step (or a background job); returns its path.

    Uploads abandoned between the preview and the confirmation (older than
    :data:`UPLOAD_MAX_AGE_HOURS`) are deleted first."""
    try:
        purge_uploads()
    except OSError:  # never lose the new upload because an old one could not be deleted
        log.exception("could not purge old import uploads")
    suffix = ".xlsx" if data.startswith(b"PK") else ".csv"
    name = f"{UPLOAD_DIR}/{timezone.now():%Y%m%d}-{uuid.uuid4().hex}{suffix}"
    return default_storage.save(name, io.BytesIO(data))


def load_upload(path: str) -> bytes:
    if not path.startswith(UPLOAD_DIR + "/") or ".." in path:
        raise FileNotFoundError(path)
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def discard_upload(path: str) -> None:
    if path.startswith(UPLOAD_DIR + "/") and ".." not in path:
        default_storage.delete(path)


def purge_uploads(hours: float = UPLOAD_MAX_AGE_HOURS, now=None) -> list[str]:
    """Delete uploads older than ``hours`` (previews never confirmed); returns their paths.

    A confirmed upload is deleted by its import; a background job reads its file within
    seconds of being queued, so a day is far longer than any upload is legitimately kept."""
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    try:
        _folders, names = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return []
    removed = []
    for name in sorted(names):
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) >= cutoff:
                continue
            default_storage.delete(path)
        except FileNotFoundError:  # deleted meanwhile by its import or another purge
            continue
        removed.append(path)
    return removed


class ImportRefused(Exception):
    """A background import found problems and wrote nothing (they are on the job row)."""


def import_upload(runner, run, path: str, filename: str = "", reason: str = "", **options):
    """A file import as a background job: ``run(user, data, filename, reason=…, **options)``
    on the upload kept at ``path`` (deleted whatever happens). Problems go on the job row and
    fail the job (nothing was written); otherwise the report is returned."""
    try:
        report = run(runner.user, load_upload(path), filename, reason=reason, **options)
    finally:
        discard_upload(path)
    if report.errors:
        Job.objects.filter(pk=runner.row.pk).update(errors=[str(e) for e in report.errors])
        raise ImportRefused(
            _("Nothing was imported: %(n)d problem(s) found.") % {"n": len(report.errors)}
        )
    return report
