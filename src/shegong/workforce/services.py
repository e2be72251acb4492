"""Post standards and staffing (POST-1 to POST-3): every rule of the workforce module.

Writes
======

- :func:`hire` (POST-3, 持证上岗): a person takes a post from a start date. Into a *designated*
  post, a ``new_hire`` or a ``transfer`` must hold, on the start date, a valid (not recalled)
  certificate of at least the level the post type requires and a registration with status
  registered whose ``valid_from`` ≤ start ≤ ``valid_until``; otherwise the hire is refused
  with a message naming each thing missing ("no certificate", "certificate level X is below
  the required Y", "no registration valid on <date>"). A ``conversion`` (existing staff put
  into a designated post) without those credentials needs a conversion plan (training batch,
  exam year, deadline), created in the same call; without one it is refused. A post is held
  by one person at a time. A non-designated post has no credential check.
- :func:`end_employment`: the last day in the post.
- :func:`complete_plan`: a conversion plan is completed once the person holds the
  credentials (checked on the completion date).

Queries (computed in the database, so they follow the register at once)
======================================================================

- :func:`credential_flags` (POST-3): current employment in designated posts whose holder has
  no registration valid today (expired, cancelled, suspended, or ``valid_until`` passed before
  the daily expiry job ran) and no open conversion plan. A cancellation shows at once.
- :func:`overdue_plans` (POST-3): plans not completed whose deadline is before the date; a
  plan due today is not overdue.
- :func:`staffing_gap` (POST-1, POST-2): the posts the standards in force call for, by service
  unit, district, organisation or field, against the posts that exist and those filled. Per unit and
  standard, required = ceil(count × weight / N), in integer arithmetic (weight in hundredths)
  so that SQLite and PostgreSQL round alike.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shegong.areas.models import Area
from shegong.core import dated
from shegong.core.permissions import restrict
from shegong.core.services import create_record, ensure_allowed, update_record
from shegong.organisations.models import Organisation, ServiceField
from shegong.registry.choices import LEVEL_RANK, CertificateStatus, Level, RegistrationStatus
from shegong.registry.models import Certificate, Registration

from .choices import EmploymentKind, GapGrouping, StandardBasis
from .models import ConversionPlan, Employment, Post, PostStandard, ServiceUnit

#: Kinds of employment that must bring their credentials into a designated post.
CREDENTIALED_KINDS = (EmploymentKind.NEW_HIRE, EmploymentKind.TRANSFER)


def _today() -> date:
    return timezone.localdate()


# --- Credentials ---------------------------------------------------------------------------------


def valid_registration(on: date, person_ref="person") -> Exists:
    """A registration of the person (``person_ref`` from the outer query) valid on ``on``."""
    return Exists(
        Registration.objects.filter(
            person=OuterRef(person_ref),
            status=RegistrationStatus.REGISTERED,
            valid_from__lte=on,
            valid_until__gte=on,
        )
    )


def credential_problems(person, required_level: str, on: date) -> list[str]:
    """POST-3: what ``person`` lacks on ``on`` to hold a designated post requiring
    ``required_level``; empty when nothing is missing."""
    problems = []
    levels = Certificate.objects.filter(
        person=person, status=CertificateStatus.VALID, issue_date__lte=on
    ).values_list("level", flat=True)
    best = max(levels, key=lambda level: LEVEL_RANK[level], default=None)
    if best is None:
        problems.append(_("no certificate"))
    elif LEVEL_RANK[best] < LEVEL_RANK[required_level]:
        problems.append(
            _("certificate level %(level)s is below the required %(required)s")
            % {"level": Level(best).label, "required": Level(required_level).label}
        )
    has_registration = Registration.objects.filter(
        person=person,
        status=RegistrationStatus.REGISTERED,
        valid_from__lte=on,
        valid_until__gte=on,
    ).exists()
    if not has_registration:
        problems.append(_("no registration valid on %(date)s") % {"date": date_format(on, "Y-m-d")})
    return problems


# --- Employment ----------------------------------------------------------------------------------


def current_employments(on: date | None = None) -> QuerySet:
    """Employment in force on ``on`` (today): started, and not ended before that day."""
    on = on or _today()
    return Employment.objects.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


def filled_on(on: date | None = None, post_ref="pk") -> Exists:
    """Whether the post (``post_ref`` from the outer query) is held on ``on``."""
    return Exists(current_employments(on).filter(post=OuterRef(post_ref)))


def current_employment(post: Post, on: date | None = None) -> Employment | None:
    return current_employments(on).filter(post=post).select_related("person").first()


@transaction.atomic
def hire(
    actor,
    person,
    post: Post,
    start: date,
    kind: str,
    *,
    reason: str = "",
    training_batch: str = "",
    exam_year: int | None = None,
    deadline: date | None = None,
) -> Employment:
    """POST-3: put ``person`` into ``post`` from ``start`` (see the module docstring for the
    rule). Returns the new :class:`Employment`; a conversion without credentials also gets
    its :class:`ConversionPlan`."""
    post = Post.objects.select_for_update().select_related("post_type").get(pk=post.pk)
    ensure_allowed(actor, "change", post)
    if not post.is_active:
        raise ValidationError(_("The post %(post)s is closed.") % {"post": post})
    if kind not in EmploymentKind.values:
        raise ValidationError({"kind": _("Unknown kind of employment.")})
    held = post.employments.filter(Q(end__isnull=True) | Q(end__gte=start)).first()
    if held is not None:
        raise ValidationError(
            _("The post %(post)s is held by %(person)s from %(start)s; end that first.")
            % {"post": post, "person": held.person, "start": held.start}
        )
    problems = []
    if post.designated:
        problems = credential_problems(
            person, dated.as_of(post.post_type, "required_level", start), start
        )
    if problems and kind in CREDENTIALED_KINDS:
        raise ValidationError(
            _("%(person)s cannot be hired into the designated post %(post)s: %(problems)s.")
            % {"person": person, "post": post, "problems": "; ".join(problems)},
            code="credentials",
        )
    plan_given = bool((training_batch or "").strip()) and exam_year and deadline
    if problems and not plan_given:
        raise ValidationError(
            _(
                "%(person)s lacks credentials for the designated post %(post)s (%(problems)s): "
                "a conversion needs a conversion plan with a training batch, an exam year and "
                "a deadline."
            )
            % {"person": person, "post": post, "problems": "; ".join(problems)},
            code="plan_required",
        )
    employment = create_record(
        actor,
        Employment,
        {"person": person, "post": post, "start": start, "kind": kind},
        reason,
    )
    if problems:
        create_record(
            actor,
            ConversionPlan,
            {
                "employment": employment,
                "training_batch": training_batch.strip(),
                "exam_year": exam_year,
                "deadline": deadline,
            },
            reason,
        )
    return employment


@transaction.atomic
def end_employment(actor, employment: Employment, end: date, *, reason: str = "") -> Employment:
    """The person's last day in the post is ``end``."""
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    ensure_allowed(actor, "change", employment)
    if employment.end is not None:
        raise ValidationError(
            _("This employment already ended on %(end)s.") % {"end": employment.end}
        )
    if end < employment.start:
        raise ValidationError({"end": _("The end cannot be before the start.")})
    return update_record(
        actor, employment, {"end": end, "end_reason": (reason or "")[:300]}, reason
    )


