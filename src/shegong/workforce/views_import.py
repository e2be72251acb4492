"""Upload pages of the pay (PAY-1) and social insurance (PAY-3) imports, in two steps like the
examination import: the file is checked as a dry run and shown (the first rows and every
problem by row and column) with nothing written; once it is clean the user confirms, and it is
imported all or nothing, inline for small files and as a background job with a progress bar
for large ones."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.jobs import start_job
from shegong.registry.imports import discard_upload, load_upload, store_upload

from . import imports

ERRORS_SHOWN = 1000


@dataclass(frozen=True)
class Kind:
    title: str
    job_title: str
    columns: tuple
    list_url: str
    file_label: str


KINDS = {
    "pay": Kind(
        gettext_lazy("Import pay records"),
        gettext_lazy("Import of pay records: %(name)s"),
        imports.PAY_COLUMNS,
        "workforce:payrecord_list",
        gettext_lazy("Pay file (XLSX or CSV)"),
    ),
    "insurance": Kind(
        gettext_lazy("Import insurance contributions"),
        gettext_lazy("Import of insurance contributions: %(name)s"),
        imports.INSURANCE_COLUMNS,
        "workforce:insurancecontribution_list",
        gettext_lazy("Insurance file (XLSX or CSV)"),
    ),
}


class UploadForm(forms.Form):
    file = forms.FileField()

    def __init__(self, *args, kind: Kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = kind.file_label
        self.fields["file"].help_text = _("Columns: %(columns)s.") % {
            "columns": imports.column_help(kind.columns)
        }


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Kept in the audit trail, e.g. the payroll month or the letter."),
    )


def _session_key(kind: str) -> str:
    return f"workforce.import.{kind}"


def _render(request, kind, upload_form, report=None, confirm_form=None, filename=""):
    errors = report.errors if report else []
    return render(
        request,
        "workforce/import.html",
        {
            "title": KINDS[kind].title,
            "kind": kind,
            "list_url": reverse(KINDS[kind].list_url),
            "form": upload_form,
            "report": report,
            "errors": errors[:ERRORS_SHOWN],
            "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0),
            "confirm_form": confirm_form,
            "filename": filename,
            "background": bool(report and report.total_rows > imports.INLINE_ROWS),
        },
    )


def _forget(request, kind) -> None:
    pending = request.session.pop(_session_key(kind), None)
    if pending:
        discard_upload(pending["path"])


@login_required
def import_file(request, kind: str):
    """Upload → preview (dry run) → confirm → import."""
    if kind not in KINDS:
        raise Http404
    if not imports.can_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, kind)
    if request.method != "POST":
        return _render(request, kind, UploadForm(kind=KINDS[kind]))
    form = UploadForm(request.POST, request.FILES, kind=KINDS[kind])
    if not form.is_valid():
        return _render(request, kind, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    report = imports.IMPORTERS[kind](request.user, data, upload.name, dry_run=True)
    confirm_form = None
    if report.ok:
        _forget(request, kind)
        token = secrets.token_urlsafe(16)
        request.session[_session_key(kind)] = {
            "token": token,
            "path": store_upload(data, upload.name),
            "filename": upload.name,
            "rows": report.total_rows,
        }
        confirm_form = ConfirmForm(initial={"token": token})
    return _render(request, kind, UploadForm(kind=KINDS[kind]), report, confirm_form, upload.name)


def _confirm(request, kind):
    form = ConfirmForm(request.POST)
    pending = request.session.get(_session_key(kind))
    here = reverse(f"workforce:import_{kind}")
    if not form.is_valid() or not pending or pending["token"] != form.cleaned_data["token"]:
        messages.error(request, _("This upload has expired. Upload the file again."))
        return redirect(here)
    del request.session[_session_key(kind)]
    reason = form.cleaned_data["reason"] or _("import of %(name)s") % {"name": pending["filename"]}
    if pending["rows"] > imports.INLINE_ROWS:
        row = start_job(
            "import_pay_file",
            request.user,
            {
                "kind": kind,
                "path": pending["path"],
                "filename": pending["filename"],
                "reason": reason,
            },
            KINDS[kind].job_title % {"name": pending["filename"]},
        )
        return redirect("core:job_detail", pk=row.pk)
    try:
        data = load_upload(pending["path"])
    except FileNotFoundError:
        messages.error(request, _("This upload has expired. Upload the file again."))
        return redirect(here)
    try:
        report = imports.IMPORTERS[kind](request.user, data, pending["filename"], reason=reason)
    finally:
        discard_upload(pending["path"])
    if report.errors:  # the data changed between the preview and the import
        return _render(
            request, kind, UploadForm(kind=KINDS[kind]), report, None, pending["filename"]
        )
    messages.success(request, _("Imported %(n)d rows.") % {"n": report.created})
    return HttpResponseRedirect(reverse(KINDS[kind].list_url) + f"?import_batch={report.batch}")
