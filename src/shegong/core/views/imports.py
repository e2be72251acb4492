"""The upload page every file import shares: upload → check (a dry run, nothing written, the
first rows and every problem by row and column) → confirm → import, all or nothing, in the
request for small files and as a background job with a progress bar for large ones.

An app describes its import with :meth:`ImportPage.of` (its ``core.importing.Importer`` declaration
and the page's own parts) or an :class:`ImportPage` (the importer, the permission, the
forms, the template, the job) and routes a view to :meth:`ImportPage.view`. Used by the
examination results (REG-1), pay and insurance (PAY-1, PAY-3) and attendance (EDU-4) imports.
Their templates extend ``core/import_page.html`` and fill in only the link back, extra counts
and the preview's columns.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..jobs import start_job
from ..limits import upload_size_problem
from ..privacy import mask_field
from ..uploads import discard_upload, load_upload, store_upload

#: Problems listed on the page (the API and the commands list all of them).
ERRORS_SHOWN = 1000


@dataclass
class ImportPage:
    """One import's upload page.

    ``run(user, data, filename, *, dry_run=False, reason="")`` imports (or checks) a file and
    returns a report with ``ok``, ``errors``, ``total_rows`` and ``batch``;
    ``inline_rows()`` is the most rows imported in the request (read at each upload, so tests
    may lower it); ``done(request, report)`` says what was imported (a message) and answers
    with the page to go to. ``context(report)`` adds to the template's context (``report`` is
    ``None`` before a file is checked).
    """

    session_key: str
    template: str
    title: str
    url_name: str
    upload_form: Callable[..., forms.Form]
    confirm_form: type[forms.Form]
    may_import: Callable
    run: Callable
    inline_rows: Callable[[], int]
    job_kind: str
    job_title: str
    done: Callable
    job_params: dict = field(default_factory=dict)
    context: Callable[[object], dict] = lambda report: {}
    #: The model (``app_label.Model``) whose private fields the preview's columns of the same
    #: name show (every import is about people: ``national_id``, ``phone``, …). They are shown
    #: masked whoever imports, as in lists (issue 12, defect 7).
    preview_private: str = "people.Person"

    def masked_preview(self, rows) -> list[dict]:
        """The preview rows with every column named after a private field masked."""
        model = apps.get_model(self.preview_private)
        private = set(getattr(model, "PRIVATE_FIELDS", ()))
        return [
            {k: mask_field(model, k, v) if k in private else v for k, v in row.items()}
            for row in rows or ()
        ]

    @classmethod
    def of(cls, importer, **parts) -> ImportPage:
        """The page of a declared import (``core.importing.Importer``: its run, who may import,
        the threshold and the background job); ``parts``: the page's own fields."""
        return cls(
            run=importer.run,
            may_import=importer.may_import,
            inline_rows=importer.inline_rows,
            job_kind=importer.job_kind,
            job_title=importer.job_title,
            job_params=importer.job_params,
            **parts,
        )

    def render(self, request, upload_form, report=None, confirm_form=None, filename=""):
        errors = report.errors if report else []
        extra = self.context(report)
        preview = extra.get("preview") or (getattr(report, "preview", None) if report else None)
        extra["preview"] = self.masked_preview(preview)
        return render(
            request,
            self.template,
            {
                "title": self.title,
                "form": upload_form,
                "report": report,
                "errors": errors[:ERRORS_SHOWN],
                "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0),
                "confirm_form": confirm_form,
                "filename": filename,
                "background": bool(report and report.total_rows > self.inline_rows()),
                **extra,
            },
        )

    def forget(self, request) -> None:
        pending = request.session.pop(self.session_key, None)
        if pending:
            discard_upload(pending["path"])

    def view(self, request):
        if not self.may_import(request.user):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self.confirm(request)
        if request.method != "POST":
            return self.render(request, self.upload_form())
        form = self.upload_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form)
        upload = form.cleaned_data["file"]
        too_large = upload_size_problem(upload.size, "import")
        if too_large:  # checked before the file is read (issue 10)
            form.add_error("file", too_large)
            return self.render(request, form)
        data = upload.read()
        report = self.run(request.user, data, upload.name, dry_run=True)
        confirm_form = None
        if report.ok:
            self.forget(request)
            token = secrets.token_urlsafe(16)
            request.session[self.session_key] = {
                "token": token,
                "path": store_upload(data, upload.name),
                "filename": upload.name,
                "rows": report.total_rows,
            }
            confirm_form = self.confirm_form(initial={"token": token})
        return self.render(request, self.upload_form(), report, confirm_form, upload.name)

    def confirm(self, request):
        form = self.confirm_form(request.POST)
        pending = request.session.get(self.session_key)
        if not form.is_valid() or not pending or pending["token"] != form.cleaned_data["token"]:
            messages.error(request, _("This upload has expired. Upload the file again."))
            return redirect(self.url_name)
        del request.session[self.session_key]
        name = pending["filename"]
        reason = form.cleaned_data["reason"] or _("import of %(name)s") % {"name": name}
        if pending["rows"] > self.inline_rows():
            row = start_job(
                self.job_kind,
                request.user,
                {**self.job_params, "path": pending["path"], "filename": name, "reason": reason},
                self.job_title % {"name": name},
            )
            return redirect("core:job_detail", pk=row.pk)
        try:
            data = load_upload(pending["path"])
        except FileNotFoundError:
            messages.error(request, _("This upload has expired. Upload the file again."))
            return redirect(self.url_name)
        try:
            report = self.run(request.user, data, name, reason=reason)
        finally:
            discard_upload(pending["path"])
        if report.errors:  # the data changed between the check and the import
            return self.render(request, self.upload_form(), report, None, name)
        return self.done(request, report)

    def as_view(self):
        return login_required(self.view)


def list_of_batch(url_name: str, message: Callable) -> Callable:
    """A ``done`` that says ``message`` (formatted with the report) and opens the list of the
    records the import made."""

    def done(request, report):
        messages.success(request, message(report))
        return HttpResponseRedirect(reverse(url_name) + f"?import_batch={report.batch}")

    return done
