"""EDU-2: continuing-education rules applied to people, computed in the database.

A rule (:class:`~shegong.education.models.CpdRule`) is counted over each calendar year
(the city's rule: at least 15 days a year, policy clause 5) or over each registration period
(the national rule: 72 hours for assistants, 90 for the two higher levels, per 3-year
period). What a person is credited with under a rule:

- only **approved** records count, dated inside the window (a calendar year: 1 Jan to
  31 Dec inclusive; a period: the registration's ``valid_from`` to ``valid_until``);
- each record's amount in the rule's unit: in days, its ``days`` if given, else
  ``hours / hours_per_day``; in hours, its ``hours`` if given, else ``days × hours_per_day``
  (the hours of a kind are summed before they are divided, so no rounding creeps in).
  ``hours_per_day`` is the rule's own, else the parameter ``education.hours_per_day`` (8);
- per kind: the sum of the amounts × the kind's weight (a kind the rule does not list does
  not count), then at most the kind's cap; the credited total is the sum over the kinds;
- supervision sessions of the person as supervisee count as the kind ``supervision`` (their
  hours, converted like a record's) when the rule lists that kind.

Who a rule applies to: a yearly rule, everyone holding a valid certificate (issued on or
before the window's end; the level is the highest such certificate); a period rule, everyone
with a live registration (registered or suspended) on the day asked about, at the registered
level.

Everything is one SQL query (:func:`progress`): the window's records grouped per person in a
common table expression (django-cte, ADR 0027), the people the rule applies to LEFT JOINed to
those sums, subqueries for the level and supervision hours, no Python loop over people. The
compliance list (:func:`compliance`) is that query with "credited < required"; the person page
and the renewal check are the same query for one person.

Renewal (REG-3 ↔ EDU-2): :func:`renewal_condition` is appended to
``registry.services.registrations.RENEWAL_CONDITIONS``. It checks the rules of the register's
scope (``registry.rule_scope`` on the renewal's date, else the city's) marked
``checked_at_renewal``: a yearly rule
over the last full calendar year of the registration (the year of ``valid_until`` when it is
31 December, else the year before); a period rule over the registration's own period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.db.models.sql.constants import LOUTER
from django.utils import timezone
from django.utils.translation import gettext as _
from django_cte import CTE, with_cte

from shegong.core import parameters
from shegong.people.models import Person
from shegong.registry.choices import CertificateStatus, Level, RegistrationStatus
from shegong.registry.models import Certificate, Registration
from shegong.registry.services.registrations import rule_scope
from shegong.workforce.services import current_employments

from . import parameters as keys
from . import years as cpd_year
from .choices import CourseKind, CpdStatus, RuleBasis, RuleUnit
from .models import CpdRecord, CpdRule, SupervisionSession

AMOUNT = DecimalField(max_digits=12, decimal_places=4)
ZERO = Value(Decimal("0"), output_field=AMOUNT)
LIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED)
# The level codes sort in rank order (assistant < intermediate < senior), so the highest
# certificate is the greatest code: one ORDER BY in SQL, checked here once.
assert sorted(Level.values) == [Level.ASSISTANT, Level.INTERMEDIATE, Level.SENIOR]


def rules_in_force(year: int) -> list[CpdRule]:
    """For each rule code, the row with the latest ``from_year`` ≤ ``year``, if it is active
    (a later row replaces the earlier ones, whatever its sort order; an inactive one switches
    the rule off), in sort order."""
    found: dict[str, CpdRule] = {}
    rows = CpdRule.objects.filter(from_year__lte=year).order_by("code", "-from_year")
    for rule in rows:
        found.setdefault(rule.code, rule)
    return sorted((r for r in found.values() if r.is_active), key=lambda r: (r.sort_order, r.code))


def hours_per_day(rule: CpdRule, on: date | None = None) -> Decimal:
    if rule.hours_per_day:
        return Decimal(rule.hours_per_day)
    return Decimal(str(parameters.value(keys.HOURS_PER_DAY, on)))


def _dec(value) -> Value:
    return Value(Decimal(str(value)), output_field=AMOUNT)


def exact(expression):
    """SQLite stores whole decimals as integers and divides them as integers (116 / 8 = 14):
    there, compute in floating point; PostgreSQL's numeric is exact."""
    if connection.vendor == "sqlite":
        return Cast(expression, FloatField())
    return expression


def per_day_of(hours, per_day: Decimal):
    """Hours as days (SQL)."""
    return ExpressionWrapper(exact(hours) / _dec(per_day), output_field=AMOUNT)


def days_of(hours, days, per_day: Decimal):
    """A record's days: its days if given, else hours / hours-per-day (SQL)."""
    return Coalesce(days, per_day_of(hours, per_day), output_field=AMOUNT)


