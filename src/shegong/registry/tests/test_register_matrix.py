"""The register's role-by-scope matrix (issue 3, "Bad input and security").

One Futian worker (employed by a Futian organisation, with a login) and one Luohu outsider each
have an exam result, a certificate, a registration (with its application) and a conduct case.
For every role the table says which of the two each register list shows, through the API;
the detail of a record outside the caller's scope is a 404; the complainant's contact on a
conduct case is full only for those who run cases; the public sees none of it, only the
public register.
"""

import pytest

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.registry.models import ConductCase, ExamResult, ExamSession
from shegong.registry.services import conduct

from .test_registrations import build_world, registered

F, L = "futian", "luohu"  # whose records a role sees
ENDPOINTS = {
    "exam-results": "examresult",
    "certificates": "certificate",
    "registrations": "registration",
    "registration-applications": "application",
    "conduct-cases": "case",
}
ALL_BUT_CASES = {"examresult", "certificate", "registration", "application"}
EVERYTHING = ALL_BUT_CASES | {"case"}

#: role, scope → {record kind: the districts whose records it sees}
MATRIX = {
    ("city_admin", "city"): {k: {F, L} for k in EVERYTHING},
    ("city_officer", "city"): {k: {F, L} for k in EVERYTHING},
    ("district_officer", "futian"): {k: {F} for k in EVERYTHING},
    ("field_officer", "city"): {**{k: {F, L} for k in ALL_BUT_CASES}, "case": set()},
    ("certificate_issuer", "city"): {**{k: {F, L} for k in ALL_BUT_CASES}, "case": set()},
    ("volunteer_federation", "city"): {**{k: {F, L} for k in ALL_BUT_CASES}, "case": set()},
    ("org_admin", "org"): {**{k: {F} for k in ALL_BUT_CASES}, "case": set()},
    ("social_worker", "self"): {k: {F} for k in EVERYTHING},  # the Futian worker's own
    ("supervisor", "self"): {k: set() for k in EVERYTHING},
    ("auditor", "futian"): {k: {F} for k in EVERYTHING},
}
#: Who sees a complainant's contact in full on a conduct case.
FULL_CONTACT = {"city_admin", "city_officer", "district_officer"}
CONTACT = "13900000000"


@pytest.fixture
def world(tree):
    w = build_world(tree)
    w["futian_reg"] = registered(w, "worker", "registrar")
    w["luohu_reg"] = registered(w, "outsider", "luohu_registrar")
    session = create_record(None, ExamSession, {"year": 2024, "level": "assistant"})
    for person in (w["worker"], w["outsider"]):
        create_record(None, ExamResult, {"session": session, "person": person, "passed": True})
    for key, reg in (("futian_case", w["futian_reg"]), ("luohu_case", w["luohu_reg"])):
        w[key] = conduct.open_case(
            None,
            reg.person,
            source="public",
            registration=reg,
            summary="Late visits.",
            complainant_name="王先生",
            complainant_contact=CONTACT,
        )
    return w


def account(world, role, scope):
    if role == "social_worker":
        return world["worker_user"]  # linked to the Futian worker's person record
    target = {"city": world["city"], "futian": world["futian"], "org": world["org"]}.get(scope)
    if scope == "self":
        return factories.user(f"u_{role}", role=role, home=world["futian"])
    return factories.user(f"u_{role}", role=role, scope=target)


def district_of(world, person_id):
    return F if person_id == world["worker"].pk else L if person_id == world["outsider"].pk else "?"


@pytest.mark.parametrize(("role", "scope"), list(MATRIX), ids=[r for r, _ in MATRIX])
def test_register_lists_by_role_and_scope(client, world, role, scope):
    client.force_login(account(world, role, scope))
    seen = {}
    for path, kind in ENDPOINTS.items():
        response = client.get(f"/api/v1/{path}/?page_size=100")
        assert response.status_code == 200, (path, response.content[:200])
        people = {row["person"] for row in response.json()["results"]}
        seen[kind] = {district_of(world, p) for p in people} & {F, L}
    assert seen == MATRIX[(role, scope)]


@pytest.mark.parametrize(("role", "scope"), list(MATRIX), ids=[r for r, _ in MATRIX])
def test_out_of_scope_details_are_not_found(client, world, role, scope):
    client.force_login(account(world, role, scope))
    expected = MATRIX[(role, scope)]
    records = {
        "registrations": ("registration", world["luohu_reg"]),
        "conduct-cases": ("case", world["luohu_case"]),
        "certificates": ("certificate", world["outsider_cert"]),
    }
    for path, (kind, obj) in records.items():
        status = client.get(f"/api/v1/{path}/{obj.pk}/").status_code
        assert status == (200 if L in expected[kind] else 404), (path, status)


@pytest.mark.parametrize(("role", "scope"), list(MATRIX), ids=[r for r, _ in MATRIX])
def test_complainant_contact_is_full_only_for_those_who_run_cases(client, world, role, scope):
    client.force_login(account(world, role, scope))
    case = world["futian_case"]
    response = client.get(f"/api/v1/conduct-cases/{case.pk}/")
    if F not in MATRIX[(role, scope)]["case"]:
        assert response.status_code == 404
        return
    contact = response.json()["complainant_contact"]
    if role in FULL_CONTACT:
        assert contact == CONTACT
    else:
        assert contact != CONTACT and contact.endswith(CONTACT[-4:]) and "*" in contact


def test_the_public_sees_only_the_public_register(client, world):
    for path in ENDPOINTS:
        assert client.get(f"/api/v1/{path}/").status_code in (401, 403)
    assert client.get("/register/registrations/").status_code == 302  # to sign in
    number = world["futian_reg"].register_number
    public = client.get(f"/api/v1/public/register/?q={number}")
    assert public.status_code == 200
    body = public.content.decode()
    assert world["worker"].national_id not in body and CONTACT not in body
    assert ConductCase.objects.count() == 2
