"""The assessment permission matrix, in the style of ``accounts/tests/test_permission_matrix``.

World (results published): a Futian cycle (in scope) and a Luohu cycle (out of scope). In
Futian the employing organisation employs the assessed person (a social worker with an
account), whose post serves another organisation (the served unit): an employer's sheet and a
served unit's sheet, and an appeal lodged. In Luohu one person with the employer's sheet and
an appeal. City roles are held in the city; the other area roles in Futian; org_admin in the
Futian employing organisation; **social_worker is the assessed person** (self-scoped);
supervisor is a colleague in the same organisation. Anonymous: 302 (pages) or 401 (API); a row
out of view scope is 404; in view but not allowed, 403; a refused step (wrong stage, bad input)
is 400, which shows the caller got past the permission check. Writes in the API columns are
all refused, so the world is the same for every column.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.accounts.tests.test_permission_matrix import EVERYONE, parse
from shegong.assessment import services
from shegong.assessment.choices import Side
from shegong.assessment.models import (
    Appeal,
    Assessment,
    AssessmentCycle,
    AssessmentForm,
    ScoreSheet,
)
from shegong.core.permissions import OWN, policy_of
from shegong.core.roles import ROLE_SCOPE, Role, ScopeKind
from shegong.core.testing import factories

from . import data

pytestmark = pytest.mark.django_db

# Two tables each for readability, joined per role.
UI = {
    role: {**cycles, **rest}
    for (role, cycles), rest in zip(
        parse(
            """
    role                 cycles cyc-in cyc-edit open assess a-in a-out served lodge
    anonymous            302    302    302      302  302    302  302   302    302
    city_admin           200    200    200      200  200    200  200   200    403
    city_officer         200    200    200      200  200    200  200   200    403
    district_officer     200    200    200      200  200    200  404   200    403
    field_officer        200    200    403      403  200    404  404   404    404
    certificate_issuer   200    200    403      403  200    404  404   404    404
    org_admin            200    200    403      403  200    200  404   403    403
    social_worker        200    200    403      403  200    200  404   403    200
    supervisor           200    200    403      403  200    404  404   404    404
    volunteer_federation 200    200    403      403  200    404  404   404    404
    auditor              200    200    403      403  200    200  404   403    403
    """
        ).items(),
        parse(
            """
    role                 sheet-e sheet-s sheet-out score appeal ap-out decide forms form-add
    anonymous            302     302     302       302   302    302    302    302   302
    city_admin           200     200     200       403   200    200    200    200   200
    city_officer         200     200     200       403   200    200    200    200   200
    district_officer     200     200     404       403   200    404    200    200   403
    field_officer        404     404     404       404   404    404    404    200   403
    certificate_issuer   404     404     404       404   404    404    404    200   403
    org_admin            200     404     404       200   200    404    403    200   403
    social_worker        200     200     404       403   200    404    403    200   403
    supervisor           404     404     404       404   404    404    404    200   403
    volunteer_federation 404     404     404       404   404    404    404    200   403
    auditor              200     200     404       403   200    404    403    200   403
    """
        ).values(),
        strict=True,
    )
}

API = {
    role: {**cycles, **rest}
    for (role, cycles), rest in zip(
        parse(
            """
    role                 cycles cyc-patch open assessments a-in a-out served
    anonymous            401    401       401  401         401  401   401
    city_admin           200    400       400  2           200  200   400
    city_officer         200    400       400  2           200  200   400
    district_officer     200    400       400  1           200  404   400
    field_officer        200    403       403  0           404  404   404
    certificate_issuer   200    403       403  0           404  404   404
    org_admin            200    403       403  1           200  404   403
    social_worker        200    403       403  1           200  404   403
    supervisor           200    403       403  0           404  404   404
    volunteer_federation 200    403       403  0           404  404   404
    auditor              200    403       403  1           200  404   403
    """
        ).items(),
        parse(
            """
    role                 lodge sheets score appeals decide form-post
    anonymous            401   401    401   401     401    401
    city_admin           403   3      403   2       400    400
    city_officer         403   3      403   2       400    400
    district_officer     403   2      403   1       400    403
    field_officer        404   0      404   0       404    403
    certificate_issuer   404   0      404   0       404    403
    org_admin            403   1      400   1       403    403
    social_worker        400   2      403   1       403    403
    supervisor           404   0      404   0       404    403
    volunteer_federation 404   0      404   0       404    403
    auditor              403   2      403   1       403    403
    """
        ).values(),
        strict=True,
    )
}

# Who holds each action on the new models (auditors added by the framework for view/export).
OFFICERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER}
READERS = OFFICERS | {Role.ORG_ADMIN, OWN, Role.AUDITOR}
POLICIES = {
    Assessment: {
        "view": READERS,
        "change": OFFICERS,
        "export": OFFICERS | {Role.ORG_ADMIN, Role.AUDITOR},
        "view_private": set(),
    },
    ScoreSheet: {
        "view": READERS,
        "change": {Role.ORG_ADMIN},
        "export": OFFICERS | {Role.ORG_ADMIN, Role.AUDITOR},
        "view_private": set(),
    },
    Appeal: {
        "view": READERS,
        "add": {OWN},
        "change": OFFICERS,
        "export": OFFICERS | {Role.ORG_ADMIN, Role.AUDITOR},
        "view_private": set(),
    },
    AssessmentCycle: {
        "add": OFFICERS,
        "change": OFFICERS,
        "delete": set(),
        "export": OFFICERS | {Role.AUDITOR},
        "view_private": set(),
    },
    AssessmentForm: {
        "add": {Role.CITY_ADMIN, Role.CITY_OFFICER},
        "change": {Role.CITY_ADMIN, Role.CITY_OFFICER},
        "delete": set(),
    },
}


@pytest.mark.parametrize("model", list(POLICIES), ids=lambda m: m._meta.label_lower)
def test_policy_is_what_the_tables_assume(model):
    policy = policy_of(model)
    assert {a: set(policy.roles_for(a)) for a in POLICIES[model]} == POLICIES[model]


@pytest.fixture
def world(tree):
    w = data.build(tree)
    person = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    colleague = factories.user(
        role="supervisor", scope=None, home=w["futian"], organisation=w["employer"]
    )
    outsider = data.employ(w["other"], w["luohu"], w["post_type"])
    result = {"w": w, "colleague": colleague}
    for side, area, employment in (("in", w["futian"], person), ("out", w["luohu"], outsider)):
        c = services.open_scoring(None, data.cycle(area))
        a = c.assessments.get()
        data.score(a, 80)
        c = services.publish(None, services.close_scoring(None, c))
        result[f"cycle_{side}"] = c
        result[f"a_{side}"] = a
        result[f"appeal_{side}"] = services.lodge_appeal(
            employment.person.user, a, grounds="申诉理由"
        )
    result["sheet_e"] = result["a_in"].sheets.get(side=Side.EMPLOYER)
    result["sheet_s"] = result["a_in"].sheets.get(side=Side.SERVED_UNIT)
    result["sheet_out"] = result["a_out"].sheets.get()
    return result


def actor_for(role, world):
    w = world["w"]
    if role == "anonymous":
        return None
    if role == "social_worker":
        return world["a_in"].person.user
    if role == "supervisor":
        return world["colleague"]
    kind = ROLE_SCOPE[Role(role)]
    if kind == ScopeKind.ORGANISATION:
        return w["employer_admin"]
    scope = w["tree"]["city"] if role in ("city_admin", "city_officer") else w["futian"]
    return factories.user(role=role, scope=scope)


def ui_urls(world):
    c, a = world["cycle_in"], world["a_in"]

    def u(name, obj=None):
        return reverse(f"assessment:{name}", args=[obj.pk] if obj is not None else [])

    return {
        "cycles": u("assessmentcycle_list"),
        "cyc-in": u("assessmentcycle_detail", c),
        "cyc-edit": u("assessmentcycle_edit", c),
        "open": u("assessmentcycle_open", c),
        "assess": u("assessment_list"),
        "a-in": u("assessment_detail", a),
        "a-out": u("assessment_detail", world["a_out"]),
        "served": u("assessment_served_unit", a),
        "lodge": u("assessment_appeal", a),
        "sheet-e": u("scoresheet_detail", world["sheet_e"]),
        "sheet-s": u("scoresheet_detail", world["sheet_s"]),
        "sheet-out": u("scoresheet_detail", world["sheet_out"]),
        "score": u("scoresheet_score", world["sheet_e"]),
        "appeal": u("appeal_detail", world["appeal_in"]),
        "ap-out": u("appeal_detail", world["appeal_out"]),
        "decide": u("appeal_decide", world["appeal_in"]),
        "forms": u("assessmentform_list"),
        "form-add": u("assessmentform_add"),
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
    c, a = world["cycle_in"], world["a_in"]
    scores = {f"score_{k}": str(v) for k, v in data.scores(80).items()}

    def post(url, body, method="post"):
        return getattr(client, method)(url, body, content_type="application/json").status_code

    def count(url):
        response = client.get(url)
        return response.json()["count"] if response.status_code == 200 else response.status_code

    got = {
        "cycles": client.get("/api/v1/assessment-cycles/").status_code,
        "cyc-patch": post(f"/api/v1/assessment-cycles/{c.pk}/", {"note": "x"}, "patch"),
        "open": post(f"/api/v1/assessment-cycles/{c.pk}/open-scoring/", {}),
        "assessments": count("/api/v1/assessments/"),
        "a-in": client.get(f"/api/v1/assessments/{a.pk}/").status_code,
        "a-out": client.get(f"/api/v1/assessments/{world['a_out'].pk}/").status_code,
        "served": post(f"/api/v1/assessments/{a.pk}/served-unit/", {"served_unit": None}),
        "lodge": post(f"/api/v1/assessments/{a.pk}/appeal/", {"grounds": "再次"}),
        "sheets": count("/api/v1/score-sheets/"),
        "score": post(f"/api/v1/score-sheets/{world['sheet_e'].pk}/score/", scores),
        "appeals": count("/api/v1/assessment-appeals/"),
        "decide": post(
            f"/api/v1/assessment-appeals/{world['appeal_in'].pk}/decide/",
            {"upheld": False, "reasons": ""},
        ),
        "form-post": post(
            "/api/v1/assessment-forms/",
            {
                "post_type": world["w"]["post_type"].pk,
                "name": "新表",
                **{f"weight_{k}": "10" for k in data.scores(0)},
            },
        ),
    }
    assert got == API[role]
    assert Appeal.objects.count() == 2 and AssessmentForm.objects.count() == 1
