"""Start an export, watch a job's progress bar, download its result."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..exports import FORMATS
from ..jobs import start_job
from ..models import Job
from ..permissions import can_any, restrict
from ..registry import model_from_label
from .generic import get_restricted_or_404


@login_required
@require_POST
def export_start(request):
    try:
        model = model_from_label(request.POST.get("model", ""))
    except LookupError as exc:
        raise Http404 from exc
    fmt = request.POST.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404
    if not can_any(request.user, "export", model):
        raise PermissionDenied
    title = _("Export of %(name)s (%(format)s)") % {
        "name": model._meta.verbose_name_plural,
        "format": fmt.upper(),
    }
    params = {
        "model": model._meta.label_lower,
        "filters": request.POST.get("filters", ""),
        "format": fmt,
    }
    row = start_job("export", request.user, params, title)
    return redirect("core:job_detail", pk=row.pk)


@login_required
def job_list(request):
    jobs = restrict(Job.objects.all(), request.user, "view")[:50]
    return render(request, "core/job_list.html", {"jobs": jobs, "title": _("My background jobs")})


@login_required
def job_detail(request, pk):
    row = get_restricted_or_404(Job, request.user, "view", pk)
    template = "core/partials/job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": row, "title": row.title})


@login_required
def job_download(request, pk):
    row = get_restricted_or_404(Job, request.user, "view", pk)
    if not row.result_file:
        raise Http404
    return FileResponse(row.result_file.open("rb"), as_attachment=True, filename=row.result_name)
