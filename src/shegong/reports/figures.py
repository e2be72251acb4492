"""The figures of the leadership's overview (GOV-1), each declared once.

A :class:`Figure` is a key, a title, a ``compute(scope)`` that returns a :class:`Table` (the
rows and columns behind the chart) and how the chart is drawn. The overview page, each
figure's XLSX download and the monthly and annual statistical report all read
:data:`FIGURES`; a later module adds its figures with :func:`register`.

Every figure counts over the records the viewer may see in an area or organisation
(``restrict(…, own=False)``), inside the chosen area (the city or one district), on a day,
with pay and insurance over a span of months. A figure is one of the rules defined in its
module, counted, never a rule of its own:

- registrations by level and year (REG-3): registrations whose validity starts in the year;
- credentialed-staffing rate (POST-3) and pay and insurance compliance (PAY-1, PAY-3): the
  compliance dashboard's figures (``workforce.compliance.dashboard``);
- CPD compliance (EDU-2): the people each rule in force applies to, and those short of it
  (``education.rules.progress``, the query of the compliance list);
- assessment bands (REG-6): the ratings of the latest year with published results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.areas.models import Area
from shegong.assessment.choices import Rating
from shegong.assessment.models import RESULT_SHOWN, Assessment, AssessmentCycle
from shegong.core.permissions import grants_of, restrict
from shegong.core.roles import Role
from shegong.education import rules
from shegong.education.choices import RuleBasis
from shegong.people.models import Person
from shegong.registry.choices import Level
from shegong.registry.models import Registration
from shegong.workforce import compliance

#: Who sees the statistics (GOV-1): the city's and the districts' officials and the
#: auditors, each in the area of their role.
VIEWER_ROLES = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.AUDITOR})

#: How many years the registrations figure shows, up to the year of the day.
YEARS = 5


def top_areas(user, roles=VIEWER_ROLES) -> list[Area]:
    """The areas the user sees statistics of: those of their viewer roles (``roles``; a
    superuser: the cities), without an area that lies inside another of them."""
    if getattr(user, "is_superuser", False):
        areas = list(Area.objects.filter(level="city"))
    else:
        paths = {g.area_path for g in grants_of(user) if g.role in roles and g.area_path}
        areas = list(Area.objects.filter(path__in=paths))
    areas.sort(key=lambda a: a.path)
    return [a for a in areas if not any(a.path.startswith(o.path) and a != o for o in areas)]


def may_view(user) -> bool:
    """Whether the user sees any statistics: a viewer role over an area (what ``top_areas``
    reads, without its query: the menu asks this on every page)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(g.role in VIEWER_ROLES and g.area_path for g in grants_of(user))


def areas_for(user, roles=VIEWER_ROLES) -> list[Area]:
    """The areas the user may choose: their own areas and the districts inside them."""
    found = []
    for area in top_areas(user, roles):
        found.append(area)
        if area.level != "district":
            found.extend(
                Area.objects.filter(level="district", path__startswith=area.path)
                .exclude(pk=area.pk)
                .order_by("path")
            )
    return found


@dataclass
class Scope:
    """What the figures are counted over: the viewer, the area, the day, the pay months."""

    user: object
    area: Area
    on: date
    month_from: date
    month_to: date

    @classmethod
    def of(cls, user, area: Area, on: date | None = None, month_from=None, month_to=None):
        on = on or timezone.localdate()
        default_from, default_to = compliance.default_period(on)
        return cls(user, area, on, month_from or default_from, month_to or default_to)

    @classmethod
    def for_period(cls, user, area: Area, year: int, month: int | None = None):
        """A monthly (``month``) or annual report's scope: pay and insurance of its months,
        the rest on its last day (or today, for a period not yet over)."""
        last_month = month or 12
        end = date(year + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1)
        on = min(end, timezone.localdate())
        return cls(user, area, on, date(year, month or 1, 1), date(year, last_month, 1))

    @property
    def is_district(self) -> bool:
        return self.area.level == "district"

    @cached_property
    def board(self) -> compliance.Dashboard:
        """The compliance dashboard of the area: rows by district for the city, by
        organisation for a district."""
        return compliance.dashboard(
            self.user,
            compliance.Grouping.ORGANISATION if self.is_district else compliance.Grouping.DISTRICT,
            on=self.on,
            month_from=self.month_from,
            month_to=self.month_to,
            district=self.area if self.is_district else None,
        )


@dataclass
class Table:
    """The table behind a chart: the header of the first column (the rows' labels), the
    other columns, one row per label, and optionally a total row."""

    label: str
    columns: list[str]
    rows: list[tuple[str, list]]
    total: list | None = None
    #: Indexes of the columns the chart draws (default: all).
    charted: list[int] | None = None
    #: The unit of the charted values, e.g. "%".
    unit: str = ""

    def chart_data(self, kind: str) -> dict:
        """What ``reports/charts.js`` draws (through ``json_script``)."""
        charted = self.charted if self.charted is not None else range(len(self.columns))
        return {
            "kind": kind,
            "unit": self.unit,
            "labels": [str(label) for label, _values in self.rows],
            "datasets": [
                {
                    "label": str(self.columns[i]),
                    "data": [_number(values[i]) for _label, values in self.rows],
                }
                for i in charted
            ],
        }


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass
class Figure:
    key: str
    title: object
    compute: Callable[[Scope], Table]
    #: ``bar``, ``stacked`` (stacked bars) or ``line``.
    chart: str = "bar"
    note: object = ""
    requirement: str = ""
    tags: list = field(default_factory=list)


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    FIGURES[figure.key] = figure
    return figure


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1"))