@transaction.atomic
def complete_plan(
    actor, plan: ConversionPlan, completed_on: date, *, reason: str = ""
) -> ConversionPlan:
    """POST-3: the person of a conversion plan is now certified and registered."""
    plan = ConversionPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_allowed(actor, "change", plan)
    if plan.completed_on is not None:
        raise ValidationError(
            _("This plan was completed on %(date)s.") % {"date": plan.completed_on}
        )
    employment = plan.employment
    problems = credential_problems(
        employment.person,
        dated.as_of(employment.post.post_type, "required_level", completed_on),
        completed_on,
    )
    if problems:
        raise ValidationError(
            _("The plan cannot be completed yet: %(problems)s.") % {"problems": "; ".join(problems)}
        )
    return update_record(actor, plan, {"completed_on": completed_on}, reason)


# --- Flags ---------------------------------------------------------------------------------------


def credential_flags(on: date | None = None, queryset: QuerySet | None = None) -> QuerySet:
    """POST-3: employment in designated posts, in force on ``on`` (today), whose holder has no
    registration valid that day and no open conversion plan. One query, no stored flag: a
    registration cancelled or expired shows here at once."""
    on = on or _today()
    queryset = Employment.objects.all() if queryset is None else queryset
    open_plan = Exists(
        ConversionPlan.objects.filter(employment=OuterRef("pk"), completed_on__isnull=True)
    )
    current = current_employments(on).values("pk")
    return (
        queryset.filter(pk__in=current, post__designated=True)
        .exclude(valid_registration(on))
        .exclude(open_plan)
    )