def _parts(rule: CpdRule, supervision: bool) -> list[tuple[list[str], Decimal]]:
    """The rule's counted kinds in groups that are summed together: kinds with the same weight
    and no cap share one group (so the common rule is one aggregate); a capped kind, and
    supervision when sessions are added to it, are groups of their own."""
    groups: dict[str, list[str]] = {}
    alone = []
    for kind in CourseKind.values:
        if kind not in rule.weights:
            continue
        if kind in rule.caps or (kind == CourseKind.SUPERVISION and supervision):
            alone.append(([kind], Decimal(str(rule.weights[kind]))))
        else:
            groups.setdefault(str(rule.weights[kind]), []).append(kind)
    return [(kinds, Decimal(weight)) for weight, kinds in groups.items()] + alone


def _sums(rule: CpdRule, parts, per_day: Decimal) -> dict:
    """Per group of kinds, one aggregate over a person's records, ``s<i>``: the sum of their
    amounts in hours. A record's amount is given in the rule's unit if it has one (in a days
    rule, its days × hours-per-day; in an hours rule, its hours), else in the other unit. The
    sum is converted to days once, outside, so that 116 h + 4 h make exactly 20 days at 6 h a
    day, not 19.99…. With one group (the common rule) the records are already only of its
    kinds, and the sum needs no FILTER."""
    days = ExpressionWrapper(F("days") * _dec(per_day), output_field=AMOUNT)
    if rule.unit == RuleUnit.DAYS:
        hours = Coalesce(days, F("hours"), output_field=AMOUNT)
    else:
        hours = Coalesce(F("hours"), days, output_field=AMOUNT)
    sums = {}
    for i, (kinds, _weight) in enumerate(parts):
        if len(parts) == 1:
            sums[f"s{i}"] = Sum(exact(hours), output_field=AMOUNT)
        else:
            kinds_q = Q(kind=kinds[0]) if len(kinds) == 1 else Q(kind__in=kinds)
            sums[f"s{i}"] = Sum(exact(hours), filter=kinds_q, output_field=AMOUNT)
    return sums


def _supervision_hours(start, end):
    """Hours of supervision of the outer person as supervisee, held in [start, end]."""
    sessions = (
        SupervisionSession.objects.filter(
            supervision__supervisee=OuterRef("pk"), held_on__gte=start, held_on__lte=end
        )
        .order_by()
        .values("supervision__supervisee")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(sessions, output_field=AMOUNT), ZERO)


def credited_expression(rule: CpdRule, per_day: Decimal, parts, column, supervision=None):
    """The credited total from the per-person sums (``column(name)`` gives the SQL of
    ``s<i>``, NULL for a person without records): per group, its hours (plus the hours of
    supervision sessions for the supervision kind) in the rule's unit, × the weight, at most
    the cap; summed over the groups."""
    total = None
    for i, (kinds, weight) in enumerate(parts):
        hours = Coalesce(column(f"s{i}"), ZERO, output_field=AMOUNT)
        if kinds == [CourseKind.SUPERVISION] and supervision is not None:
            hours = hours + supervision
        part = per_day_of(hours, per_day) if rule.unit == RuleUnit.DAYS else hours
        if weight != 1:
            part = part * _dec(weight)
        if len(kinds) == 1 and kinds[0] in rule.caps:
            part = Least(part, _dec(rule.caps[kinds[0]]))
        total = part if total is None else total + part
    return ExpressionWrapper(total if total is not None else ZERO, output_field=AMOUNT)


def required_expression(rule: CpdRule, levels):
    """What the rule asks of the outer person: a constant when every level needs the same
    (the city's rule), else one subquery over ``levels`` (certificates or registrations of
    the person, best first) that maps the level to the amount."""
    amounts = {level: rule.required_for(level) for level in Level.values}
    if len(set(amounts.values())) == 1:
        return _dec(amounts[Level.ASSISTANT])
    mapping = Case(
        *(When(level=level, then=_dec(amount)) for level, amount in amounts.items()),
        output_field=AMOUNT,
    )
    return Subquery(levels.annotate(amount=mapping).values("amount")[:1], output_field=AMOUNT)


def _valid_certificates(end: date):
    return Certificate.objects.filter(
        person=OuterRef("pk"), status=CertificateStatus.VALID, issue_date__lte=end
    ).order_by("-level")


def _live_registration(on: date, person=None):
    return Registration.objects.filter(
        person=OuterRef("pk") if person is None else person,
        status__in=LIVE,
        valid_from__lte=on,
        valid_until__gte=on,
    ).order_by("-valid_from")


@dataclass(frozen=True)
class Window:
    """What a progress query counts over: a year, or a registration period (given, or the
    live one on ``on``)."""

    year: int | None = None
    on: date | None = None
    registration: Registration | None = None


