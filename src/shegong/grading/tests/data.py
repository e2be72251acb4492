"""The grading tests' world: Futian and Luohu, each with a social work organisation and its
administrator (A in Futian registered 2024-03-01, B in Luohu registered 2023-01-01), district
officers of both, a city officer, a field department (a government body) with a coordinating
committee of three evaluators (the third on A's board), a fourth evaluator named outside the
committee, and the 2026 grading cycle on the seeded indicator system (1,000 points)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shegong.core.services import create_record, update_record
from shegong.core.testing import factories
from shegong.governance.models import Committee, CommitteeMember, DeclaredTie
from shegong.grading import services
from shegong.grading.models import (
    Application,
    GradingCycle,
    Indicator,
    IndicatorSystem,
    OrganisationGrade,
)
from shegong.organisations.models import ServiceField


def system() -> IndicatorSystem:
    return IndicatorSystem.objects.get(name__startswith="社会工作服务机构评估指标")


def indicators():
    return list(Indicator.objects.filter(group__system=system()).order_by("group__order", "order"))


def cycle(year=2026, opens=date(2026, 1, 1), closes=date(2026, 12, 31)) -> GradingCycle:
    return create_record(
        None,
        GradingCycle,
        {"year": year, "opens_on": opens, "closes_on": closes, "system": system()},
    )


def registered(org, day):
    return update_record(None, org, {"registered_on": day}, permission=None)


@pytest.fixture
def world(tree):
    futian, luohu = tree["futian"], tree["luohu"]
    org_a = registered(factories.organisation(futian, "福田阳光社工服务中心"), date(2024, 3, 1))
    org_b = registered(factories.organisation(luohu, "罗湖启航社工服务中心"), date(2023, 1, 1))
    department = create_record(
        None,
        type(org_a),
        {
            "name": "市民政局",
            "credit_code": factories.credit_code(),
            "kind": "government_body",
            "area": tree["city"],
        },
    )
    committee = create_record(
        None, Committee, {"name": "民政领域协调委员会", "department": department}
    )
    committee.service_fields.set(ServiceField.objects.order_by("code")[:2])
    e1, e2, e3, e4 = (factories.user(n) for n in ("eval_1", "eval_2", "eval_3", "eval_4"))
    for user, role in ((e1, "chair"), (e2, "member"), (e3, "member")):
        create_record(None, CommitteeMember, {"committee": committee, "user": user, "role": role})
    create_record(
        None,
        DeclaredTie,
        {"user": e3, "organisation": org_a, "kind": "board", "declared_on": date(2025, 1, 1)},
    )
    return {
        "tree": tree,
        "a": org_a,
        "b": org_b,
        "admin_a": factories.user("admin_a", role="org_admin", scope=org_a),
        "admin_b": factories.user("admin_b", role="org_admin", scope=org_b),
        "futian_officer": factories.user("ft_officer", role="district_officer", scope=futian),
        "luohu_officer": factories.user("lh_officer", role="district_officer", scope=luohu),
        "city": factories.user("city_officer", role="city_officer", scope=tree["city"]),
        "department": department,
        "committee": committee,
        "e1": e1,
        "e2": e2,
        "e3": e3,
        "e4": e4,
        "cycle": cycle(),
    }


def claim_all(w, application, admin, points=None):
    rows = {
        i: (points if points is not None else i.max_points, "证明材料", None) for i in indicators()
    }
    services.save_claims(admin, application, rows)
    return services.submit(admin, application, on=date(2026, 4, 1))


def score_all(assignment, user, points_of):
    """``points_of(indicator)``: the points given; submitted."""
    rows = {i: (points_of(i), "") for i in indicators()}
    return services.score(user, assignment, rows, final=True, on=date(2026, 5, 1))


def applied(w, key="a", on=date(2026, 4, 1)) -> Application:
    return services.apply(w[f"admin_{key}"], w["cycle"], w[key], on=on)


def graded(w, key="a", *, share=Decimal("0.8"), on=date(2026, 6, 30)) -> OrganisationGrade:
    """An application of organisation ``key`` scored by the committee (e3 recused for A, being
    on its board) at ``share`` of each indicator's maximum, published on ``on``."""
    application = applied(w, key)
    claim_all(w, application, w[f"admin_{key}"])
    services.assign(w["city"], application, committee=w["committee"], on=date(2026, 4, 2))
    for assignment in application.assignments.filter(status="active"):
        score_all(
            assignment,
            assignment.evaluator,
            lambda i: (Decimal(i.max_points) * share).quantize(Decimal("0.1")),
        )
    application.refresh_from_db()
    return services.publish(w["city"], application, on=on)


def grade_record(org, grade, published_on, valid_until=None) -> OrganisationGrade:
    """A published grade of ``org`` written directly (for the modules that read it)."""
    the_cycle = GradingCycle.objects.filter(year=published_on.year).first() or cycle(
        year=published_on.year,
        opens=date(published_on.year, 1, 1),
        closes=date(published_on.year, 12, 31),
    )
    application = create_record(
        None,
        Application,
        {
            "cycle": the_cycle,
            "organisation": org,
            "applied_on": published_on,
            "status": "published",
            "grade": grade,
            "published_on": published_on,
        },
        permission=None,
    )
    return create_record(
        None,
        OrganisationGrade,
        {
            "organisation": org,
            "application": application,
            "grade": grade,
            "published_on": published_on,
            "valid_until": valid_until or date(published_on.year + 5, 12, 31),
        },
        permission=None,
    )
