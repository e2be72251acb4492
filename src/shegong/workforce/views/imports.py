"""Upload pages of the pay (PAY-1) and social insurance (PAY-3) imports: the platform's import
page (``core.views.imports.ImportPage``: check with preview and every problem by row and
column, nothing written; confirm; all or nothing, inline for small files and as a background
job for large ones), one for each kind of file."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.forms import confirm_form
from shegong.core.views.imports import ImportPage, list_of_batch

from .. import imports
from ..forms import upload_form

ConfirmForm = confirm_form(
    gettext_lazy("Kept in the audit trail, e.g. the payroll month or the letter.")
)


def _page(kind, title, columns, list_url, file_label) -> ImportPage:
    return ImportPage.of(
        imports.DECLARATIONS[kind],
        session_key=f"workforce.import.{kind}",
        template="workforce/import.html",
        title=title,
        url_name=f"workforce:import_{kind}",
        upload_form=upload_form(file_label, columns),
        confirm_form=ConfirmForm,
        done=list_of_batch(list_url, lambda r: _("Imported %(n)d rows.") % {"n": r.created}),
        context=lambda report: {"list_url_name": list_url},
    )


PAGES = {
    "pay": _page(
        "pay",
        gettext_lazy("Import pay records"),
        imports.PAY_COLUMNS,
        "workforce:payrecord_list",
        gettext_lazy("Pay file (XLSX or CSV)"),
    ),
    "insurance": _page(
        "insurance",
        gettext_lazy("Import insurance contributions"),
        imports.INSURANCE_COLUMNS,
        "workforce:insurancecontribution_list",
        gettext_lazy("Insurance file (XLSX or CSV)"),
    ),
}