def _records(rule: CpdRule, window: Window, people: QuerySet):
    """The approved records that count in the window, as a queryset (before grouping)."""
    records = CpdRecord.objects.filter(status=CpdStatus.APPROVED).order_by()
    if rule.basis == RuleBasis.YEAR:
        records = records.filter(completed_on__range=cpd_year.bounds(window.year))
    elif window.registration is not None:
        reg = window.registration
        return records.filter(
            person_id=reg.person_id,
            completed_on__gte=reg.valid_from,
            completed_on__lte=reg.valid_until,
        )
    else:
        live = _live_registration(window.on or timezone.localdate(), OuterRef("person_id"))
        records = records.filter(
            completed_on__gte=Subquery(live.values("valid_from")[:1]),
            completed_on__lte=Subquery(live.values("valid_until")[:1]),
        )
    if people.query.where:
        # A narrowed list (a district, an organisation, one person) sums only its people's
        # records; the whole list sums them all, as a hand-written query would.
        records = records.filter(person__in=people.values("pk"))
    return records


def progress(rule: CpdRule, window: Window, people: QuerySet | None = None) -> QuerySet:
    """People the rule applies to, each with ``credited``, ``required``, ``missing`` (never
    below 0) and, for a period, ``level``, ``period_start``/``period_end``. One query.

    ``people``: a Person queryset to start from (e.g. ``restrict(user, "view")``).

    The shape is the one a hand-written query has: the window's records are grouped per
    person first (a narrow aggregate on the person's id, in a common table expression), and
    the people the rule applies to are LEFT JOINed to those sums. Joining people to their
    records and grouping afterwards was 5 times slower at national scale (2,000,000 holders,
    20,000,000 records; see docs/performance.md)."""
    people = Person.objects.all() if people is None else people
    if rule.basis == RuleBasis.YEAR:
        start, end = cpd_year.bounds(window.year)
        per_day = hours_per_day(rule, end)
        certificates = _valid_certificates(end)
        # EXISTS in WHERE is a semi-join. The level is not selected: a subquery per row returned
        # tripled the time of the whole list at scale; the page shows the levels of its own rows
        # (``levels_of``), and a rule whose amount depends on the level reads it in WHERE.
        base = people.filter(Exists(certificates))
        extra = {}
        levels = certificates
    elif window.registration is not None:
        reg = window.registration
        start, end = reg.valid_from, reg.valid_until
        per_day = hours_per_day(rule, end)
        base = people.filter(pk=reg.person_id)
        extra = {"level": Value(reg.level), "period_start": Value(start), "period_end": Value(end)}
        levels = Registration.objects.filter(pk=reg.pk)
    else:
        on = window.on or timezone.localdate()
        per_day = hours_per_day(rule, on)
        live = _live_registration(on)
        base = people.annotate(
            level=Subquery(live.values("level")[:1]),
            period_start=Subquery(live.values("valid_from")[:1]),
            period_end=Subquery(live.values("valid_until")[:1]),
        ).filter(level__isnull=False)
        levels = live
        start, end = OuterRef("period_start"), OuterRef("period_end")
        extra = {}
    supervision = None
    if CourseKind.SUPERVISION in rule.weights:
        supervision = _supervision_hours(start, end)
    parts = _parts(rule, supervision is not None)
    records = _records(rule, window, people)
    if parts:
        records = records.filter(kind__in=[kind for kinds, _weight in parts for kind in kinds])
    sums = records.values("person_id").annotate(**_sums(rule, parts, per_day))
    done = CTE(sums, name="cpd_done")
    joined = done.join(base, pk=done.col.person_id, _join_type=LOUTER)
    return (
        with_cte(done, select=joined)
        .annotate(**extra)
        .annotate(
            credited=credited_expression(
                rule, per_day, parts, lambda name: getattr(done.col, name), supervision
            ),
            required=required_expression(rule, levels),
        )
        .annotate(
            missing=Greatest(
                ExpressionWrapper(F("required") - F("credited"), output_field=AMOUNT), ZERO
            )
        )
    )


def compliance(
    rule: CpdRule,
    window: Window,
    people: QuerySet | None = None,
    *,
    area=None,
    organisation=None,
) -> QuerySet:
    """Everyone short of ``rule`` in the window (credited < required), in the database,
    optionally in a district (``area``: the person's district or below) or an organisation
    (``organisation``: where the person holds a post now, from the workforce module)."""
    people = Person.objects.all() if people is None else people
    if area is not None:
        people = people.filter(area__path__startswith=area.path)
    if organisation is not None:
        on = window.on or timezone.localdate()
        people = people.filter(
            Exists(
                current_employments(on).filter(
                    person=OuterRef("pk"), post__organisation=organisation
                )
            )
        )
    return (
        progress(rule, window, people)
        .filter(credited__lt=F("required"))
        .values("pk", "name", "area__name", "credited", "required", "missing")
        .order_by("area__name", "name", "pk")
    )


