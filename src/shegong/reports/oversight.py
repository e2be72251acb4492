"""The oversight dashboard (issue 15, point 7; FIN-5, ORG-3, ORG-5, GOV-1): for the city or one
district and a year, the organisations by grade, the visits made against the 30 % rule, the
ratings of the year's evaluations and the overdue reports, audit actions and rectification
orders; for every service field or one (the scope's field: its organisations, and the contracts
of its plan items). Each figure is a link to the list of exactly the records behind it (the
same filters: the list shows the figure's count), each table an XLSX download made by a
background job (``exports.oversight_table``).

The figures are the owning apps' own queries, counted over the records the viewer may see:

- **organisations by grade** (ORG-3), per service field: the active organisations of the area
  and the grade each holds on the day (``OrganisationGrade.on``, the rule of
  ``grading.queries.current_grade``, read for every organisation in one query); an
  organisation of several fields counts in each, the total counts it once;
- **visits against the 30 % rule** (FIN-5), per district: ``oversight.queries.board`` (the
  visits dashboard's query: running contracts, visits needed, drawn and done);
- **ratings** (FIN-5), per district: the same board's ratings of the year's evaluations;
- **overdue** (FIN-5, ORG-5): ``audits.queries.late_reports`` (the annual reports of the year
  before, late on the day), ``audits.queries.overdue_actions`` and
  ``inspections.queries.overdue_rectifications``, counted on the day.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.areas.models import Area
from shegong.audits import queries as audits
from shegong.core.permissions import holds, restrict
from shegong.core.roles import Role
from shegong.grading.choices import GradeValue
from shegong.grading.models import OrganisationGrade
from shegong.inspections import queries as inspections
from shegong.organisations.models import Organisation, ServiceField
from shegong.oversight import queries as oversight
from shegong.oversight.choices import RATING_ORDER, Rating
from shegong.oversight.models import OVERSEERS

from .money import COUNT, Cell, Table, _field_names, _link

#: The columns of the grades table: the five grades and "no grade".
GRADES = [g.value for g in GradeValue]
NONE = ""
#: The roles who see the dashboard (the visits dashboard's readers less the field officers).
OVERSIGHT_READERS = OVERSEERS | {Role.AUDITOR}


def may_view(user) -> bool:
    """Who sees the dashboard: the overseeing officials of an area and the auditors (not the
    field officers, who have no statistics), a district's their district, the city's all."""
    return holds(user, OVERSIGHT_READERS, area=True)


@dataclass
class Scope:
    """The viewer, the area (the city or a district), the year, and the day the grades and
    overdue records are counted on (the year's last day, or today in the current year)."""

    user: object
    area: Area
    year: int
    today: date = field(default_factory=timezone.localdate)
    service_field: ServiceField | None = None
    _board: dict | None = field(default=None, repr=False)

    @property
    def on(self) -> date:
        return min(date(self.year, 12, 31), self.today)

    @property
    def district(self) -> Area | None:
        return self.area if self.area.level == "district" else None

    def board(self) -> dict:
        """``oversight.queries.board`` of the year, read once for the visits and ratings."""
        if self._board is None:
            self._board = oversight.board(self.user, self.year, self.on, self.service_field)
        return self._board

    @property
    def district_pk(self):
        return self.district.pk if self.district else None

    @property
    def field_pk(self):
        return self.service_field.pk if self.service_field else None


# --- Organisations by grade (ORG-3) ------------------------------------------------------------


def held_grades(organisations, on: date) -> dict[int, str]:
    """``{organisation id: grade}`` held on ``on`` (``grading.queries.current_grade``'s rule
    for every organisation at once: the latest record published by the day, as downgraded or
    revoked by then; the organisations with no grade are left out)."""
    rows = OrganisationGrade.objects.filter(
        organisation__in=organisations, published_on__lte=on, valid_until__gte=on
    ).order_by("organisation", "-published_on", "-pk")
    held: dict[int, str] = {}
    for row in rows:
        if row.organisation_id not in held:
            grade = row.on(on)
            if grade:
                held[row.organisation_id] = grade
    return held


def by_grade(scope: Scope) -> Table:
    organisations = restrict(Organisation.objects.all(), scope.user, "view", own=False).filter(
        area__path__startswith=scope.area.path, is_active=True
    )
    if scope.service_field is not None:
        organisations = organisations.filter(service_fields=scope.service_field)
    held = held_grades(organisations.values("pk"), scope.on)
    fields = defaultdict(set)
    ids = set(organisations.values_list("pk", flat=True))
    through = Organisation.service_fields.through.objects.filter(organisation__in=organisations)
    for organisation, service_field in through.values_list("organisation", "servicefield"):
        fields[service_field].add(organisation)
    with_field = set().union(*fields.values()) if fields else set()
    if ids - with_field:
        fields[None] = ids - with_field
    if scope.service_field is not None:
        fields = {scope.field_pk: fields.get(scope.field_pk, set())}
    names = _field_names(fields)
    district = scope.district_pk

    def cells(members: set, service_field) -> list[Cell]:
        """A grade's count links to the grade records held on the day (the same rule) by the
        organisations of the area and field; "no grade" has no list to open."""
        counts = Counter(held.get(pk, NONE) for pk in members)
        out = []
        for grade in [*GRADES, NONE]:
            url = None
            if grade and service_field is not None:
                url = _link(
                    "grading:organisationgrade_list",
                    held_on=scope.on.isoformat(),
                    held_grade=grade,
                    district=district,
                    field=service_field,
                )
            out.append(Cell(counts.get(grade, 0), COUNT, url))
        return out

    rows = [
        (names.get(key, _("No service field")), cells(fields[key], key))
        for key in sorted(fields, key=lambda k: (k is None, names.get(k, "")))
    ]
    if scope.service_field is not None:
        total = None
    else:
        total = [Cell(c.value, COUNT) for c in cells(ids, None)] if rows else None
    return Table(
        "grades",
        gettext_lazy("Organisations by grade"),
        gettext_lazy(
            "The active organisations of the area by the grade they hold on the day, per "
            "service field. An organisation of several fields counts in each; the total "
            "counts it once."
        ),
        "ORG-3",
        _("Service field"),
        [*GRADES, _("No grade")],
        rows,
        total,
    )


# --- Visits against the sampling rule and ratings (FIN-5) ----------------------------------------


def _board_rows(scope: Scope):
    board = scope.board()
    rows = board["rows"]
    if scope.district is not None:
        rows = [row for row in rows if row.key == scope.district.pk]
    return board, rows


def visits(scope: Scope) -> Table:
    board, rows = _board_rows(scope)

    def cells(row) -> list[Cell]:
        return [
            Cell(row.running, COUNT, row.links["running"]),
            Cell(row.needed, COUNT),
            Cell(row.drawn, COUNT, row.links["drawn"]),
            Cell(row.done, COUNT, row.links["done"], alert=row.done < row.needed),
        ]

    total = cells(board["city"]) if scope.district is None and rows else None
    return Table(
        "visits",
        gettext_lazy("Visits against the sampling rule"),
        gettext_lazy(
            "The contracts running in the year, the visits the rule needs (%(percent)s %% of "
            "them), the contracts drawn and those visited. Shown in bold where fewer were "
            "visited than needed."
        )
        % {"percent": board["percent"]},
        "FIN-5",
        _("District"),
        [_("Running contracts"), _("Visits needed"), _("Drawn"), _("Visited")],
        [(row.label, cells(row)) for row in rows],
        total,
    )


def ratings(scope: Scope) -> Table:
    board, rows = _board_rows(scope)

    def cells(row) -> list[Cell]:
        return [Cell(n, COUNT, url) for _r, n, url in row.rating_cells()]

    total = cells(board["city"]) if scope.district is None and rows else None
    return Table(
        "ratings",
        gettext_lazy("Ratings of the year's evaluations"),
        gettext_lazy("The evaluations rated in the year, by rating and by the buyer's district."),
        "FIN-5",
        _("District"),
        [str(Rating(r).label) for r in RATING_ORDER],
        [(row.label, cells(row)) for row in rows],
        total,
    )


# --- Overdue reports, audit actions and rectification orders (FIN-5, ORG-5) -----------------


def overdue(scope: Scope) -> Table:
    on, district, area, field_pk = scope.on, scope.district_pk, scope.area, scope.field_pk
    reports = restrict(audits.late_reports(area, scope.year - 1, on), scope.user, "view", own=False)
    actions = restrict(audits.overdue_actions(area, on), scope.user, "view", own=False)
    orders = restrict(inspections.overdue_rectifications(area, on), scope.user, "view", own=False)
    if field_pk is not None:
        reports = reports.filter(service_fields=field_pk)
        actions = actions.filter(finding__audit__contract__procurement__plan_item__field=field_pk)
        orders = orders.filter(organisation__service_fields=field_pk)
    rows = []
    for label, n, url in (
        (
            _("Annual work reports of %(year)s late") % {"year": scope.year - 1},
            reports.count(),
            _link(
                "audits:late_reports",
                year=scope.year - 1,
                on=on.isoformat(),
                area=district,
                field=field_pk,
            ),
        ),
        (
            _("Audit actions overdue"),
            actions.count(),
            _link(
                "audits:requiredaction_list",
                overdue_on=on.isoformat(),
                buyer_area=district,
                field=field_pk,
            ),
        ),
        (
            _("Rectification orders overdue"),
            orders.count(),
            _link(
                "inspections:sanction_list",
                overdue_on=on.isoformat(),
                district=district,
                field=field_pk,
            ),
        ),
    ):
        rows.append((label, [Cell(n, COUNT, url, alert=n > 0)]))
    return Table(
        "overdue",
        gettext_lazy("Overdue"),
        gettext_lazy(
            "Counted on the day: the annual work reports of the year before filed late or not "
            "filed after the deadline, the required actions of audits not done by their "
            "deadline, and the rectification orders not rectified by theirs."
        ),
        "FIN-5, ORG-5",
        _("Record"),
        [_("Overdue")],
        rows,
        None,
    )


#: The dashboard's tables, in the order shown (each also an XLSX download).
TABLES = {"grades": by_grade, "visits": visits, "ratings": ratings, "overdue": overdue}


def dashboard(scope: Scope) -> list[Table]:
    return [build(scope) for build in TABLES.values()]
