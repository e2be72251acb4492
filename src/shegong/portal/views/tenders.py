"""The public tender pages (issue 14, PUB-1 and FIN-3): the list of published procurements with
its filters, a procurement's public page (buyer district, what is bought, eligibility, criteria,
dates and every deadline move, clarifications, documents, the single-source notice, the award
notice) and the anonymous download of a published procurement's documents.

Read through ``portal.tenders.public_procurements`` (never a draft: a draft's page is a 404),
rate-limited per client IP like the public register (``portal.ratelimit``), with a bounded
number of queries whatever the number of procurements.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.procurement import rules
from shegong.procurement.choices import SCORED_METHODS, AwardStatus, PurchaseKind
from shegong.procurement.models import TenderDocument

from ..forms import TenderSearchForm
from ..queries import PAGE_SIZE, Stage, public_procurements, stage_of
from ..ratelimit import ratelimit


@ratelimit("public_tenders_page")
def tender_list(request):
    """PUB-1/FIN-3: the published procurements, newest first, by title, district, service
    field, method and public stage."""
    today = timezone.localdate()
    form = TenderSearchForm(request.GET or None)
    form.is_valid()
    queryset = form.filtered(
        public_procurements().select_related("buyer", "plan_item__field"), today
    ).order_by("-published_on", "-pk")
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(form.cleaned_data.get("page") if form.is_bound else 1)
    stages = [(p, stage_of(p, today)) for p in page]
    rows = [(p, Stage.label(p, stage), stage) for p, stage in stages]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/tenders/list.html",
        {
            "title": _("Government procurement of social work services"),
            "form": form,
            "rows": rows,
            "page_obj": page,
            "querystring": query.urlencode(),
        },
    )


@ratelimit("public_tenders_page")
def tender_detail(request, pk):
    """PUB-1/FIN-3: a published procurement's public page; a draft is a 404."""
    today = timezone.localdate()
    procurement = get_object_or_404(
        public_procurements().select_related("buyer", "plan_item__field", "proposed_supplier"),
        pk=pk,
    )
    clarifications = list(procurement.clarifications.order_by("made_on", "pk"))
    stage = stage_of(procurement, today)
    single = procurement.is_single_source
    window_end = (
        rules.objection_window_end(procurement.published_on)
        if single and procurement.published_on
        else None
    )
    awarded = stage == Stage.AWARDED
    award = (
        procurement.awards.filter(status=AwardStatus.ACTIVE).select_related("supplier").first()
        if awarded and not single
        else None
    )
    return render(
        request,
        "portal/tenders/detail.html",
        {
            "title": procurement.title,
            "p": procurement,
            "item": procurement.plan_item,
            "is_project": procurement.plan_item.kind == PurchaseKind.PROJECT,
            "stage": stage,
            "stage_label": Stage.label(procurement, stage),
            "scored": procurement.method in SCORED_METHODS,
            "criteria": list(procurement.criteria.order_by("-is_price", "pk")),
            "documents": list(procurement.documents.order_by("pk")),
            "clarifications": clarifications,
            "moves": [c for c in clarifications if c.moved_deadline],
            "window_end": window_end,
            "objections_open": bool(window_end) and stage == Stage.OPEN and today <= window_end,
            "awarded": awarded,
            "supplier": (
                procurement.proposed_supplier
                if awarded and single
                else getattr(award, "supplier", None)
            ),
            "award": award,
            "challenge_end": (
                rules.challenge_deadline(procurement.awarded_on)
                if awarded and procurement.awarded_on
                else None
            ),
        },
    )


@ratelimit("public_tenders_page")
def tender_document(request, pk):
    """A document of a published procurement, for anyone (FIN-3: the tender documents are
    public once published); a draft's document is a 404."""
    document = get_object_or_404(
        TenderDocument.objects.filter(procurement__in=public_procurements()), pk=pk
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = PurePosixPath(document.file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)


urlpatterns = [
    path("tenders/", tender_list, name="tenders"),
    path("tenders/<int:pk>/", tender_detail, name="tender"),
    path("tenders/documents/<int:pk>/", tender_document, name="tender_document"),
]