def levels_of(person_ids, on: date) -> dict[int, str]:
    """Each person's highest valid certificate level on ``on`` (for the rows of one page or
    an export), as its label."""
    rows = (
        Certificate.objects.filter(
            person_id__in=list(person_ids), status=CertificateStatus.VALID, issue_date__lte=on
        )
        .order_by("person_id", "-level")
        .values_list("person_id", "level")
    )
    found: dict[int, str] = {}
    for person_id, level in rows:
        found.setdefault(person_id, str(Level(level).label))
    return found


def window_end(window: Window) -> date:
    if window.year:
        return cpd_year.year_end(window.year)
    if window.registration is not None:
        return window.registration.valid_until
    return window.on or timezone.localdate()


def organisations_of(person_ids, on: date | None = None) -> dict[int, str]:
    """Where each person holds a post on ``on`` (for the rows of one page or an export)."""
    rows = (
        current_employments(on)
        .filter(person_id__in=list(person_ids))
        .order_by("person_id", "-start")
        .values_list("person_id", "post__organisation__name")
    )
    found: dict[int, str] = {}
    for person_id, name in rows:
        found.setdefault(person_id, name)
    return found


# --- One person ----------------------------------------------------------------------------------


def number(value) -> str:
    """12.5, 15 (not 15.0000)."""
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:f}".removesuffix(".0")


@dataclass
class Progress:
    rule: CpdRule
    label: str
    credited: Decimal
    required: Decimal

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.credited, Decimal("0"))

    @property
    def met(self) -> bool:
        return self.credited >= self.required

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return min(int(self.credited * 100 / self.required), 100)

    @property
    def unit(self) -> str:
        return _("days") if self.rule.unit == RuleUnit.DAYS else _("hours")

    def message(self) -> str:
        """ "12.5 of 15 days in 2026: 2.5 days missing" """
        text = _("%(credited)s of %(required)s %(unit)s %(window)s") % {
            "credited": number(self.credited),
            "required": number(self.required),
            "unit": self.unit,
            "window": self.label,
        }
        if self.met:
            return text
        return _("%(text)s: %(missing)s %(unit)s missing") % {
            "text": text,
            "missing": number(self.missing),
            "unit": self.unit,
        }


def _window_label(rule: CpdRule, window: Window, row: dict) -> str:
    if rule.basis == RuleBasis.YEAR:
        return _("in %(year)s") % {"year": window.year}
    start = row.get("period_start") or window.registration.valid_from
    end = row.get("period_end") or window.registration.valid_until
    return _("in the registration period %(start)s – %(end)s") % {"start": start, "end": end}


def person_progress(rule: CpdRule, person, window: Window) -> Progress | None:
    """The person's progress under ``rule`` (``None`` when it does not apply to them)."""
    rows = progress(rule, window, Person.objects.filter(pk=person.pk))
    fields = ["credited", "required"]
    if rule.basis == RuleBasis.PERIOD and window.registration is None:
        fields += ["period_start", "period_end"]
    row = rows.values(*fields).first()
    if row is None:
        return None
    return Progress(rule, _window_label(rule, window, row), row["credited"], row["required"])


def progress_of(person, on: date | None = None) -> list[Progress]:
    """Progress against every rule in force that applies to ``person`` (the person page)."""
    on = on or timezone.localdate()
    found = []
    year = cpd_year.year_of(on)
    for rule in rules_in_force(year):
        window = Window(year=year) if rule.basis == RuleBasis.YEAR else Window(on=on)
        result = person_progress(rule, person, window)
        if result is not None:
            found.append(result)
    return found


def renewal_check_year(registration: Registration) -> int:
    """The last full CPD year of the registration (``education.years``)."""
    until = registration.valid_until
    year = cpd_year.year_of(until)
    return year if until == cpd_year.year_end(year) else year - 1


def renewal_rules(year: int, on: date | None = None) -> list[CpdRule]:
    checked = [r for r in rules_in_force(year) if r.checked_at_renewal]
    scope = rule_scope(on)
    chosen = [r for r in checked if r.scope == scope]
    return chosen or [r for r in checked if r.scope == "city"]


def renewal_condition(registration: Registration, on: date) -> list[str]:
    """The continuing education a renewal needs, not yet done (empty: none missing)."""
    year = renewal_check_year(registration)
    problems = []
    for rule in renewal_rules(year, on):
        if rule.basis == RuleBasis.YEAR:
            window = Window(year=year)
        else:
            window = Window(registration=registration)
        result = person_progress(rule, registration.person, window)
        if result is None or result.met:
            continue
        problems.append(
            _("Continuing education (%(rule)s): %(progress)s.")
            % {"rule": rule.name, "progress": result.message()}
        )
    return problems
