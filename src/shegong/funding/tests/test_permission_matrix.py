"""The funding permission matrix, in the style of ``accounts/tests/test_permission_matrix``.

World: Shenzhen with Futian (in scope) and Luohu (out of scope). A purchase line of each
district, a city budget line, and a city training grant (FIN-4) to a Futian organisation,
each with money allocated; one catalogue item. City roles are held in the city; the other area
roles in Futian; org_admin in the grant's recipient organisation.

Rules: district officers see and manage their own district's lines; city roles every line;
an organisation's administrator sees the grants their organisation receives (and manages no
money); social workers, supervisors and the other roles see nothing here; auditors read in
their area. Anonymous is sent to sign in (302) or refused (401); a row out of view scope is
404; a page the role may not use is 403.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.accounts.tests.test_permission_matrix import EVERYONE, parse
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.funding.choices import Purpose
from shegong.funding.models import CatalogueItem
from shegong.organisations.models import ServiceField

from . import data

pytestmark = pytest.mark.django_db

# lines: the budget-line list; line-f / line-l / line-c / grant: the Futian, Luohu, city and
# grant lines' pages; alloc: the page to allocate to the Futian line; xfer: the subsidy
# transfer page of the city line; ledger: the ledger list; cat: the catalogue; cat-new: a new
# catalogue item; line-new: a new budget line.
UI = parse(
    """
    role                 lines line-f line-l line-c grant alloc xfer ledger cat cat-new line-new
    anonymous            302   302    302    302    302   302   302  302    302 302     302
    city_admin           200   200    200    200    200   200   200  200    200 200     200
    city_officer         200   200    200    200    200   200   200  200    200 200     200
    district_officer     200   200    404    404    404   200   404  200    200 403     200
    field_officer        200   404    404    404    404   404   404  200    200 403     403
    certificate_issuer   200   404    404    404    404   404   404  200    200 403     403
    org_admin            200   404    404    404    200   404   404  200    200 403     403
    social_worker        200   404    404    404    404   404   404  200    200 403     403
    supervisor           200   404    404    404    404   404   404  200    200 403     403
    volunteer_federation 200   404    404    404    404   404   404  200    200 403     403
    auditor              200   200    404    404    404   403   404  200    200 403     403
    """
)

# Counts of the API lists (budget lines, ledger entries, catalogue items); line-l: the Luohu
# line's detail.
API = parse(
    """
    role                 lines entries cat line-l
    anonymous            401   401     401 401
    city_admin           4     4       1   200
    city_officer         4     4       1   200
    district_officer     1     1       1   404
    field_officer        0     0       0   404
    certificate_issuer   0     0       0   404
    org_admin            1     1       0   404
    social_worker        0     0       0   404
    supervisor           0     0       0   404
    volunteer_federation 0     0       0   404
    auditor              1     1       1   404
    """
)


@pytest.fixture
def world(tree):
    org = factories.organisation(tree["futian"])
    create_record(
        None,
        CatalogueItem,
        {
            "code": "P1",
            "name": "post",
            "service_field": ServiceField.objects.get(code="01"),
            "mode": "post",
            "level": "assistant",
        },
    )
    return {
        "tree": tree,
        "org": org,
        "futian": data.line(tree["futian"], "1000.00"),
        "luohu": data.line(tree["luohu"], "1000.00"),
        "city": data.line(tree["city"], "1000.00"),
        "grant": data.line(tree["city"], "100.00", purpose=Purpose.TRAINING, recipient=org),
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


@pytest.mark.parametrize("role", EVERYONE)
def test_ui_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)
    urls = {
        "lines": reverse("funding:budgetline_list"),
        "line-f": reverse("funding:budgetline_detail", args=[world["futian"].pk]),
        "line-l": reverse("funding:budgetline_detail", args=[world["luohu"].pk]),
        "line-c": reverse("funding:budgetline_detail", args=[world["city"].pk]),
        "grant": reverse("funding:budgetline_detail", args=[world["grant"].pk]),
        "alloc": reverse("funding:budgetline_allocate", args=[world["futian"].pk]),
        "xfer": reverse("funding:budgetline_transfer", args=[world["city"].pk]),
        "ledger": reverse("funding:ledgerentry_list"),
        "cat": reverse("funding:catalogueitem_list"),
        "cat-new": reverse("funding:catalogueitem_add"),
        "line-new": reverse("funding:budgetline_add"),
    }
    got = {column: client.get(url).status_code for column, url in urls.items()}
    assert got == UI[role]


@pytest.mark.parametrize("role", EVERYONE)
def test_api_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)

    def count(url):
        response = client.get(url)
        return response.json()["count"] if response.status_code == 200 else response.status_code

    got = {
        "lines": count("/api/v1/budget-lines/"),
        "entries": count("/api/v1/ledger-entries/"),
        "cat": count("/api/v1/catalogue-items/"),
        "line-l": client.get(f"/api/v1/budget-lines/{world['luohu'].pk}/").status_code,
    }
    assert got == API[role]