# --- Registrations by level and year (REG-3) --------------------------------------------------


def registrations(scope: Scope) -> Table:
    first = scope.on.year - YEARS + 1
    found = (
        restrict(Registration.objects.all(), scope.user, "view", own=False)
        .filter(
            person__area__path__startswith=scope.area.path,
            valid_from__gte=date(first, 1, 1),
            valid_from__lte=scope.on,
        )
        .annotate(year=ExtractYear("valid_from"))
        .values("year", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["year"], row["level"]): row["n"] for row in found}
    levels = list(Level)
    rows = []
    for year in range(first, scope.on.year + 1):
        values = [counts.get((year, level.value), 0) for level in levels]
        rows.append((str(year), [*values, sum(values)]))
    total = [sum(values[i] for _label, values in rows) for i in range(len(levels) + 1)]
    return Table(
        _("Year"),
        [str(level.label) for level in levels] + [_("Total")],
        rows,
        total,
        charted=list(range(len(levels))),
    )


# --- Credentialed-staffing rate (POST-3) -------------------------------------------------------


def _board_label(scope: Scope) -> str:
    return _("Organisation") if scope.is_district else _("District")


def credentialed_staffing(scope: Scope) -> Table:
    board = scope.board

    def values(row):
        return [row.values["designated_filled"], row.values["credentialed"], row.rate]

    return Table(
        _board_label(scope),
        [_("Designated posts held"), _("Held by credentialed staff"), _("Rate (%)")],
        [(row.label, values(row)) for row in board.rows],
        values(board.total),
        charted=[2],
        unit="%",
    )


# --- Pay and insurance compliance (PAY-1, PAY-3) -----------------------------------------------


def pay_insurance(scope: Scope) -> Table:
    board = scope.board
    names = ("pay_records", "pay_below", "insurance_records", "insurance_late", "insurance_short")
    labels = dict(compliance.FIGURES)
    return Table(
        _board_label(scope),
        [str(labels[name]) for name in names],
        [(row.label, [row.values[n] for n in names]) for row in board.rows],
        [board.total.values[n] for n in names],
        charted=[1, 3, 4],
    )


# --- CPD compliance (EDU-2) --------------------------------------------------------------------


def cpd_compliance(scope: Scope) -> Table:
    people = restrict(Person.objects.all(), scope.user, "view", own=False).filter(
        area__path__startswith=scope.area.path
    )
    rows = []
    for rule in rules.rules_in_force(scope.on.year):
        if rule.basis == RuleBasis.YEAR:
            window = rules.Window(year=scope.on.year)
        else:
            window = rules.Window(on=scope.on)
        found = rules.progress(rule, window, people)
        applies = found.count()
        short = found.filter(credited__lt=F("required")).count()
        rows.append(
            (str(rule), [applies, applies - short, short, percent(applies - short, applies)])
        )
    return Table(
        _("Rule"),
        [
            _("People the rule applies to"),
            _("Meeting the rule"),
            _("Short of the rule"),
            _("Rate (%)"),
        ],
        rows,
        charted=[1, 2],
    )


# --- Assessment bands (REG-6) ------------------------------------------------------------------


def latest_year(scope: Scope) -> int | None:
    """The latest year, up to the day's, with published results in or over the area."""
    cycles = AssessmentCycle.objects.filter(status__in=RESULT_SHOWN, year__lte=scope.on.year)
    years = [
        year
        for year, path in cycles.values_list("year", "area__path").order_by("-year")
        if path.startswith(scope.area.path) or scope.area.path.startswith(path)
    ]
    return years[0] if years else None


def assessment_bands(scope: Scope) -> Table:
    year = latest_year(scope)
    counts = {}
    if year is not None:
        counts = dict(
            restrict(Assessment.objects.all(), scope.user, "view", own=False)
            .filter(
                cycle__year=year,
                cycle__status__in=RESULT_SHOWN,
                organisation__area__path__startswith=scope.area.path,
            )
            .exclude(rating="")
            .values_list("rating")
            .annotate(n=Count("pk"))
            .order_by()
        )
    total = sum(counts.values())
    rows = [
        (str(band.label), [counts.get(band.value, 0), percent(counts.get(band.value, 0), total)])
        for band in Rating
    ]
    label = _("Rating, %(year)s") % {"year": year} if year else _("Rating (no results yet)")
    return Table(label, [_("People"), _("Share (%)")], rows, [total, percent(total, total)], [0])


register(
    Figure(
        "registrations",
        gettext_lazy("Registrations by level and year"),
        registrations,
        "stacked",
        gettext_lazy("Registrations whose validity starts in the year, by level."),
        "REG-3",
    )
)
register(
    Figure(
        "credentialed",
        gettext_lazy("Credentialed-staffing rate"),
        credentialed_staffing,
        "bar",
        gettext_lazy("Designated posts held on the day, and the share held by credentialed staff."),
        "POST-3",
    )
)
register(
    Figure(
        "cpd",
        gettext_lazy("Continuing-education compliance"),
        cpd_compliance,
        "stacked",
        gettext_lazy("For each rule in force, the people it applies to and those short of it."),
        "EDU-2",
    )
)
register(
    Figure(
        "assessment",
        gettext_lazy("Assessment bands"),
        assessment_bands,
        "bar",
        gettext_lazy("The ratings of the latest year with published results."),
        "REG-6",
    )
)
register(
    Figure(
        "pay",
        gettext_lazy("Pay and insurance compliance"),
        pay_insurance,
        "bar",
        gettext_lazy(
            "Pay records below the floor and contributions paid late or short, in the months."
        ),
        "PAY-1, PAY-3",
    )
)
