"""The workforce permission matrix, in the style of ``accounts/tests/test_permission_matrix``.

World: Shenzhen with Futian (in scope) and Luohu (out of scope), one organisation in each, one
designated post in each held by a credentialed person. City roles (city_admin, city_officer)
are held in the city and reach everything; the other area roles are held in Futian;
org_admin in the Futian organisation; social_worker and supervisor are self-scoped. Rules:
anonymous is sent to sign in (302) or refused (401); a row out of view scope is 404; a row in
view but not changeable is 403; the public sees nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.tests.test_permission_matrix import EVERYONE, parse
from shegong.core.roles import ROLE_SCOPE, Role, ScopeKind
from shegong.core.testing import factories
from shegong.workforce import services

from . import data

pytestmark = pytest.mark.django_db

UI = parse(
    """
    role                  list  view-in view-out  hire-in hire-out  emp-in emp-out  end-in  gap dash
    anonymous             302   302     302       302     302       302    302      302     302 302
    city_admin            200   200     200       200     200       200    200      200     200 200
    city_officer          200   200     200       200     200       200    200      200     200 200
    district_officer      200   200     404       200     404       200    404      200     200 200
    field_officer         200   200     404       403     404       200    404      403     200 403
    certificate_issuer    200   200     404       403     404       200    404      403     200 403
    org_admin             200   200     404       200     404       200    404      200     200 200
    social_worker         200   404     404       404     404       404    404      404     403 403
    supervisor            200   404     404       404     404       404    404      404     403 403
    volunteer_federation  200   200     404       403     404       200    404      403     200 403
    auditor               200   200     404       403     404       200    404      403     200 200
    """
)

API = parse(
    """
    role                  posts  post-in post-out  hire-in  hire-out  emp-in  end-in
    anonymous             401    401     401       401      401       401     401
    city_admin            2      200     200       400      400       200     400
    city_officer          2      200     200       400      400       200     400
    district_officer      1      200     404       400      404       200     400
    field_officer         1      200     404       403      404       200     403
    certificate_issuer    1      200     404       403      404       200     403
    org_admin             1      200     404       400      404       200     400
    social_worker         0      404     404       404      404       404     404
    supervisor            0      404     404       404      404       404     404
    volunteer_federation  1      200     404       403      404       200     403
    auditor               1      200     404       403      404       200     403
    """
)


@pytest.fixture
def world(tree):
    orgs = {
        "in": factories.organisation(tree["futian"]),
        "out": factories.organisation(tree["luohu"]),
    }
    ptype = data.post_type()
    posts, employments = {}, {}
    for side, area in (("in", tree["futian"]), ("out", tree["luohu"])):
        posts[side] = data.post(orgs[side], ptype)
        holder = data.credentialed(area, orgs[side])
        employments[side] = services.hire(
            None, holder, posts[side], timezone.localdate(), "new_hire"
        )
    return {"tree": tree, "orgs": orgs, "posts": posts, "employments": employments}


def actor_for(role, world):
    if role == "anonymous":
        return None
    tree, org = world["tree"], world["orgs"]["in"]
    kind = ROLE_SCOPE[Role(role)]
    if kind == ScopeKind.ORGANISATION:
        return factories.user(role=role, scope=org)
    if kind == ScopeKind.SELF:
        return factories.user(role=role, scope=None, home=tree["futian"], organisation=org)
    scope = tree["city"] if role in ("city_admin", "city_officer") else tree["futian"]
    return factories.user(role=role, scope=scope)


def ui_urls(world):
    p, e = world["posts"], world["employments"]
    return {
        "list": reverse("workforce:post_list"),
        "view-in": reverse("workforce:post_detail", args=[p["in"].pk]),
        "view-out": reverse("workforce:post_detail", args=[p["out"].pk]),
        "hire-in": reverse("workforce:post_hire", args=[p["in"].pk]),
        "hire-out": reverse("workforce:post_hire", args=[p["out"].pk]),
        "emp-in": reverse("workforce:employment_detail", args=[e["in"].pk]),
        "emp-out": reverse("workforce:employment_detail", args=[e["out"].pk]),
        "end-in": reverse("workforce:employment_end", args=[e["in"].pk]),
        "gap": reverse("workforce:staffing_gap"),
        "dash": reverse("workforce:compliance_dashboard"),
    }


@pytest.mark.parametrize("role", EVERYONE)
def test_ui_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)
    got = {column: client.get(url).status_code for column, url in ui_urls(world).items()}
    assert got == UI[role]


@pytest.mark.parametrize("role", EVERYONE)
def test_api_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)
    p, e = world["posts"], world["employments"]
    # The hires are refused (the posts are held) or forbidden: nothing is written.
    hire = {"person": e["in"].person_id, "start": "2030-01-01", "kind": "new_hire"}
    end = {"end": "2000-01-01"}  # before the start: refused as bad input when allowed

    def post(url, body):
        return client.post(url, body, content_type="application/json").status_code

    listing = client.get("/api/v1/posts/")
    got = {
        "posts": listing.json()["count"] if listing.status_code == 200 else listing.status_code,
        "post-in": client.get(f"/api/v1/posts/{p['in'].pk}/").status_code,
        "post-out": client.get(f"/api/v1/posts/{p['out'].pk}/").status_code,
        "hire-in": post(f"/api/v1/posts/{p['in'].pk}/hire/", hire),
        "hire-out": post(f"/api/v1/posts/{p['out'].pk}/hire/", hire),
        "emp-in": client.get(f"/api/v1/employments/{e['in'].pk}/").status_code,
        "end-in": post(f"/api/v1/employments/{e['in'].pk}/end/", end),
    }
    assert got == API[role]
    assert e["in"].__class__.objects.count() == 2


#: Pay and insurance are private to the organisation, its district and the city (PAY-1, PAY-3):
#: rows seen through the list, the detail of the record in scope and out of scope, and the
#: compliance figures of the API (how many designated posts held are counted).
PAY = parse(
    """
    role                  pay  pay-in  pay-out  ins  ins-in  ins-out  dash-held
    anonymous             401  401     401      401  401     401      401
    city_admin            2    200     200      2    200     200      2
    city_officer          2    200     200      2    200     200      2
    district_officer      1    200     404      1    200     404      1
    field_officer         0    404     404      0    404     404      403
    certificate_issuer    0    404     404      0    404     404      403
    org_admin             1    200     404      1    200     404      1
    social_worker         0    404     404      0    404     404      403
    supervisor            0    404     404      0    404     404      403
    volunteer_federation  0    404     404      0    404     404      403
    auditor               1    200     404      1    200     404      1
    """
)


@pytest.mark.parametrize("role", EVERYONE)
def test_pay_and_insurance_matrix(client, world, role):
    from datetime import date
    from decimal import Decimal

    from shegong.core.services import create_record
    from shegong.workforce.models import InsuranceContribution, PayRecord

    from .paydata import grade

    g = grade(1)
    records = {}
    for side, employment in world["employments"].items():
        month = date(2026, 3, 1)
        records[side] = (
            create_record(
                None,
                PayRecord,
                {
                    "employment": employment,
                    "month": month,
                    "grade": g,
                    "base": Decimal("3000"),
                    "post": Decimal("1500"),
                    "performance": Decimal("500"),
                },
            ),
            create_record(
                None,
                InsuranceContribution,
                {
                    "employment": employment,
                    "month": month,
                    "base": Decimal("5000"),
                    "employer_share": Decimal("700"),
                    "employee_share": Decimal("300"),
                    "due_date": date(2026, 3, 15),
                    "paid_on": date(2026, 3, 15),
                    "amount_paid": Decimal("1000"),
                },
            ),
        )
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)

    def count(url):
        response = client.get(url)
        return response.json()["count"] if response.status_code == 200 else response.status_code

    def held():
        response = client.get("/api/v1/workforce/compliance/")
        if response.status_code != 200:
            return response.status_code
        return response.json()["total"]["designated_filled"]

    got = {
        "pay": count("/api/v1/pay-records/"),
        "pay-in": client.get(f"/api/v1/pay-records/{records['in'][0].pk}/").status_code,
        "pay-out": client.get(f"/api/v1/pay-records/{records['out'][0].pk}/").status_code,
        "ins": count("/api/v1/insurance-contributions/"),
        "ins-in": client.get(f"/api/v1/insurance-contributions/{records['in'][1].pk}/").status_code,
        "ins-out": client.get(
            f"/api/v1/insurance-contributions/{records['out'][1].pk}/"
        ).status_code,
        "dash-held": held(),
    }
    assert got == PAY[role]
