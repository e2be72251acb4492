"""The bulk download (issue 14, point 7): a background job (``core.jobs``) writing a ZIP of the
release package and the record package of every public procurement, in chunks, with progress."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from shegong.core.jobs import job

from . import builders, records
from .jsonout import dumps
from .packaging import package_header, public_procurements

JOB = "ocds_bulk"
FILE_NAME = "ocds-1.1.5.zip"
CHUNK = 500


def _write_package(zf, name: str, header: dict, key: str, items) -> None:
    """``header`` with ``key`` holding ``items`` (an iterable of dicts), streamed."""
    head = dumps(header)[:-1]
    with zf.open(name, "w") as out:
        out.write(f'{head},"{key}":['.encode())
        for n, item in enumerate(items):
            out.write((b"," if n else b"") + dumps(item).encode())
        out.write(b"]}")


def _chunks():
    qs = public_procurements()
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last)[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


@job(JOB)
def write_bulk(runner, uri: str = "", release_url: str = ""):
    """Both packages of every public procurement (never a draft) as JSON in one ZIP."""
    total = public_procurements().count()
    if not total:
        # OCDS 1.1.5: a package holds at least one release (``minItems: 1``).
        raise ValueError(_("No procurement is published yet: there is nothing to download."))
    runner.progress(0, total * 2, force=True)
    done = 0

    def releases():
        nonlocal done
        for rows in _chunks():
            for p in rows:
                yield from builders.releases(p)
            done += len(rows)
            runner.progress(done)

    def recs():
        nonlocal done
        for rows in _chunks():
            for p in rows:
                url = f"{release_url}?ocid={builders.ocid(p.pk)}"
                yield records.record(builders.releases(p), url)
            done += len(rows)
            runner.progress(done)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        _write_package(
            zf, "release-package.json", package_header(uri, None), "releases", releases()
        )
        _write_package(zf, "record-package.json", package_header(uri, None), "records", recs())
    runner.progress(done, force=True)
    return FILE_NAME, buffer.getvalue()
