"""Limits checked before any work is done on what a request sends (issue 10).

- Upload sizes per kind of upload (``settings.SHEGONG_MAX_UPLOAD_MB``: ``import`` for every
  file import, page and API; ``public_verify`` for the public bulk verification;
  ``evidence`` for the evidence of a continuing-education claim), checked on the uploaded
  file's size before it is read: :func:`upload_size_problem` and the validator
  :class:`MaxUploadSize` (for form, serializer and model fields alike).
- How far an XLSX file may unpack (``settings.SHEGONG_MAX_XLSX_UNPACKED_MB``) and how many
  rows a reader takes: ``core.tabular.read_table``.
- How deep a JSON body may nest: ``core.api.parsers.JSONParser``.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MB = 2**20


def max_upload_bytes(kind: str) -> int:
    """The largest upload of this kind, in bytes (``settings.SHEGONG_MAX_UPLOAD_MB[kind]``)."""
    return int(settings.SHEGONG_MAX_UPLOAD_MB[kind] * MB)


def megabytes(size: int) -> str:
    """A size for a message: ``12.3`` (MB, one decimal, rounded up so that a file just over a
    limit never reads as the limit itself)."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f}"


def upload_size_problem(size: int | None, kind: str) -> str | None:
    """The message refusing an upload of ``size`` bytes, or ``None`` when it is small enough."""
    limit = max_upload_bytes(kind)
    if size is None or size <= limit:
        return None
    return _("The file is %(size)s MB; at most %(limit)s MB can be uploaded here.") % {
        "size": megabytes(size),
        "limit": f"{settings.SHEGONG_MAX_UPLOAD_MB[kind]:g}",
    }


@deconstructible
class MaxUploadSize:
    """Refuses a newly uploaded file larger than the limit of ``kind``; a file already stored
    (an unchanged field on an edit) is not checked again."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, value):
        if getattr(value, "_committed", False):  # a stored FieldFile: not an upload
            return
        problem = upload_size_problem(getattr(value, "size", None), self.kind)
        if problem:
            raise ValidationError(problem, code="file_too_large")

    def __eq__(self, other):
        return isinstance(other, MaxUploadSize) and other.kind == self.kind
