"""Examination pages (REG-1, REG-2): sessions (generic views), the import of results, and the
correction of a stored result.

The import is two steps. The upload is checked as a dry run and shown as a preview (the first
rows, what would be created, every problem by row and column); nothing is written. If the file
is clean, the user confirms and the import runs: inline for small files, as a background job
with a progress bar for large ones. Either way it is all or nothing.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.forms import confirm_form
from shegong.core.views import (
    RecordActionView,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)
from shegong.core.views.imports import ImportPage, list_of_batch

from ..choices import Level
from ..forms.exams import CorrectResultForm, UploadForm
from ..imports import EXAM_IMPORT
from ..models import ExamResult, ExamSession
from ..services import exams

SESSION_KEY = "registry.exam_import"

STATUS_LABELS = {
    "new_person": gettext_lazy("new person and result"),
    "new_result": gettext_lazy("new result"),
    "unchanged": gettext_lazy("unchanged (already imported)"),
}


ConfirmForm = confirm_form(
    gettext_lazy("Kept in the audit trail, e.g. the letter the results came with.")
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


def _imported(report) -> str:
    return _("Imported %(results)d results (%(people)d new people, %(unchanged)d unchanged).") % {
        "results": report.created_results,
        "people": report.created_people,
        "unchanged": report.unchanged,
    }


#: REG-1: upload → preview (dry run) → confirm → import (inline or as a background job).
IMPORT_PAGE = ImportPage.of(
    EXAM_IMPORT,
    session_key=SESSION_KEY,
    template="registry/exams/import.html",
    title=gettext_lazy("Import examination results"),
    url_name="registry:examresult_import",
    upload_form=UploadForm,
    confirm_form=ConfirmForm,
    done=list_of_batch("registry:examresult_list", _imported),
    context=lambda report: {"preview": _preview_rows(report) if report else []},
)
import_results = IMPORT_PAGE.as_view()


# --- Correcting a stored result ------------------------------------------------------------


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
