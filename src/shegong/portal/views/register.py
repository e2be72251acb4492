"""The public register's pages (REG-5): search, and bulk verification of a file of numbers.

Both read through ``registry.services.public`` (as the public API does) and are rate-limited
per client IP (``portal.ratelimit``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from shegong.core import shells
from shegong.core.forms import AUTOCOMPLETE_MIN_CHARS
from shegong.core.jobs import start_job
from shegong.organisations.models import Organisation
from shegong.registry.services import public

from .. import pagecache
from ..exports import results_xlsx, verify_in_chunks
from ..forms import FILE_MAX, BulkVerifyForm, RegisterSearchForm, over_limit
from ..ratelimit import client_ip, hit, ratelimit, too_many_requests

#: Numbers verified inside the request; larger files go to a background job (signed-in users).
INLINE_MAX = 2000


#: The page, and its part that depends on the request (``core.shells``).
PAGE, PART = "portal/register.html", "portal/register_search.html"


@ratelimit("public_register_page")
def register(request):
    """REG-5: the public register, searched by number or exact full name. A visitor's answer
    is kept until what the register shows changes (``portal.pagecache``, issue 13)."""
    kept = pagecache.Kept(request) if pagecache.for_everyone(request) else None
    if kept is not None and kept.html is not None:
        return HttpResponse(kept.html.replace(pagecache.CSRF_PLACEHOLDER, get_token(request)))
    form = RegisterSearchForm(request.GET or None)
    result = None
    message = ""
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        result = public.search_register(
            data["q"],
            district=data["district"] or None,
            organisation=data["organisation"].pk if data["organisation"] else None,
            page=data["page"] or 1,
        )
        if result.problem:
            message = public.problem_message(result.problem)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": _("Public register of social workers"),
        "form": form,
        "result": result,
        "message": message,
        "querystring": query.urlencode(),
    }
    if kept is None:
        return shells.visitor_page(request, PAGE, PART, context)
    # The same page for every visitor: kept with a placeholder for the CSRF token.
    html = shells.visitor_html(request, PAGE, PART, context, token=pagecache.CSRF_PLACEHOLDER)
    kept.keep(html)
    return HttpResponse(html.replace(pagecache.CSRF_PLACEHOLDER, get_token(request)))


def bulk_verify(request):
    """REG-5 for employers: a file of register or certificate numbers in, statuses out."""
    form = BulkVerifyForm()
    results = None
    if request.method == "POST":
        wait = hit("public_verify_page", client_ip(request), settings.PUBLIC_VERIFY_RATE)
        if wait is not None:
            return too_many_requests(wait)
        signed_in = request.user.is_authenticated
        limit = FILE_MAX if signed_in else INLINE_MAX
        form = BulkVerifyForm(request.POST, request.FILES, max_numbers=limit, signed_in=signed_in)
        if form.is_valid():
            numbers = form.cleaned_data["parsed"]
            if len(numbers) > limit:
                form.add_error(None, over_limit(len(numbers), limit, signed_in))
            elif len(numbers) > INLINE_MAX:
                title = _("Register verification of %(n)d numbers") % {"n": len(numbers)}
                row = start_job("public_verify", request.user, {"numbers": numbers}, title)
                return redirect("core:job_detail", pk=row.pk)
            else:
                results = verify_in_chunks(numbers)
                if request.POST.get("format") == "xlsx":
                    name, content = results_xlsx(results)
                    response = HttpResponse(
                        content,
                        content_type="application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet",
                    )
                    response["Content-Disposition"] = f'attachment; filename="{name}"'
                    return response
    return render(
        request,
        "portal/bulk_verify.html",
        {
            "title": _("Verify many registrations at once"),
            "form": form,
            "results": results,
            "found": sum(1 for r in results if r["found"]) if results else 0,
            "numbers_text": "\n".join(r["number"] for r in results) if results else "",
            "format_problem": public.format_problem(),
            "inline_max": INLINE_MAX,
            "file_max": FILE_MAX,
        },
    )


#: Organisations per answer of the public lookup.
LOOKUP_PAGE = 20


@ratelimit("public_organisation_lookup")
def organisation_lookup(request):
    """The register search's organisation field (issue 13): the active organisations whose
    name holds what the visitor typed, a page at a time, name and id only (what the public
    register shows of an organisation), rate-limited like the register page."""
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < AUTOCOMPLETE_MIN_CHARS:
        return JsonResponse({"results": [], "more": False})
    try:
        page = max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        page = 1
    start = (page - 1) * LOOKUP_PAGE
    found = list(
        Organisation.objects.filter(is_active=True, name__icontains=query)
        .order_by("name", "pk")
        .values_list("pk", "name")[start : start + LOOKUP_PAGE + 1]
    )
    return JsonResponse(
        {
            "results": [{"value": str(pk), "text": name} for pk, name in found[:LOOKUP_PAGE]],
            "more": len(found) > LOOKUP_PAGE,
        }
    )


urlpatterns = [
    path("public-register/organisations/", organisation_lookup, name="organisation_lookup"),
    path("public-register/", register, name="register"),
    path("public-register/verify/", bulk_verify, name="bulk_verify"),
]
