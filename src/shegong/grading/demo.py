"""Demo grading (ORG-3): last year's cycle with three service organisations graded through
the whole journey (self-assessment, the first coordinating committee as the evaluator body
with ``evaluator_3`` recused for a board seat, scores, publication on 30 June): the first
service organisation by credit code 4A (so that its grade shows in a tender's eligibility),
the second 5A, the third 3A; and this year's cycle, open, with the fourth organisation's
application being scored (on ``evaluator_1``'s workbench). Written through the services;
skipped when cycles exist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from shegong.accounts.demo import ensure_user
from shegong.accounts.models import User
from shegong.core.roles import Role
from shegong.core.services import create_record, update_record
from shegong.governance.models import Committee
from shegong.organisations.models import Organisation

from . import rules, services
from .choices import AssignmentStatus
from .models import GradingCycle, IndicatorSystem

REASON = "demo data"
#: Share of each indicator's maximum the evaluators give, per graded organisation: 850 (4A),
#: 930 (5A), 760 (3A).
SHARES = [Decimal("0.85"), Decimal("0.93"), Decimal("0.76")]


def _admin_of(org, rng):
    """The organisation's demo administrator (``orgadmin_<id>``, made if missing)."""
    return ensure_user(rng, f"orgadmin_{org.pk}", Role.ORG_ADMIN, organisation=org)


def _self_assess(application, admin, rng, on):
    rows = {}
    for indicator in services.indicators_of(application):
        points = Decimal(indicator.max_points) * Decimal(rng.randint(85, 100)) / 100
        rows[indicator] = (points.quantize(Decimal("0.1")), "见佐证材料目录", None)
    services.save_claims(admin, application, rows, REASON)
    return services.submit(admin, application, on=on, reason=REASON)


def _score(application, share, rng, on):
    for assignment in application.assignments.filter(status=AssignmentStatus.ACTIVE):
        rows = {}
        for indicator in services.indicators_of(application):
            points = (Decimal(indicator.max_points) * share).quantize(Decimal("0.1"))
            rows[indicator] = (points, "")
        services.score(assignment.evaluator, assignment, rows, final=True, on=on, reason=REASON)


def generate(scale, rng, log):
    if GradingCycle.objects.exists():
        log(f"grades: {services.OrganisationGrade.objects.count()}")
        return
    system = IndicatorSystem.objects.order_by("pk").first()
    city = User.objects.filter(username="admin").first()
    committee = Committee.objects.order_by("pk").first()
    if system is None or city is None or committee is None:
        return
    today = timezone.localdate()
    last = today.year - 1
    past = create_record(
        None,
        GradingCycle,
        {
            "year": last,
            "opens_on": date(last, 1, 1),
            "closes_on": date(last, 12, 31),
            "system": system,
        },
        REASON,
    )
    current = create_record(
        None,
        GradingCycle,
        {
            "year": today.year,
            "opens_on": date(today.year, 1, 1),
            "closes_on": date(today.year, 12, 31),
            "system": system,
        },
        REASON,
    )
    providers = list(
        Organisation.objects.filter(kind="service_provider").order_by("credit_code")[:4]
    )
    applied_on = date(last, 3, 1)
    for org, share in zip(providers[:3], SHARES, strict=False):
        if (
            org.registered_on is None
            or rules.eligible_from(org.registered_on, applied_on) > applied_on
        ):
            update_record(None, org, {"registered_on": date(last - 3, 1, 1)}, REASON)
            org.refresh_from_db()
        admin = _admin_of(org, rng)
        application = services.apply(admin, past, org, on=applied_on, reason=REASON)
        _self_assess(application, admin, rng, date(last, 4, 1))
        services.assign(city, application, committee=committee, on=date(last, 4, 15), reason=REASON)
        _score(application, share, rng, date(last, 5, 31))
        services.publish(city, application, on=date(last, 6, 30), reason=REASON)
    if len(providers) == 4:
        org = providers[3]
        if org.registered_on is None or rules.eligible_from(org.registered_on, today) > today:
            update_record(None, org, {"registered_on": date(last - 3, 1, 1)}, REASON)
            org.refresh_from_db()
        admin = _admin_of(org, rng)
        application = services.apply(admin, current, org, on=today, reason=REASON)
        _self_assess(application, admin, rng, today)
        services.assign(city, application, committee=committee, on=today, reason=REASON)
    log(f"grades: {services.OrganisationGrade.objects.count()}")