def overdue_plans(on: date | None = None, queryset: QuerySet | None = None) -> QuerySet:
    """POST-3: plans not completed whose deadline is before ``on`` (today)."""
    on = on or _today()
    queryset = ConversionPlan.objects.all() if queryset is None else queryset
    return queryset.filter(completed_on__isnull=True, deadline__lt=on)


# --- The staffing gap ----------------------------------------------------------------------------


def standards_in_force(on: date | None = None) -> QuerySet:
    """POST-1: per post type and basis, the standard with the latest ``valid_from`` ≤ ``on``."""
    on = on or _today()
    newer = PostStandard.objects.filter(
        post_type=OuterRef("post_type"),
        basis=OuterRef("basis"),
        valid_from__gt=OuterRef("valid_from"),
        valid_from__lte=on,
    )
    return PostStandard.objects.filter(valid_from__lte=on, post_type__is_active=True).exclude(
        Exists(newer)
    )


STANDARD = "field__post_types__standards__"


def _required_expression():
    """ceil(count × weight / N) of one unit and one standard, in integers."""
    count = Case(
        When(**{f"{STANDARD}basis": StandardBasis.SERVED_PEOPLE}, then=F("served_people")),
        When(**{f"{STANDARD}basis": StandardBasis.COMMUNITIES}, then=F("communities")),
        When(**{f"{STANDARD}basis": StandardBasis.SCHOOLS}, then=F("schools")),
        default=Value(0),
        output_field=IntegerField(),
    )
    hundredths = Cast(Round(F(f"{STANDARD}difficulty_weight") * 100), IntegerField())
    per = ExpressionWrapper(F(f"{STANDARD}units_per_post") * 100, output_field=IntegerField())
    return ExpressionWrapper((count * hundredths + per - 1) / per, output_field=IntegerField())


GROUPS = {
    GapGrouping.UNIT: ("pk", "name", "service_unit"),
    GapGrouping.DISTRICT: ("district", "district__name", "organisation__area"),
    GapGrouping.FIELD: ("field", "field__name", "field"),
    GapGrouping.ORGANISATION: ("organisation", "organisation__name", "organisation"),
}


