"""The permission matrix for people (``people.Person``): every role against the UI pages and
the API endpoint ``/api/v1/people/``, in and out of scope, in the table style of
``accounts/tests/test_permission_matrix.py`` (and with its world: Futian in scope, Luohu out
of scope, area roles held in Futian, org_admin in the Futian organisation, social_worker and
supervisor self-scoped).

The people: ``person_f`` works for the Futian organisation and is kept by Futian;
``person_l`` works for the Luohu organisation and is kept by Luohu; ``person_own`` is the
acting user's own record (``Person.user``), kept by Luohu with no organisation, so only the
``own`` grant reaches it. The tables are written out by hand from ``PEOPLE_ACCESS``
(``people/models.py``); ``POLICIES`` pins that policy, so a change of it fails there first.

Columns ``in``, ``out``, ``own``: GET of ``person_f``, ``person_l``, ``person_own``. Column
``full``: 1 when the API detail of ``person_f`` shows the ID number in full
(``view_private``), 0 when masked.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.accounts.tests.test_permission_matrix import EVERYONE, actor_for, parse
from shegong.core import services
from shegong.core.models import AuditRecord
from shegong.core.permissions import OWN, policy_of
from shegong.core.roles import Role
from shegong.core.testing import factories
from shegong.people.models import Education, Person, WorkHistory

from .conftest import national_id

OFFICERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.CERTIFICATE_ISSUER}

POLICIES = {
    Person: {
        "view": OFFICERS | {Role.FIELD_OFFICER, Role.ORG_ADMIN, Role.AUDITOR, OWN},
        "add": OFFICERS | {Role.ORG_ADMIN},
        "change": OFFICERS | {Role.ORG_ADMIN},
        "delete": {Role.CITY_ADMIN},
        "export": OFFICERS | {Role.AUDITOR},
        "view_private": OFFICERS | {Role.ORG_ADMIN, OWN},
    },
    # Education and work history: the person's policy, except that whoever may change the
    # person may also delete their entries.
    Education: {
        "view": OFFICERS | {Role.FIELD_OFFICER, Role.ORG_ADMIN, Role.AUDITOR, OWN},
        "add": OFFICERS | {Role.ORG_ADMIN},
        "change": OFFICERS | {Role.ORG_ADMIN},
        "delete": OFFICERS | {Role.ORG_ADMIN},
        "export": OFFICERS | {Role.AUDITOR},
        "view_private": OFFICERS | {Role.ORG_ADMIN, OWN},
    },
}
POLICIES[WorkHistory] = POLICIES[Education]


@pytest.mark.parametrize("model", list(POLICIES), ids=lambda m: m._meta.label_lower)
def test_policy_is_what_the_tables_assume(model):
    policy = policy_of(model)
    assert {a: set(policy.roles_for(a)) for a in POLICIES[model]} == POLICIES[model]
    assert not policy.public and not policy.reference and not policy.unscoped_visible


UI = parse(
    """
    role                  list view-in view-out view-own add edit-in edit-out delete-in delete-out
    anonymous             302  302     302      302      302 302     302      302       302
    city_admin            200  200     404      200      200 200     404      200       404
    city_officer          200  200     404      200      200 200     404      403       404
    district_officer      200  200     404      200      200 200     404      403       404
    field_officer         200  200     404      200      403 403     404      403       404
    certificate_issuer    200  200     404      200      200 200     404      403       404
    org_admin             200  200     404      200      200 200     404      403       404
    social_worker         200  404     404      200      403 404     404      404       404
    supervisor            200  404     404      200      403 404     404      404       404
    volunteer_federation  200  404     404      200      403 404     404      404       404
    auditor               200  200     404      200      403 403     404      403       404
    """
)

API = parse(
    """
    role                 list in  out own full post-in post-out patch-in patch-out del-in del-out
    anonymous            401  401 401 401 0    401     401      401      401       401    401
    city_admin           200  200 404 200 1    201     403      200      404       204    404
    city_officer         200  200 404 200 1    201     403      200      404       403    404
    district_officer     200  200 404 200 1    201     403      200      404       403    404
    field_officer        200  200 404 200 0    403     403      403      404       403    404
    certificate_issuer   200  200 404 200 1    201     403      200      404       403    404
    org_admin            200  200 404 200 1    201     403      200      404       403    404
    social_worker        200  404 404 200 0    403     403      404      404       404    404
    supervisor           200  404 404 200 0    403     403      404      404       404    404
    volunteer_federation 200  404 404 200 0    403     403      404      404       404    404
    auditor              200  200 404 200 0    403     403      403      404       403    404
    """
)


@pytest.fixture
def world(tree):
    futian, luohu = tree["futian"], tree["luohu"]
    org_f = factories.organisation(futian, "福田社工服务中心")
    org_l = factories.organisation(luohu, "罗湖社工服务中心")

    def person(area, org, seq, name):
        data = {
            "national_id": national_id(area.code, "19900101", seq),
            "name": name,
            "phone": "13812345678",
            "area": area,
            "organisation": org,
        }
        return services.create_record(None, Person, data)

    return {
        **tree,
        "org_f": org_f,
        "org_l": org_l,
        "person_f": person(futian, org_f, "101", "福田人"),
        "person_l": person(luohu, org_l, "201", "罗湖人"),
    }


def own_person(world, actor):
    """The acting user's own record, reached by nothing but the ``own`` grant."""
    data = {
        "national_id": national_id("440303", "19880808", "301"),
        "name": "本人",
        "area": world["luohu"],
        "user": actor,
    }
    return services.create_record(None, Person, data)


