"""Examination pages (REG-1, REG-2): sessions (generic views), the import of results, and the
correction of a stored result.

The import is two steps. The upload is checked as a dry run and shown as a preview (the first
rows, what would be created, every problem by row and column); nothing is written. If the file
is clean, the user confirms and the import runs: inline for small files, as a background job
with a progress bar for large ones. Either way it is all or nothing.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.forms import StyledForm
from shegong.core.jobs import start_job
from shegong.core.views import (
    RecordActionView,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)

from .. import imports
from ..choices import Level
from ..imports import (
    TEMPLATE_HELP,
    discard_upload,
    import_exam_file,
    load_upload,
    store_upload,
)
from ..models import ExamResult, ExamSession
from ..services import exams

#: Problems listed on the page (all of them are in the API and the command's output).
ERRORS_SHOWN = 1000
SESSION_KEY = "registry.exam_import"

STATUS_LABELS = {
    "new_person": gettext_lazy("new person and result"),
    "new_result": gettext_lazy("new result"),
    "unchanged": gettext_lazy("unchanged (already imported)"),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Results file (XLSX or CSV)"), help_text=TEMPLATE_HELP
    )


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Kept in the audit trail, e.g. the letter the results came with."),
    )


def _preview_rows(report):
    rows = []
    for row in report.preview:
        rows.append(
            {
                **row,
                "level": Level(row["level"]).label,
                "status": STATUS_LABELS[row["status"]],
            }
        )
    return rows


def _render(request, upload_form, report=None, confirm_form=None, filename=""):
    errors = report.errors if report else []
    return render(
        request,
        "registry/exams/import.html",
        {
            "title": _("Import examination results"),
            "form": upload_form,
            "report": report,
            "preview": _preview_rows(report) if report else [],
            "errors": errors[:ERRORS_SHOWN],
            "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0),
            "confirm_form": confirm_form,
            "filename": filename,
            "background": bool(report and report.total_rows > imports.INLINE_ROWS),
        },
    )


@login_required
def import_results(request):
    """Upload → preview (dry run) → confirm → import (inline or as a background job)."""
    if not exams.can_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method != "POST":
        return _render(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    report = import_exam_file(request.user, data, upload.name, dry_run=True)
    confirm_form = None
    if report.ok:
        _forget(request)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "path": store_upload(data, upload.name),
            "filename": upload.name,
            "rows": report.total_rows,
        }
        confirm_form = ConfirmForm(initial={"token": token})
    return _render(request, UploadForm(), report, confirm_form, upload.name)


def _forget(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        discard_upload(pending["path"])


def _confirm(request):
    form = ConfirmForm(request.POST)
    pending = request.session.get(SESSION_KEY)
    if not form.is_valid() or not pending or pending["token"] != form.cleaned_data["token"]:
        messages.error(request, _("This upload has expired. Upload the file again."))
        return redirect("registry:examresult_import")
    del request.session[SESSION_KEY]
    reason = form.cleaned_data["reason"] or _("import of %(name)s") % {"name": pending["filename"]}
    if pending["rows"] > imports.INLINE_ROWS:
        row = start_job(
            "import_exam_results",
            request.user,
            {"path": pending["path"], "filename": pending["filename"], "reason": reason},
            _("Import of examination results: %(name)s") % {"name": pending["filename"]},
        )
        return redirect("core:job_detail", pk=row.pk)
    try:
        data = load_upload(pending["path"])
    except FileNotFoundError:
        messages.error(request, _("This upload has expired. Upload the file again."))
        return redirect("registry:examresult_import")
    try:
        report = import_exam_file(request.user, data, pending["filename"], reason=reason)
    finally:
        discard_upload(pending["path"])
    if report.errors:  # the register changed between the preview and the import
        return _render(request, UploadForm(), report, None, pending["filename"])
    messages.success(
        request,
        _("Imported %(results)d results (%(people)d new people, %(unchanged)d unchanged).")
        % {
            "results": report.created_results,
            "people": report.created_people,
            "unchanged": report.unchanged,
        },
    )
    return HttpResponseRedirect(
        reverse("registry:examresult_list") + f"?import_batch={report.batch}"
    )


# --- Correcting a stored result ------------------------------------------------------------


class CorrectResultForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(
        label=gettext_lazy("Score"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        help_text=gettext_lazy("Empty when the file gave no score."),
    )
    passed = forms.BooleanField(label=gettext_lazy("Passed"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept in the audit trail, e.g. the examination authority's letter of correction."
        ),
    )


class CorrectResultView(RecordActionView):
    """REG-2: an issuer corrects a stored result (score, pass mark) with a reason."""

    model = ExamResult
    form_class = CorrectResultForm
    title = gettext_lazy("Correct the result")
    submit_label = gettext_lazy("Save the correction")
    success_message = gettext_lazy("Corrected: %(name)s")

    def get_initial(self):
        result = self.object
        return {"version": result.version, "score": result.score, "passed": result.passed}

    def notes(self):
        result = self.object
        notes = [
            _("Stored: %(passed)s, score %(score)s (import batch %(batch)s).")
            % {
                "passed": _("passed") if result.passed else _("not passed"),
                "score": "—" if result.score is None else result.score,
                "batch": result.import_batch or "—",
            }
        ]
        certificate = exams.issued_certificate(result)
        if certificate is not None:
            notes.append(
                _(
                    "Certificate %(number)s was issued for this result: recall it first, then "
                    "correct the result."
                )
                % {"number": certificate.number}
            )
        return notes

    def perform(self, form):
        data = form.cleaned_data
        return exams.correct_result(
            self.request.user,
            self.object,
            score=data["score"],
            passed=data["passed"],
            reason=data["reason"],
            expected_version=data["version"],
        )


urlpatterns = [
    path("examresults/import/", import_results, name="examresult_import"),
    path("examresults/<int:pk>/correct/", CorrectResultView.as_view(), name="examresult_correct"),
    *model_urls(
        ExamSession,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            RecordCreateView,
            {"fields": ("year", "level", "exam_date"), "create_service": exams.create_session},
        ),
        edit=(
            RecordUpdateView,
            {"fields": ("exam_date",), "update_service": exams.update_session},
        ),
    ),
]
