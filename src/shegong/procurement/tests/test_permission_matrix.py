"""The procurement permission matrix, in the style of ``accounts/tests/test_permission_matrix``.

World: Futian (in scope) and Luohu (out of scope), each with a purchase plan. Futian has a
draft open tender and a published one; Luohu a published open tender and a published single
source. City roles are held in the city, the other area roles in Futian, org_admin in a
Futian organisation; social_worker and supervisor live in Futian.

Rules: anonymous is sent to sign in (302) or refused (401); a row out of view scope is 404;
a row in view but not changeable is 403; only the buyer district's officer writes (GOV-1);
organisations see the published procurements of every district and never a draft (FIN-3).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.accounts.tests.test_permission_matrix import EVERYONE, parse
from shegong.core.testing import factories
from shegong.procurement import services
from shegong.procurement.models import Procurement

from .data import criteria, item, plan, tender

pytestmark = pytest.mark.django_db

# plans: the plans list page; plan-i/o: Futian's and Luohu's plan; procs: the procurements list;
# draft: Futian's draft; pub-i/o: Futian's and Luohu's published open tenders; publ: the
# publish page of the draft; clar: the clarification page of Futian's published tender; obj:
# the objection page of Luohu's single source; api: procurements in the API; api-pl: plans.
MATRIX = parse(
    """
    role                 plans plan-i plan-o procs draft pub-i pub-o publ clar obj api api-pl
    anonymous            302   302    302    302   302   302   302   302  302  302 401 401
    city_admin           200   200    200    200   200   200   200   403  403  403 4   2
    city_officer         200   200    200    200   200   200   200   403  403  403 4   2
    district_officer     200   200    404    200   200   200   404   200  200  404 2   1
    field_officer        200   200    404    200   200   200   404   403  403  403 2   1
    certificate_issuer   200   404    404    200   404   404   404   404  404  403 0   0
    org_admin            200   404    404    200   404   200   200   404  403  200 3   0
    social_worker        200   404    404    200   404   404   404   404  404  403 0   0
    supervisor           200   404    404    200   404   404   404   404  404  403 0   0
    volunteer_federation 200   404    404    200   404   404   404   404  404  403 0   0
    auditor              200   200    404    200   200   200   404   403  403  403 2   1
    """
)


@pytest.fixture
def world(tree):
    futian, luohu = tree["futian"], tree["luohu"]
    org = factories.organisation(futian)
    supplier = factories.organisation(luohu)
    plans = {"in": plan(futian), "out": plan(luohu)}
    draft = tender(item(plans["in"]))
    published = {}
    for side in ("in", "out"):
        p = tender(item(plans[side]))
        criteria(p)
        published[side] = services.publish(None, p)
    single = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": item(plans["out"], method="single_source"),
            "title": "单一来源",
            "single_source_reason": "唯一机构",
            "proposed_supplier": supplier,
        },
    )
    services.publish(None, single)
    return {
        "tree": tree,
        "org": org,
        "plans": plans,
        "draft": draft,
        "published": published,
        "single": single,
    }


def actor_for(role, world):
    if role == "anonymous":
        return None
    tree = world["tree"]
    if role == "org_admin":
        return factories.user(role=role, scope=world["org"])
    if role in ("social_worker", "supervisor"):
        return factories.user(role=role, home=tree["futian"])
    scope = tree["city"] if role in ("city_admin", "city_officer") else tree["futian"]
    return factories.user(role=role, scope=scope)


def status(client, url):
    return client.get(url).status_code


def count(client, url):
    response = client.get(url)
    return response.json()["count"] if response.status_code == 200 else response.status_code


@pytest.mark.parametrize("role", EVERYONE)
def test_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)
    plans, pub = world["plans"], world["published"]

    def page(name, obj=None):
        return status(client, reverse(f"procurement:{name}", args=[obj.pk] if obj else []))

    found = {
        "plans": page("purchaseplan_list"),
        "plan-i": page("purchaseplan_detail", plans["in"]),
        "plan-o": page("purchaseplan_detail", plans["out"]),
        "procs": page("procurement_list"),
        "draft": page("procurement_detail", world["draft"]),
        "pub-i": page("procurement_detail", pub["in"]),
        "pub-o": page("procurement_detail", pub["out"]),
        "publ": page("procurement_publish", world["draft"]),
        "clar": page("procurement_clarify", pub["in"]),
        "obj": page("procurement_object", world["single"]),
        "api": count(client, "/api/v1/procurements/"),
        "api-pl": count(client, "/api/v1/purchase-plans/"),
    }
    assert found == MATRIX[role]
