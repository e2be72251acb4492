"""The compliance dashboard (issue 4, point 6): the rules of the workforce module, counted per
organisation, district or city, over the records the viewer may see.

Every figure is one of the rules defined elsewhere, counted, never a rule of its own:

- **Credentialed-staffing rate** (POST-3, 持证上岗): of the designated posts held on the day,
  the share whose holder is *credentialed* that day (:func:`credentialed`: a valid certificate
  of at least the post type's required level and a registration valid that day, the same
  conditions as :func:`services.credential_problems` for a hire), with the flagged holders of
  :func:`services.credential_flags` (not credentialed and no open conversion plan) beside it.
- **Designated posts vacant** (POST-3): active designated posts nobody holds on the day.
- **Conversion plans** (POST-3): open and overdue (:func:`services.overdue_plans`).
- **Pay below the floor** (PAY-1): pay records of the period below the guidance or the
  professional-technician pay (:func:`pay.pay_flags`).
- **Social insurance** (PAY-3): contributions of the period paid late or short
  (:func:`pay.insurance_flags`), and the arrears: what is still unpaid of contributions whose
  due date has passed.
- **Post gap** (POST-1, POST-2): the posts the standards in force call for against the posts
  that exist (:func:`services.staffing_gap`).

How it scales: each figure is one grouped query per organisation (five queries in all, plus
the staffing gap's two and one for the organisations' names and areas), whatever the number
of records; districts and the city are sums of their organisations' rows, added up in Python
over at most one row per organisation. Nothing is stored, so a registration cancelled a moment
ago already counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.areas.models import Area
from shegong.core import dated
from shegong.core.permissions import grants_of, holds, restrict
from shegong.core.roles import Role
from shegong.organisations.models import Organisation
from shegong.registry.choices import LEVEL_RANK, CertificateStatus
from shegong.registry.models import Certificate

from . import pay, services
from .choices import GapGrouping
from .models import (
    PAY_WRITERS,
    ConversionPlan,
    Employment,
    InsuranceContribution,
    PayRecord,
    Post,
    PostType,
)

#: Who sees the dashboard: those who may read pay and insurance in an area or organisation
#: (the figures include them), and auditors. A social worker's own records are no dashboard.
DASHBOARD_ROLES = frozenset(PAY_WRITERS | {Role.AUDITOR})


def may_view(user) -> bool:
    return holds(user, DASHBOARD_ROLES, area=True, organisation=True)


def default_grouping(user) -> str:
    """Rows by district for those whose area is above a district (the city); by
    organisation for a district officer or an organisation administrator."""
    if getattr(user, "is_superuser", False):
        return Grouping.DISTRICT
    paths = [
        g.area_path
        for g in grants_of(user)
        if g.role in DASHBOARD_ROLES and g.area_path is not None
    ]
    above_district = Area.objects.filter(path__in=paths).exclude(
        level__in=("district", "street", "community")
    )
    return Grouping.DISTRICT if paths and above_district.exists() else Grouping.ORGANISATION


class Grouping:
    ORGANISATION = "organisation"
    DISTRICT = "district"
    CITY = "city"
    CHOICES = (
        (DISTRICT, gettext_lazy("District")),
        (ORGANISATION, gettext_lazy("Organisation")),
    )


#: The figures of one row, in the order of the table and the export.
FIGURES = (
    ("designated_posts", gettext_lazy("Designated posts")),
    ("designated_vacant", gettext_lazy("Designated posts vacant")),
    ("designated_filled", gettext_lazy("Designated posts held")),
    ("credentialed", gettext_lazy("Held by credentialed staff")),
    ("rate", gettext_lazy("Credentialed-staffing rate (%)")),
    ("flagged", gettext_lazy("Holders without credentials or plan")),
    ("plans_open", gettext_lazy("Conversion plans open")),
    ("plans_overdue", gettext_lazy("Conversion plans overdue")),
    ("pay_records", gettext_lazy("Pay records")),
    ("pay_below", gettext_lazy("Pay below the floor")),
    ("insurance_records", gettext_lazy("Insurance contributions")),
    ("insurance_late", gettext_lazy("Contributions paid late")),
    ("insurance_short", gettext_lazy("Contributions paid short")),
    ("arrears", gettext_lazy("Insurance arrears (yuan)")),
    ("required", gettext_lazy("Posts the standard calls for")),
    ("posts", gettext_lazy("Posts under a standard")),
    ("gap", gettext_lazy("Post gap")),
)
COUNTS = tuple(name for name, _label in FIGURES if name not in ("rate", "arrears", "gap"))


@dataclass
class Row:
    key: int | None
    label: str
    values: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    arrears_cents: int = 0
    #: False for an organisation no standard in force applies to (none of its service units
    #: calls for a post): its posts are not "too many", the gap does not apply.
    gap_applies: bool = True

    @property
    def gap(self) -> int | None:
        """Posts the standards call for minus the posts under a standard (positive: posts
        missing)."""
        if not self.gap_applies:
            return None
        return self.values["required"] - self.values["posts"]

    @property
    def rate(self) -> Decimal | None:
        """Credentialed share of the designated posts held, in per cent (one decimal);
        ``None`` when no designated post is held."""
        held = self.values["designated_filled"]
        if not held:
            return None
        return (Decimal(self.values["credentialed"] * 100) / held).quantize(Decimal("0.1"))

    @property
    def arrears(self) -> Decimal:
        return (Decimal(self.arrears_cents) / 100).quantize(Decimal("0.01"))

    def get(self, name: str):
        if name == "rate":
            return self.rate
        if name == "arrears":
            return self.arrears
        if name == "gap":
            return self.gap
        return self.values[name]

    def add(self, other: Row) -> None:
        for name in COUNTS:
            self.values[name] += other.values[name]
        self.arrears_cents += other.arrears_cents

    @property
    def problems(self) -> int:
        """How many things need attention (for sorting the worst first)."""
        v = self.values
        return (
            v["flagged"]
            + v["plans_overdue"]
            + v["pay_below"]
            + v["insurance_late"]
            + v["insurance_short"]
            + max(self.gap or 0, 0)
        )


@dataclass
class Dashboard:
    on: date
    month_from: date
    month_to: date
    grouping: str
    rows: list[Row]
    total: Row


def today() -> date:
    return timezone.localdate()


def default_period(on: date) -> tuple[date, date]:
    """The twelve months up to and including the month of ``on``."""
    start_year, start_month = (on.year - 1, on.month + 1) if on.month < 12 else (on.year, 1)
    return date(start_year, start_month, 1), date(on.year, on.month, 1)


# --- Credentials (POST-3) --------------------------------------------------------------------


def _rank(field_name: str) -> Case:
    return Case(
        *(When(**{field_name: level}, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


def credentialed(queryset, on: date):
    """The employment whose holder is credentialed on ``on``: a valid certificate of at least
    the post type's required level in force on ``on`` (``core.dated``), issued by then, and a
    registration valid that day (the hire rule's conditions, ``services.credential_problems``),
    as two ``EXISTS`` conditions that the database runs as joins."""
    certificates = Certificate.objects.annotate(rank=_rank("level")).filter(
        person=OuterRef("person"),
        status=CertificateStatus.VALID,
        issue_date__lte=on,
        rank__gte=OuterRef("required_rank"),
    )
    return (
        queryset.annotate(
            required_level_then=dated.expression(PostType, "required_level", "post__post_type", on)
        )
        .annotate(required_rank=_rank("required_level_then"))
        .filter(services.valid_registration(on))
        .filter(Exists(certificates))
    )


# --- The dashboard ---------------------------------------------------------------------------


ORG = "organisation"


def _within(queryset, prefix: str, district: Area | None, organisation: Organisation | None):
    if organisation is not None:
        queryset = queryset.filter(**{prefix: organisation})
    if district is not None:
        queryset = queryset.filter(**{f"{prefix}__area__path__startswith": district.path})
    return queryset


def _grouped(queryset, org_path: str, **aggregates) -> dict:
    rows = queryset.values(org_path).annotate(**aggregates).order_by()
    return {row.pop(org_path): row for row in rows}


def by_organisation(
    user,
    on: date,
    month_from: date,
    month_to: date,
    district: Area | None = None,
    organisation: Organisation | None = None,
) -> dict[int | None, dict]:
    """The figures of every organisation with something to count, as ``{organisation id:
    {figure: value}}``, over the records ``user`` may view (one grouped query a figure)."""
    figures: dict[int | None, dict] = {}

    def merge(grouped: dict) -> None:
        for key, values in grouped.items():
            figures.setdefault(key, {}).update(values)

    # Conditions sit in WHERE (one query each) rather than in FILTER clauses of one query, so
    # that PostgreSQL turns EXISTS / NOT EXISTS into hash (anti-)joins instead of running a
    # subquery for every row.
    posts = _within(
        restrict(Post.objects.all(), user, "view", own=False), ORG, district, organisation
    )
    posts = posts.filter(is_active=True, designated=True)
    merge(_grouped(posts, ORG, designated_posts=Count("pk")))
    merge(_grouped(posts.exclude(services.filled_on(on)), ORG, designated_vacant=Count("pk")))

    held = restrict(Employment.objects.all(), user, "view", own=False).filter(
        Q(end__isnull=True) | Q(end__gte=on), start__lte=on, post__designated=True
    )
    held = _within(held, f"post__{ORG}", district, organisation)
    by_post = f"post__{ORG}"
    merge(_grouped(held, by_post, designated_filled=Count("pk")))
    merge(_grouped(credentialed(held, on), by_post, credentialed=Count("pk")))
    open_plan = ConversionPlan.objects.filter(employment=OuterRef("pk"), completed_on__isnull=True)
    flagged = held.exclude(services.valid_registration(on)).exclude(Exists(open_plan))
    merge(_grouped(flagged, by_post, flagged=Count("pk")))

    plans = _within(
        restrict(ConversionPlan.objects.all(), user, "view", own=False),
        f"employment__post__{ORG}",
        district,
        organisation,
    )
    merge(
        _grouped(
            plans.filter(completed_on__isnull=True),
            f"employment__post__{ORG}",
            plans_open=Count("pk"),
            plans_overdue=Count("pk", filter=Q(deadline__lt=on)),
        )
    )

    period = {"month__gte": month_from, "month__lte": month_to}
    pay_records = _within(
        restrict(PayRecord.objects.all(), user, "view", own=False).filter(**period),
        f"employment__post__{ORG}",
        district,
        organisation,
    )
    merge(
        _grouped(
            pay.pay_flags(pay_records),
            f"employment__post__{ORG}",
            pay_records=Count("pk"),
            pay_below=Count("pk", filter=Q(below_floor=True)),
        )
    )

    contributions = _within(
        restrict(InsuranceContribution.objects.all(), user, "view", own=False).filter(**period),
        f"employment__post__{ORG}",
        district,
        organisation,
    )
    in_arrears = Q(short=True, due_date__lt=on)
    merge(
        _grouped(
            pay.insurance_flags(contributions, on),
            f"employment__post__{ORG}",
            insurance_records=Count("pk"),
            insurance_late=Count("pk", filter=Q(late=True)),
            insurance_short=Count("pk", filter=Q(short=True)),
            arrears_cents=Sum("shortfall_cents", filter=in_arrears),
        )
    )
    return figures


def _gap(user, by: str, on: date, district: Area | None, organisation: Organisation | None):
    if by == GapGrouping.ORGANISATION:
        # Within a district: that district's units only, so that the units of no organisation
        # keep their row (key None) with the district's own figures, and the rows add up to
        # the district's row of the city view and of the staffing-gap page (issue 12, defect 4).
        within = district if organisation is None else None
        rows = services.staffing_gap(user, by=by, on=on, filled=False, district=within)
        keep = None
        if organisation is not None:
            keep = {organisation.pk}
        elif district is not None:
            keep = set(
                Organisation.objects.filter(area__path__startswith=district.path).values_list(
                    "pk", flat=True
                )
            ) | {None}
        if keep is not None:
            rows = [r for r in rows if r["key"] in keep]
        return {r["key"]: r for r in rows}
    rows = services.staffing_gap(user, by=by, on=on, filled=False)
    if district is not None:
        rows = [r for r in rows if r["key"] == district.pk]
    return {r["key"]: r for r in rows}


def _districts() -> list[tuple[str, int, str]]:
    return sorted(
        Area.objects.filter(level="district").values_list("path", "pk", "name"),
        key=lambda d: -len(d[0]),
    )


def _district_of(path: str, districts) -> tuple[int | None, str]:
    for district_path, pk, name in districts:
        if path.startswith(district_path):
            return pk, name
    return None, _("Not in a district (city level)")


def _row(key, label, values: dict) -> Row:
    row = Row(key, label)
    values = dict(values)
    row.arrears_cents = values.pop("arrears_cents", None) or 0
    row.values.update({name: value or 0 for name, value in values.items()})
    return row


def dashboard(
    user,
    grouping: str = Grouping.DISTRICT,
    *,
    on: date | None = None,
    month_from: date | None = None,
    month_to: date | None = None,
    district: Area | None = None,
    organisation: Organisation | None = None,
) -> Dashboard:
    """The compliance figures for the city (rows by district), a district (rows by
    organisation, or one row) or an organisation, over the records ``user`` may view.
    ``month_from``/``month_to`` bound the pay and insurance months (default: the twelve
    months up to the month of ``on``, which defaults to today)."""
    on = on or today()
    default_from, default_to = default_period(on)
    month_from = month_from or default_from
    month_to = month_to or default_to
    if organisation is not None:
        grouping = Grouping.ORGANISATION
    figures = by_organisation(user, on, month_from, month_to, district, organisation)
    names = {
        pk: (name, path)
        for pk, name, path in Organisation.objects.filter(pk__in=[k for k in figures if k])
        .values_list("pk", "name", "area__path")
        .iterator()
    }
    rows: dict = {}
    if grouping == Grouping.ORGANISATION:
        gap = _gap(user, GapGrouping.ORGANISATION, on, district, organisation)
        extra = [k for k in gap if k not in names and k is not None]
        names.update(
            (pk, (name, path))
            for pk, name, path in Organisation.objects.filter(pk__in=extra).values_list(
                "pk", "name", "area__path"
            )
        )
        for key in set(figures) | set(gap):
            label = names.get(key, (_("Service units of no organisation"), ""))[0]
            rows[key] = _row(key, label, figures.get(key, {}))
            rows[key].gap_applies = bool(gap.get(key, {}).get("required"))
    else:
        gap = _gap(user, GapGrouping.DISTRICT, on, district, None)
        districts = _districts()
        for key, values in figures.items():
            district_key, label = _district_of(names.get(key, ("", ""))[1], districts)
            rows.setdefault(district_key, Row(district_key, label)).add(_row(key, "", values))
        labels = {pk: name for _path, pk, name in districts}
        for key in gap:
            rows.setdefault(key, Row(key, labels.get(key, _("Not in a district (city level)"))))
    for key, row in rows.items():
        found = gap.get(key)
        if found:
            row.values["required"] = found["required"]
            row.values["posts"] = found["posts"]
    ordered = sorted(rows.values(), key=lambda r: (str(r.label), r.key or 0))
    total = Row(None, _("Total"))
    for row in ordered:
        total.add(row)
    return Dashboard(on, month_from, month_to, grouping, ordered, total)
