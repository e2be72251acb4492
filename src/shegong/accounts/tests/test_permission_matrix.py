"""The permission matrix: every role against every view and API endpoint, in and out of scope.

The world of every test: Shenzhen with two districts, Futian (in scope) and Luohu (out of
scope), one organisation in each, and one plain user in each (with a self-scoped membership).
The acting user holds one role:

- area roles (city_admin, city_officer, district_officer, field_officer, certificate_issuer,
  volunteer_federation, auditor) are held in Futian;
- org_admin is held in the Futian organisation;
- social_worker and supervisor are self-scoped, for a user who works at the Futian
  organisation.

The tables below are written out by hand from the ``Access`` policies declared on the models
(``Area.access``, ``Organisation.access``, ``User.access``, ``Membership.access``,
``AuditRecord.access``; auditors hold ``view`` and ``export`` on every model in scope), so a
change of policy shows up as a failing row. The rules they follow:

- anonymous: every page redirects to sign-in (302), every endpoint answers 401;
- a row outside the caller's ``view`` scope is absent: 404, never 403, so its existence does not
  leak;
- a row the caller sees but may not change or delete: 403 (UI and API alike);
- a creation the caller's roles do not allow at all: 403; one they allow, but whose new row
  would land outside their scope (``post-out``), is refused by the service after the write and
  rolled back: 403 -- or, when it names a related record the caller cannot see (a membership
  for another district's user), refused as bad input: 400 ("object does not exist"), as the
  choices of a form would not offer it;
- areas are reference data: every signed-in user sees every area.

Each test runs one row: it makes every request of the row and compares the whole row, so a
failure shows which cells changed.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.accounts.models import Membership, User
from shegong.accounts.services import issue_token
from shegong.areas.models import Area
from shegong.core.models import AuditRecord
from shegong.core.permissions import OWN, policy_of
from shegong.core.roles import ROLE_SCOPE, Role, ScopeKind
from shegong.core.testing import factories
from shegong.organisations.models import Organisation

ROLES = [role.value for role in Role]
EVERYONE = ["anonymous", *ROLES]


def parse(table: str) -> dict[str, dict[str, int]]:
    """A whitespace-separated table: a header of column names, then one row per role."""
    lines = [line.split() for line in table.strip().splitlines() if line.strip()]
    header, rows = lines[0][1:], lines[1:]
    parsed = {}
    for row in rows:
        role, cells = row[0], row[1:]
        assert len(cells) == len(header), f"row {role}: {len(cells)} cells for {len(header)}"
        parsed[role] = dict(zip(header, (int(c) for c in cells), strict=True))
    assert sorted(parsed) == sorted(EVERYONE), "every role and anonymous has one row"
    return parsed


# --- The web pages ------------------------------------------------------------------------------
# Columns: list page; detail, edit and delete pages of a row in scope (in) and out of scope (out).

UI = {
    "area": parse(
        """
        role                  list  view-in view-out  add  edit-in edit-out  delete-in delete-out
        anonymous             302   302     302       302  302     302       302       302
        city_admin            200   200     200       200  200     403       200       403
        city_officer          200   200     200       403  403     403       403       403
        district_officer      200   200     200       403  403     403       403       403
        field_officer         200   200     200       403  403     403       403       403
        certificate_issuer    200   200     200       403  403     403       403       403
        org_admin             200   200     200       403  403     403       403       403
        social_worker         200   200     200       403  403     403       403       403
        supervisor            200   200     200       403  403     403       403       403
        volunteer_federation  200   200     200       403  403     403       403       403
        auditor               200   200     200       403  403     403       403       403
        """
    ),
    "organisation": parse(
        """
        role                  list  view-in view-out  add  edit-in edit-out  delete-in delete-out
        anonymous             302   302     302       302  302     302       302       302
        city_admin            200   200     404       200  200     404       200       404
        city_officer          200   200     404       200  200     404       403       404
        district_officer      200   200     404       200  200     404       403       404
        field_officer         200   200     404       403  403     404       403       404
        certificate_issuer    200   200     404       403  403     404       403       404
        org_admin             200   200     404       403  200     404       403       404
        social_worker         200   404     404       403  404     404       404       404
        supervisor            200   404     404       403  404     404       404       404
        volunteer_federation  200   200     404       403  403     404       403       404
        auditor               200   200     404       403  403     404       403       404
        """
    ),
    # Users have no delete page (accounts are switched off with is_active); "own" is the
    # caller's own account: everyone sees it, nobody edits it on the administrators' page
    # (issue 10: people change their own details and password under "My account", and nobody
    # manages their own account or roles).
    "user": parse(
        """
        role                  list  view-in view-out  add  edit-in edit-out  view-own edit-own
        anonymous             302   302     302       302  302     302       302      302
        city_admin            200   200     404       200  200     404       200      403
        city_officer          200   200     404       403  403     404       200      403
        district_officer      200   200     404       200  200     404       200      403
        field_officer         200   404     404       403  404     404       200      403
        certificate_issuer    200   404     404       403  404     404       200      403
        org_admin             200   200     404       403  403     404       200      403
        social_worker         200   404     404       403  404     404       200      403
        supervisor            200   404     404       403  404     404       200      403
        volunteer_federation  200   404     404       403  404     404       200      403
        auditor               200   200     404       403  403     404       200      403
        """
    ),
    "membership": parse(
        """
        role                  list  view-in view-out  add  edit-in edit-out  delete-in delete-out
        anonymous             302   302     302       302  302     302       302       302
        city_admin            200   200     404       200  200     404       200       404
        city_officer          200   404     404       403  404     404       404       404
        district_officer      200   200     404       200  200     404       200       404
        field_officer         200   404     404       403  404     404       404       404
        certificate_issuer    200   404     404       403  404     404       404       404
        org_admin             200   404     404       403  404     404       404       404
        social_worker         200   404     404       403  404     404       404       404
        supervisor            200   404     404       403  404     404       404       404
        volunteer_federation  200   404     404       403  404     404       404       404
        auditor               200   200     404       403  403     404       403       404
        """
    ),
    # The audit trail has a list and a detail page only.
    "auditrecord": parse(
        """
        role                  list  view-in view-out
        anonymous             302   302     302
        city_admin            200   200     404
        city_officer          200   404     404
        district_officer      200   404     404
        field_officer         200   404     404
        certificate_issuer    200   404     404
        org_admin             200   404     404
        social_worker         200   404     404
        supervisor            200   404     404
        volunteer_federation  200   404     404
        auditor               200   200     404
        """
    ),
}

# --- The API ------------------------------------------------------------------------------------
# Columns: GET list; GET, PATCH and DELETE of a row in and out of scope; POST of a new row in
# and out of scope.

API = {
    "areas": parse(
        """
        role                  list get-in get-out post-in post-out patch-in patch-out del-in del-out
        anonymous             401  401    401     401     401      401      401       401    401
        city_admin            200  200    200     201     403      200      403       204    403
        city_officer          200  200    200     403     403      403      403       403    403
        district_officer      200  200    200     403     403      403      403       403    403
        field_officer         200  200    200     403     403      403      403       403    403
        certificate_issuer    200  200    200     403     403      403      403       403    403
        org_admin             200  200    200     403     403      403      403       403    403
        social_worker         200  200    200     403     403      403      403       403    403
        supervisor            200  200    200     403     403      403      403       403    403
        volunteer_federation  200  200    200     403     403      403      403       403    403
        auditor               200  200    200     403     403      403      403       403    403
        """
    ),
    "organisations": parse(
        """
        role                  list get-in get-out post-in post-out patch-in patch-out del-in del-out
        anonymous             401  401    401     401     401      401      401       401    401
        city_admin            200  200    404     201     403      200      404       204    404
        city_officer          200  200    404     201     403      200      404       403    404
        district_officer      200  200    404     201     403      200      404       403    404
        field_officer         200  200    404     403     403      403      404       403    404
        certificate_issuer    200  200    404     403     403      403      404       403    404
        org_admin             200  200    404     403     403      200      404       403    404
        social_worker         200  404    404     403     403      404      404       404    404
        supervisor            200  404    404     403     403      404      404       404    404
        volunteer_federation  200  200    404     403     403      403      404       403    404
        auditor               200  200    404     403     403      403      404       403    404
        """
    ),
    "users": parse(
        """
        role                  list get-in get-out post-in post-out patch-in patch-out del-in del-out
        anonymous             401  401    401     401     401      401      401       401    401
        city_admin            200  200    404     201     403      200      404       204    404
        city_officer          200  200    404     403     403      403      404       403    404
        district_officer      200  200    404     201     403      200      404       403    404
        field_officer         200  404    404     403     403      404      404       404    404
        certificate_issuer    200  404    404     403     403      404      404       404    404
        org_admin             200  200    404     403     403      403      404       403    404
        social_worker         200  404    404     403     403      404      404       404    404
        supervisor            200  404    404     403     403      404      404       404    404
        volunteer_federation  200  404    404     403     403      404      404       404    404
        auditor               200  200    404     403     403      403      404       403    404
        """
    ),
    "memberships": parse(
        """
        role                  list get-in get-out post-in post-out patch-in patch-out del-in del-out
        anonymous             401  401    401     401     401      401      401       401    401
        city_admin            200  200    404     201     400      200      404       204    404
        city_officer          200  404    404     403     403      404      404       404    404
        district_officer      200  200    404     201     400      200      404       204    404
        field_officer         200  404    404     403     403      404      404       404    404
        certificate_issuer    200  404    404     403     403      404      404       404    404
        org_admin             200  404    404     403     403      404      404       404    404
        social_worker         200  404    404     403     403      404      404       404    404
        supervisor            200  404    404     403     403      404      404       404    404
        volunteer_federation  200  404    404     403     403      404      404       404    404
        auditor               200  200    404     403     403      403      404       403    404
        """
    ),
    # Everyone's own tokens and profile. "get-other" is another user's token: absent for all.
    "self": parse(
        """
        role                  tokens-list tokens-post tokens-get-other me
        anonymous             401         401         401              401
        city_admin            200         201         404              200
        city_officer          200         201         404              200
        district_officer      200         201         404              200
        field_officer         200         201         404              200
        certificate_issuer    200         201         404              200
        org_admin             200         201         404              200
        social_worker         200         201         404              200
        supervisor            200         201         404              200
        volunteer_federation  200         201         404              200
        auditor               200         201         404              200
        """
    ),
}

# --- The policies the tables were written from --------------------------------------------------
# Who holds each action (auditors included by the framework for view and export). When a policy
# changes, this fails first; update the tables above with it.

POLICIES = {
    Area: {
        "view": set(Role) | {"(reference: every signed-in user)"},
        "add": {Role.CITY_ADMIN},
        "change": {Role.CITY_ADMIN},
        "delete": {Role.CITY_ADMIN},
        "export": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.AUDITOR},
        "view_private": set(),
    },
    Organisation: {
        "view": set(Role) - {Role.SOCIAL_WORKER, Role.SUPERVISOR},
        "add": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
        "change": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.ORG_ADMIN},
        "delete": {Role.CITY_ADMIN},
        "export": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.AUDITOR},
        # ORG-1: the contact person's phone and e-mail (organisations/models.py).
        "view_private": {
            Role.CITY_ADMIN,
            Role.CITY_OFFICER,
            Role.DISTRICT_OFFICER,
            Role.ORG_ADMIN,
        },
    },
    User: {
        "view": {
            Role.CITY_ADMIN,
            Role.DISTRICT_OFFICER,
            Role.CITY_OFFICER,
            Role.ORG_ADMIN,
            Role.AUDITOR,
            OWN,
        },
        "add": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER},
        "change": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER},
        "delete": {Role.CITY_ADMIN},
        "export": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR},
        "view_private": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, OWN},
    },
    Membership: {
        "view": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR, OWN},
        "add": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER},
        "change": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER},
        "delete": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER},
        "export": {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR},
        "view_private": set(),
    },
    AuditRecord: {
        "view": {Role.CITY_ADMIN, Role.AUDITOR},
        "add": set(),
        "change": set(),
        "delete": set(),
        "export": {Role.CITY_ADMIN, Role.AUDITOR},
        "view_private": set(),
    },
}


@pytest.mark.parametrize("model", list(POLICIES), ids=lambda m: m._meta.label_lower)
def test_policy_is_what_the_tables_assume(model):
    policy = policy_of(model)
    actual = {}
    for action in POLICIES[model]:
        roles = set(policy.roles_for(action))
        if action == "view" and policy.reference:
            roles |= {"(reference: every signed-in user)"}
        actual[action] = roles
    assert actual == POLICIES[model]


# --- The world ----------------------------------------------------------------------------------


@pytest.fixture
def world(tree):
    futian, luohu = tree["futian"], tree["luohu"]
    org_f = factories.organisation(futian, "福田社工服务中心")
    org_l = factories.organisation(luohu, "罗湖社工服务中心")
    target_f = factories.user("target_f", role="supervisor", home=futian, organisation=org_f)
    target_l = factories.user("target_l", role="supervisor", home=luohu, organisation=org_l)
    token_f, _key = issue_token(target_f, target_f, "script")

    def audit_of(obj):
        return AuditRecord.objects.get(
            model=obj._meta.label_lower, object_id=str(obj.pk), action="create"
        )

    return {
        **tree,
        "org_f": org_f,
        "org_l": org_l,
        "target_f": target_f,
        "target_l": target_l,
        "membership_f": target_f.memberships.get(),
        "membership_l": target_l.memberships.get(),
        "audit_f": audit_of(org_f),
        "audit_l": audit_of(org_l),
        "token_f": token_f,
    }


def actor_for(role: str, world) -> User | None:
    """The acting user for a row of the tables (``None`` for anonymous)."""
    if role == "anonymous":
        return None
    kind = ROLE_SCOPE[Role(role)]
    if kind == ScopeKind.AREA:
        return factories.user("actor", role=role, scope=world["futian"])
    if kind == ScopeKind.ORGANISATION:
        return factories.user("actor", role=role, scope=world["org_f"])
    return factories.user(
        "actor", role=role, home=world["futian"], organisation=world["org_f"], scope=None
    )


@pytest.fixture
def as_role(client, world):
    def sign_in(role: str):
        actor = actor_for(role, world)
        if actor is not None:
            client.force_login(actor)
        return actor

    return sign_in


# --- The web pages ------------------------------------------------------------------------------

UI_TARGETS = {
    # model: (url prefix, object in scope, object out of scope)
    "area": ("areas:area", "futian_street", "luohu_street"),
    "organisation": ("organisations:organisation", "org_f", "org_l"),
    "user": ("accounts:user", "target_f", "target_l"),
    "membership": ("accounts:membership", "membership_f", "membership_l"),
    "auditrecord": ("core:auditrecord", "audit_f", "audit_l"),
}


def ui_url(column: str, model: str, world, actor) -> str:
    prefix, inside, outside = UI_TARGETS[model]
    if column in ("list", "add"):
        return reverse(f"{prefix}_{column}")
    action, where = column.split("-")
    page = {"view": "detail", "edit": "edit", "delete": "delete"}[action]
    if where == "own":
        obj = actor or world["target_f"]
    else:
        obj = world[inside if where == "in" else outside]
    return reverse(f"{prefix}_{page}", args=[obj.pk])


@pytest.mark.parametrize("model", list(UI))
@pytest.mark.parametrize("role", EVERYONE)
def test_ui_matrix(client, world, as_role, role, model):
    actor = as_role(role)
    expected = UI[model][role]
    actual = {}
    for column in expected:
        response = client.get(ui_url(column, model, world, actor))
        actual[column] = response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), column
    assert actual == expected


# --- The API ------------------------------------------------------------------------------------


def api_requests(endpoint: str, world) -> dict:
    """Column name to (method, url, JSON body) for one endpoint."""
    f, lh = world["futian"], world["luohu"]
    base = f"/api/v1/{endpoint}/"
    if endpoint == "self":
        return {
            "tokens-list": ("get", "/api/v1/tokens/", None),
            "tokens-post": ("post", "/api/v1/tokens/", {"name": "report script", "days": 30}),
            "tokens-get-other": ("get", f"/api/v1/tokens/{world['token_f'].pk}/", None),
            "me": ("get", "/api/v1/me/", None),
        }
    inside, outside, new_in, new_out, change = {
        "areas": (
            world["futian_street"],
            world["luohu_street"],
            {"code": "440304002", "name": "莲花街道", "level": "street", "parent": f.pk},
            {"code": "440303002", "name": "桂园街道", "level": "street", "parent": lh.pk},
            {"name": "改名"},
        ),
        "organisations": (
            world["org_f"],
            world["org_l"],
            {
                "name": "新机构甲",
                "credit_code": factories.credit_code(900001),
                "kind": "service_provider",
                "area": f.pk,
            },
            {
                "name": "新机构乙",
                "credit_code": factories.credit_code(900002),
                "kind": "service_provider",
                "area": lh.pk,
            },
            {"address": "福华路1号"},
        ),
        "users": (
            world["target_f"],
            world["target_l"],
            {"username": "newcomer_f", "area": f.pk},
            {"username": "newcomer_l", "area": lh.pk},
            {"first_name": "小明"},
        ),
        "memberships": (
            world["membership_f"],
            world["membership_l"],
            {"user": world["target_f"].pk, "role": "social_worker"},
            {"user": world["target_l"].pk, "role": "social_worker"},
            {"valid_until": "2099-12-31"},
        ),
    }[endpoint]
    return {
        "list": ("get", base, None),
        "get-in": ("get", f"{base}{inside.pk}/", None),
        "get-out": ("get", f"{base}{outside.pk}/", None),
        "post-in": ("post", base, new_in),
        "post-out": ("post", base, new_out),
        "patch-in": ("patch", f"{base}{inside.pk}/", change),
        "patch-out": ("patch", f"{base}{outside.pk}/", change),
        "del-in": ("delete", f"{base}{inside.pk}/", None),
        "del-out": ("delete", f"{base}{outside.pk}/", None),
    }


@pytest.mark.parametrize("endpoint", list(API))
@pytest.mark.parametrize("role", EVERYONE)
def test_api_matrix(client, world, as_role, role, endpoint):
    as_role(role)
    if endpoint == "organisations":
        # The organisation in scope employs the plain user; let permission, not protection of
        # the users pointing at it, decide whether it can be deleted.
        User.objects.filter(organisation=world["org_f"], username="target_f").update(
            organisation=None
        )
    expected = API[endpoint][role]
    requests = api_requests(endpoint, world)
    actual = {}
    for column in expected:
        method, url, body = requests[column]
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(url, **kwargs)
        actual[column] = response.status_code
    assert actual == expected


def test_refused_api_writes_leave_nothing_behind(client, world, as_role):
    """A creation refused after the write (out of scope) is rolled back, audit record and all."""
    as_role("district_officer")
    before = AuditRecord.objects.count()
    for endpoint, status in [("organisations", 403), ("users", 403), ("memberships", 400)]:
        body = api_requests(endpoint, world)["post-out"][2]
        response = client.post(f"/api/v1/{endpoint}/", body, content_type="application/json")
        assert response.status_code == status, (endpoint, response.content)
    assert not Organisation.objects.filter(name="新机构乙").exists()
    assert not User.objects.filter(username="newcomer_l").exists()
    assert not Membership.objects.filter(user=world["target_l"], role="social_worker").exists()
    assert AuditRecord.objects.count() == before
    assert Area.objects.count() == 6
