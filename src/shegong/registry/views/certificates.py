"""Certificates (REG-2, REG-4): issue one or in bulk, the PDF, recall, recall requests.

Every write calls ``registry.services.certificates``; every read goes through ``restrict``.
A record the user may not view is a 404; one they see but may not change is a 403.
"""

from __future__ import annotations

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core import workflow
from shegong.core.filtersets import RecordFilterSet
from shegong.core.jobs import start_job
from shegong.core.permissions import can, can_any, restrict
from shegong.core.tables import RecordTable
from shegong.core.views import RecordDetailView, RecordListView
from shegong.core.views.generic import apply_validation_error, get_restricted_or_404

from .. import pdf
from ..choices import CertificateStatus, RecallStatus
from ..forms.certificates import BulkIssueForm, DecideForm, IssueForm, RecallForm
from ..models import Certificate, RecallRequest
from ..services import certificates as service

# --- Forms ---------------------------------------------------------------------------------


# --- Issue -----------------------------------------------------------------------------------


def _require_issuer(user) -> None:
    if not can_any(user, "add", Certificate):
        raise PermissionDenied


@login_required
def issue(request):
    """Issue one certificate: from an exam result page (``?exam_result=<id>``) or by choosing."""
    _require_issuer(request.user)
    if request.method == "POST":
        form = IssueForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                cert = service.issue_certificate(
                    request.user,
                    form.cleaned_data["exam_result"],
                    form.cleaned_data["issue_date"],
                    form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You may not issue this certificate."))
            else:
                messages.success(
                    request, _("Certificate %(number)s issued.") % {"number": cert.number}
                )
                return redirect("registry:certificate_detail", pk=cert.pk)
    else:
        form = IssueForm(user=request.user, initial={"exam_result": request.GET.get("exam_result")})
    return render(
        request,
        "registry/certificates/issue_form.html",
        {"form": form, "title": _("Issue a certificate")},
    )


@login_required
def bulk_issue(request):
    """Bulk issue for a session: choose, preview the count, run (a background job above
    ``BULK_INLINE_LIMIT``). All or nothing."""
    _require_issuer(request.user)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = BulkIssueForm(data, user=request.user)
    eligible = None
    if data is not None and form.is_valid():
        session = form.cleaned_data["session"]
        eligible = service.eligible_results(request.user, session)
        count = eligible.count()
        if request.method == "POST" and request.POST.get("confirm"):
            if count == 0:
                form.add_error(None, _("No passed results without a certificate in this session."))
            elif count > service.BULK_INLINE_LIMIT:
                row = start_job(
                    service.BULK_JOB,
                    request.user,
                    {
                        "session": session.pk,
                        "issue_date": form.cleaned_data["issue_date"].isoformat(),
                        "reason": form.cleaned_data["reason"],
                    },
                    _("Certificates for %(session)s") % {"session": session},
                )
                return redirect("core:job_detail", pk=row.pk)
            else:
                try:
                    issued = service.issue_certificates(
                        request.user,
                        list(eligible),
                        form.cleaned_data["issue_date"],
                        form.cleaned_data["reason"],
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(
                        request,
                        _("%(count)d certificates issued (%(first)s to %(last)s).")
                        % {
                            "count": len(issued),
                            "first": issued[0].number,
                            "last": issued[-1].number,
                        },
                    )
                    return redirect("registry:certificate_list")
        return render(
            request,
            "registry/certificates/bulk_issue.html",
            {
                "form": form,
                "title": _("Issue certificates for a session"),
                "count": count,
                "preview": eligible[:20],
                "as_job": count > service.BULK_INLINE_LIMIT,
                "limit": service.BULK_INLINE_LIMIT,
            },
        )
    return render(
        request,
        "registry/certificates/bulk_issue.html",
        {"form": form, "title": _("Issue certificates for a session"), "count": None},
    )


# --- PDF, detail, recall ---------------------------------------------------------------------


@login_required
def certificate_pdf(request, pk):
    """The PDF, for whoever may view the certificate (its holder too)."""
    cert = get_restricted_or_404(Certificate, request.user, "view", pk)
    content = pdf.render_certificate(cert)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.number}.pdf"'
    return response


class CertificateDetailView(RecordDetailView):
    template_name = "registry/certificates/certificate_detail.html"
    detail_fields = (
        "number",
        "person",
        "level",
        "exam_result",
        "issue_date",
        "issuing_body",
        "status",
        "recalled_on",
        "recall_reason",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cert, user = self.object, self.request.user
        ctx.update(
            pdf_url=reverse("registry:certificate_pdf", args=[cert.pk]),
            verify_url=reverse("portal:verify", args=[cert.number]),
            can_recall=cert.status == CertificateStatus.VALID and can(user, "change", cert),
            recall_url=reverse("registry:certificate_recall", args=[cert.pk]),
            open_requests=restrict(
                cert.recall_requests.filter(status=RecallStatus.OPEN), user, "view"
            ),
        )
        return ctx


@login_required
def recall(request, pk):
    cert = get_restricted_or_404(Certificate, request.user, "view", pk)
    if not can(request.user, "change", cert):
        raise PermissionDenied
    form = RecallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.recall_certificate(
                request.user,
                cert,
                form.cleaned_data["recall_reason"],
                form.cleaned_data["recalled_on"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Certificate %(number)s recalled.") % {"number": cert.number}
            )
            return redirect("registry:certificate_detail", pk=cert.pk)
    return render(
        request,
        "registry/certificates/recall_form.html",
        {"form": form, "certificate": cert, "title": _("Recall %(number)s") % {"number": cert}},
    )


# --- Recall requests -----------------------------------------------------------------------


class RecallRequestFilterSet(RecordFilterSet):
    search_fields = ("certificate__number", "certificate__person__name", "reason")

    class Meta:
        model = RecallRequest
        fields = ["status"]


class RecallRequestTable(RecordTable):
    related = ("certificate", "certificate__person")
    id = tables.Column(verbose_name=gettext_lazy("request"), linkify=True)
    certificate = tables.Column(linkify=True)
    person = tables.Column(verbose_name=gettext_lazy("person"), accessor="certificate__person")

    class Meta(RecordTable.Meta):
        model = RecallRequest
        fields = ("id", "certificate", "person", "status", "created_at", "decided_on")


class RecallRequestDetailView(RecordDetailView):
    template_name = "registry/certificates/recallrequest_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        ctx["can_decide"] = (
            obj.status == RecallStatus.OPEN
            and can(user, "change", obj)
            and workflow.may_decide(user, obj, "recall")
        )
        return ctx


@login_required
def decide(request, pk):
    """Decide a recall request: recall the certificate (closing the request) or reject it."""
    obj = get_restricted_or_404(RecallRequest, request.user, "view", pk)
    if not can(request.user, "change", obj):
        raise PermissionDenied
    workflow.guard(request.user, obj, "recall")  # 403 with the reason (issue 10)
    form = DecideForm(request.POST or None, initial={"recalled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecideForm.RECALL:
                service.recall_on_request(
                    request.user, obj, data["decision_note"], data["recalled_on"]
                )
            else:
                service.reject_recall_request(request.user, obj, data["decision_note"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The recall request is decided."))
            return redirect("registry:recallrequest_detail", pk=obj.pk)
    return render(
        request,
        "registry/certificates/recallrequest_decide.html",
        {"form": form, "object": obj, "title": _("Decide the recall request")},
    )


_detail_actions = ("list", "detail")

urlpatterns = [
    path("certificates/issue/", issue, name="certificate_issue"),
    path("certificates/bulk-issue/", bulk_issue, name="certificate_bulk_issue"),
    path("certificates/<int:pk>/pdf/", certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/recall/", recall, name="certificate_recall"),
    path(
        "certificates/<int:pk>/",
        CertificateDetailView.as_view(model=Certificate, available_actions=_detail_actions),
        name="certificate_detail",
    ),
    path(
        "recallrequests/",
        RecordListView.as_view(
            model=RecallRequest,
            filterset_class=RecallRequestFilterSet,
            table_class=RecallRequestTable,
            available_actions=_detail_actions,
        ),
        name="recallrequest_list",
    ),
    path(
        "recallrequests/<int:pk>/",
        RecallRequestDetailView.as_view(model=RecallRequest, available_actions=_detail_actions),
        name="recallrequest_detail",
    ),
    path("recallrequests/<int:pk>/decide/", decide, name="recallrequest_decide"),
]
