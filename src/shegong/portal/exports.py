"""Bulk verification of the public register (REG-5) as a spreadsheet: the XLSX of results
and the background job for large files (``public_verify``). Imported at start-up
(``ShegongAppConfig.registering_modules``) so that Celery workers know the job."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from shegong.core.jobs import job
from shegong.core.spreadsheets import xlsx_row
from shegong.registry.services import public


def verify_in_chunks(numbers: list[str], progress=None) -> list[dict]:
    """``public.verify_numbers`` over any count, :data:`public.BULK_MAX` at a time."""
    results: list[dict] = []
    for start in range(0, len(numbers), public.BULK_MAX):
        results.extend(public.verify_numbers(numbers[start : start + public.BULK_MAX]))
        if progress is not None:
            progress(len(results))
    return results


def sanctions_text(sanctions: list[dict]) -> str:
    parts = []
    for s in sanctions:
        until = s["until"].isoformat() if s["until"] else _("until further notice")
        parts.append(f"{s['sanction']['label']} ({s['from'].isoformat()} – {until})")
    return "; ".join(parts)


def kind_label(kind: str | None) -> str:
    return {"registration": _("register number"), "certificate": _("certificate number")}.get(
        kind or "", ""
    )


def result_rows(results: list[dict]):
    yield [
        _("Number"),
        _("Found"),
        _("Kind"),
        pgettext("person", "Name"),
        pgettext("qualification", "Level"),
        _("Register number"),
        _("Status"),
        _("Valid until"),
        _("Sanctions in force"),
    ]
    for r in results:
        yield [
            r["number"],
            _("yes")
            if r["found"]
            else (_("no") if r.get("well_formed", True) else public.format_problem()),
            kind_label(r["kind"]),
            r["name"] or "",
            r["level"]["label"] if r["level"] else "",
            r["register_number"] or "",
            r["status"]["label"] if r["status"] else "",
            r["valid_until"].isoformat() if r["valid_until"] else "",
            sanctions_text(r["sanctions"]),
        ]


def results_xlsx(results: list[dict]) -> tuple[str, bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Verification")[:31])
    for row in result_rows(results):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"register-verification-{stamp}.xlsx", buffer.getvalue()


@job("public_verify")
def verify_job(runner, numbers: list[str]):
    runner.progress(0, len(numbers), force=True)
    results = verify_in_chunks(numbers, progress=runner.progress)
    return results_xlsx(results)