def staffing_gap(
    user,
    by: str = GapGrouping.DISTRICT,
    on: date | None = None,
    *,
    filled: bool = True,
    district: Area | None = None,
) -> list[dict]:
    """POST-1: rows ``{key, label, required, posts, filled, gap}`` grouped ``by`` unit,
    district, organisation or field, over the service units and posts ``user`` may view.
    ``required`` sums the standards in force over active units; ``posts`` counts active posts
    of the post types those standards cover (by unit: the posts linked to the unit); ``gap`` =
    required − posts (positive: posts missing). Two grouped queries, merged by key.
    ``filled=False`` leaves ``filled`` at 0 (one check per post fewer). ``district`` keeps
    the units of that district and the posts of organisations in it (as the district's row
    counts them), so that the units of no organisation keep a row of their own there."""
    on = on or _today()
    by = GapGrouping(by)
    key, label, post_key = GROUPS[by]
    in_force = standards_in_force(on)
    units = restrict(ServiceUnit.objects.all(), user, "view").filter(is_active=True)
    if district is not None:
        units = units.filter(district__path__startswith=district.path)
    required = (
        units.filter(**{f"{STANDARD}in": in_force.values("pk")})
        .values(key, label)
        .annotate(required=Sum(_required_expression()))
        .order_by()
    )
    posts = restrict(Post.objects.all(), user, "view").filter(
        is_active=True, post_type__in=in_force.values("post_type")
    )
    if district is not None:
        posts = posts.filter(organisation__area__path__startswith=district.path)
    if by == GapGrouping.UNIT:
        posts = posts.filter(service_unit__in=units.values("pk"))
    if filled:
        posts = posts.annotate(is_filled=filled_on(on)).values(post_key)
        posts = posts.annotate(posts=Count("pk"), filled=Count("pk", filter=Q(is_filled=True)))
    else:
        posts = posts.values(post_key).annotate(posts=Count("pk"), filled=Value(0))
    posts = list(posts.order_by())
    if by == GapGrouping.DISTRICT:
        posts = _fold_into_districts(posts, post_key)
    rows: dict = {}
    for row in required:
        rows[row[key]] = {
            "key": row[key],
            "label": row[label],
            "required": row["required"] or 0,
            "posts": 0,
            "filled": 0,
        }
    labels = dict(_labels(by, [p[post_key] for p in posts if p[post_key] not in rows]))
    for row in posts:
        entry = rows.setdefault(
            row[post_key],
            {
                "key": row[post_key],
                "label": labels.get(row[post_key], "—"),
                "required": 0,
                "posts": 0,
                "filled": 0,
            },
        )
        entry["posts"] += row["posts"]
        entry["filled"] += row["filled"]
    result = sorted(rows.values(), key=lambda r: (str(r["label"]), r["key"] or 0))
    for entry in result:
        entry["gap"] = entry["required"] - entry["posts"]
    return result


def _fold_into_districts(posts: list[dict], area_key: str) -> list[dict]:
    """Posts counted by their organisation's area, added up by the district that area lies
    in (an organisation registered in a street counts in its district); an area above any
    district keeps its own row. Two small queries on the area tree."""
    keys = {p[area_key] for p in posts if p[area_key] is not None}
    paths = dict(Area.objects.filter(pk__in=keys).values_list("pk", "path"))
    districts = sorted(
        Area.objects.filter(level="district").values_list("path", "pk"), key=lambda d: -len(d[0])
    )

    def district(area_id):
        path = paths.get(area_id)
        if path is None:
            return area_id
        return next((pk for prefix, pk in districts if path.startswith(prefix)), area_id)

    folded: dict = {}
    for row in posts:
        key = district(row[area_key])
        entry = folded.setdefault(key, {area_key: key, "posts": 0, "filled": 0})
        entry["posts"] += row["posts"]
        entry["filled"] += row["filled"]
    return list(folded.values())


def _labels(by, keys):
    """Names of groups that have posts but no required number (one query)."""
    keys = [k for k in keys if k is not None]
    if not keys:
        return []
    if by == GapGrouping.UNIT:
        return ServiceUnit.objects.filter(pk__in=keys).values_list("pk", "name")
    if by == GapGrouping.FIELD:
        return ServiceField.objects.filter(pk__in=keys).values_list("pk", "name")
    if by == GapGrouping.ORGANISATION:
        return Organisation.objects.filter(pk__in=keys).values_list("pk", "name")
    return Area.objects.filter(pk__in=keys).values_list("pk", "name")
