"""The compliance dashboard page and its XLSX export (issue 4, point 6). The figures come
from ``compliance.dashboard``; every figure links to the filtered list of the records behind
it, and those lists export like any list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shegong.areas.models import Area
from shegong.core.jobs import start_job

from .. import compliance
from ..compliance import Grouping
from ..forms import DashboardForm

PAGE_SIZE = 50


class Links:
    """URLs of the filtered lists behind each figure, for one dashboard (the list URLs are
    reversed once, then only query strings are built)."""

    def __init__(self, board: compliance.Dashboard, district: Area | None):
        self.board = board
        self.district = district
        self.lists = {
            name: reverse(f"workforce:{name}_list")
            for name in (
                "post",
                "employment",
                "conversionplan",
                "payrecord",
                "insurancecontribution",
            )
        }
        self.gap = reverse("workforce:staffing_gap")
        self.period = {
            "month_from": board.month_from.isoformat(),
            "month_to": board.month_to.isoformat(),
        }

    def _scope(self, row, organisation_field: str) -> dict | None:
        if row is self.board.total:
            return {"district": self.district.pk} if self.district else {}
        if row.key is None:
            return None
        if self.board.grouping == Grouping.ORGANISATION:
            return {organisation_field: row.key}
        return {"district": row.key}

    def _url(self, name, row, organisation_field, **query):
        scope = self._scope(row, organisation_field)
        if scope is None:
            return None
        return f"{self.lists[name]}?{urlencode({**query, **scope})}"

    def of(self, row) -> dict:
        by_employment = "employment__post__organisation"
        on = self.board.on.isoformat()
        grouping = GROUP_BY_GAP[self.board.grouping]
        return {
            "designated_posts": self._url("post", row, "organisation", designated="true"),
            "designated_vacant": self._url(
                "post", row, "organisation", designated="true", vacant="true", on=on
            ),
            "designated_filled": self._url(
                "employment", row, "post__organisation", current="true", designated="true", on=on
            ),
            "rate": self._url(
                "employment",
                row,
                "post__organisation",
                current="true",
                designated="true",
                credentialed="false",
                on=on,
            ),
            "flagged": self._url("employment", row, "post__organisation", flagged="true", on=on),
            "plans_open": self._url("conversionplan", row, by_employment, open="true"),
            "plans_overdue": self._url("conversionplan", row, by_employment, overdue="true", on=on),
            "pay_below": self._url(
                "payrecord", row, by_employment, below_floor="true", **self.period
            ),
            "insurance_late": self._url(
                "insurancecontribution", row, by_employment, late="true", **self.period
            ),
            "insurance_short": self._url(
                "insurancecontribution", row, by_employment, short="true", **self.period
            ),
            "gap": f"{self.gap}?{urlencode({'by': grouping, 'on': self.board.on.isoformat()})}",
        }


#: The figures shown in the table (all of them are in the XLSX export).
TABLE = (
    "designated_filled",
    "rate",
    "flagged",
    "designated_vacant",
    "plans_overdue",
    "pay_below",
    "insurance_late",
    "insurance_short",
    "arrears",
    "gap",
)
LABELS = dict(compliance.FIGURES)


#: The figures of the cards above the table: the table's, but the counts of designated posts.
SUMMARY = tuple(f for f in TABLE if f not in ("designated_filled", "designated_vacant"))


def _alert(name: str, value) -> bool:
    if value is None:
        return False
    if name == "rate":
        return value < 100
    return name != "designated_filled" and value > 0


def cells(row, links: dict, names=TABLE) -> list[dict]:
    return [
        {
            "name": name,
            "label": LABELS[name],
            "value": row.get(name),
            "url": links.get(name),
            "alert": _alert(name, row.get(name)),
        }
        for name in names
    ]


GROUP_BY_GAP = {Grouping.ORGANISATION: "organisation", Grouping.DISTRICT: "district"}


def _params(form: DashboardForm, user) -> dict:
    data = form.cleaned_data if form.is_valid() else {}
    organisation = data.get("organisation")
    district = data.get("district")
    grouping = data.get("grouping") or (
        Grouping.ORGANISATION if district or organisation else compliance.default_grouping(user)
    )
    return {
        "grouping": grouping,
        "district": district,
        "organisation": organisation,
        "on": data.get("on"),
        "month_from": data.get("month_from"),
        "month_to": data.get("month_to"),
        "sort": data.get("sort") or "label",
    }


def _sorted(rows, sort: str):
    if sort == "problems":
        return sorted(rows, key=lambda r: -r.problems)
    if sort == "rate":
        return sorted(rows, key=lambda r: (r.rate is None, r.rate or 0))
    return rows


@login_required
def dashboard(request):
    """Compliance figures of the city, a district or an organisation; rows link to records."""
    if not compliance.may_view(request.user):
        raise PermissionDenied
    form = DashboardForm(request.GET or None, user=request.user)
    params = _params(form, request.user)
    if not form.is_bound:  # show the defaults the figures are counted with
        on = compliance.today()
        start, end = compliance.default_period(on)
        form.initial = {
            "grouping": params["grouping"],
            "on": on,
            "month_from": start,
            "month_to": end,
        }
    board = compliance.dashboard(
        request.user,
        params["grouping"],
        on=params["on"],
        month_from=params["month_from"],
        month_to=params["month_to"],
        district=params["district"],
        organisation=params["organisation"],
    )
    page = Paginator(_sorted(board.rows, params["sort"]), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    links = Links(board, params["district"])
    rows = [(row, cells(row, links.of(row))) for row in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workforce/compliance_dashboard.html",
        {
            "title": _("Compliance dashboard"),
            "form": form,
            "board": board,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "total": cells(board.total, links.of(board.total)),
            "summary": cells(board.total, links.of(board.total), SUMMARY),
            "columns": [LABELS[name] for name in TABLE],
            "organisation": params["organisation"],
            "district": params["district"],
            "group_label": dict(Grouping.CHOICES).get(board.grouping),
        },
    )


@login_required
@require_POST
def export(request):
    """The dashboard as an XLSX file, made by a background job (progress bar, download)."""
    if not compliance.may_view(request.user):
        raise PermissionDenied
    form = DashboardForm(request.POST, user=request.user)
    params = _params(form, request.user)
    job_params = {
        "grouping": params["grouping"],
        "district": params["district"].pk if params["district"] else None,
        "organisation": params["organisation"].pk if params["organisation"] else None,
        "on": params["on"].isoformat() if params["on"] else None,
        "month_from": params["month_from"].isoformat() if params["month_from"] else None,
        "month_to": params["month_to"].isoformat() if params["month_to"] else None,
    }
    row = start_job(
        "compliance_dashboard", request.user, job_params, _("Compliance dashboard (XLSX)")
    )
    return redirect("core:job_detail", pk=row.pk)