@pytest.mark.parametrize("role", EVERYONE)
def test_ui_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)
    own = own_person(world, actor) if actor else world["person_l"]
    targets = {"in": world["person_f"], "out": world["person_l"], "own": own}
    expected = UI[role]
    actual = {}
    for column in expected:
        if column in ("list", "add"):
            url = reverse(f"people:person_{column}")
        else:
            action, where = column.split("-")
            page = {"view": "detail", "edit": "edit", "delete": "delete"}[action]
            url = reverse(f"people:person_{page}", args=[targets[where].pk])
        response = client.get(url)
        actual[column] = response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), column
    assert actual == expected


def api_requests(world, own) -> dict:
    base = "/api/v1/people/"
    f, lh = world["person_f"], world["person_l"]
    new_in = {
        "national_id": national_id("440304", "20000101", "401"),
        "name": "新人甲",
        "area": world["futian"].pk,
        "organisation": world["org_f"].pk,
    }
    # Kept by Luohu, no organisation: every caller's roles either refuse it outright or see
    # it land outside their scope after the write (rolled back).
    new_out = {
        "national_id": national_id("440303", "20000101", "402"),
        "name": "新人乙",
        "area": world["luohu"].pk,
    }
    return {
        "list": ("get", base, None),
        "in": ("get", f"{base}{f.pk}/", None),
        "out": ("get", f"{base}{lh.pk}/", None),
        "own": ("get", f"{base}{own.pk}/", None),
        "post-in": ("post", base, new_in),
        "post-out": ("post", base, new_out),
        "patch-in": ("patch", f"{base}{f.pk}/", {"phone": "13900000000"}),
        "patch-out": ("patch", f"{base}{lh.pk}/", {"phone": "13900000000"}),
        "del-in": ("delete", f"{base}{f.pk}/", None),
        "del-out": ("delete", f"{base}{lh.pk}/", None),
    }


@pytest.mark.parametrize("role", EVERYONE)
def test_api_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)
    own = own_person(world, actor) if actor else world["person_l"]
    requests = api_requests(world, own)
    expected = API[role]
    actual = {}
    for column in expected:
        if column == "full":
            response = client.get(f"/api/v1/people/{world['person_f'].pk}/")
            full = response.status_code == 200 and (
                response.json()["national_id"] == world["person_f"].national_id
            )
            actual[column] = int(full)
            continue
        method, url, body = requests[column]
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(url, **kwargs)
        actual[column] = response.status_code
    assert actual == expected


def test_refused_creations_leave_nothing_behind(client, world):
    client.force_login(actor_for("district_officer", world))
    before = AuditRecord.objects.count()
    body = api_requests(world, world["person_l"])["post-out"][2]
    assert client.post("/api/v1/people/", body, content_type="application/json").status_code == 403
    assert not Person.objects.filter(name="新人乙").exists()
    assert AuditRecord.objects.count() == before


def test_there_is_no_public_people_endpoint(client, world):
    for url in ("/api/v1/people/", "/api/v1/education/", "/api/v1/work-history/"):
        assert client.get(url).status_code == 401
        assert client.options(url).status_code == 401
