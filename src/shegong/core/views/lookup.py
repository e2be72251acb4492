"""The lookup of the search-as-you-type choice fields (``core.forms.AutocompleteWidget``,
issue 13, ADR 0044): ``GET /platform/lookup/<app_label.model>/?q=…&page=…`` answers
``{"results": [{"value": id, "text": label}], "more": bool}``.

It searches only the rows the user may see (``restrict()``, as every list), by the lookups
the model's registered filterset names in ``lookup_fields`` (by default its
``search_fields``), a page at a time, and only once :data:`AUTOCOMPLETE_MIN_CHARS` characters
are typed. A lookup that reaches a private field (a person's national ID number) matches the
whole value exactly, and only rows whose private data the user may see; each row it matches
that way gets a read record, since the match tells the value (issue 10).
"""

from functools import reduce
from operator import or_

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import audit
from ..forms import AUTOCOMPLETE_MIN_CHARS
from ..permissions import can_any, restrict
from ..privacy import private_rows, private_target
from ..registry import filterset_for, model_from_label

#: Rows per answer.
PAGE_SIZE = 20
#: The longest text searched (longer input is cut, never an error).
MAX_QUERY = 100


def lookup_fields(model) -> tuple[str, ...]:
    filterset = filterset_for(model)
    return tuple(getattr(filterset, "lookup_fields", None) or filterset.search_fields)


def page_number(value) -> int:
    try:
        return max(1, min(int(value), 1000))
    except (TypeError, ValueError):
        return 1


@require_GET
@login_required
def lookup(request, label: str):
    try:
        model = model_from_label(label)
    except LookupError:
        raise Http404(_("No such list.")) from None
    user = request.user
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    if len(query) < AUTOCOMPLETE_MIN_CHARS or not can_any(user, "view", model):
        return JsonResponse({"results": [], "more": False})
    rows = restrict(model._default_manager.all(), user, "view")
    conditions, private = [], []
    for field in lookup_fields(model):
        target = private_target(model, field)
        if target is None:
            conditions.append(Q(**{f"{field}__icontains": query}))
            continue
        # A private field: the exact value, and only where the user may see it.
        allowed = private_rows(model._default_manager.all(), user, target[0], target[1])
        conditions.append(Q(**{f"{field}__iexact": query}) & Q(pk__in=allowed.values("pk")))
        private.append((field, target))
    if not conditions:
        return JsonResponse({"results": [], "more": False})
    page = page_number(request.GET.get("page"))
    start = (page - 1) * PAGE_SIZE
    found = list(rows.filter(reduce(or_, conditions)).distinct()[start : start + PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    for field, (target, path, name) in private:
        for obj in found:
            if _matches_exactly(obj, field, query):
                target_obj = obj if not path else _follow(obj, path)
                audit.record_read(
                    user,
                    target_obj,
                    [name],
                    _("Search by %(field)s") % {"field": target._meta.get_field(name).verbose_name},
                )
    return JsonResponse(
        {"results": [{"value": str(obj.pk), "text": str(obj)} for obj in found], "more": more}
    )


def _follow(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def _matches_exactly(obj, field: str, query: str) -> bool:
    value = _follow(obj, field)
    return value is not None and str(value).lower() == query.lower()
