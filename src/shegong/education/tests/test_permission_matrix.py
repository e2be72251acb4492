"""The education permission matrix, in the style of ``accounts/tests/test_permission_matrix``.

World: Shenzhen with Futian (in scope) and Luohu (out of scope). In each district an
organisation, a certificate holder working there with a claimed continuing-education record, a
senior supervisor (also working there) supervising the holder, and a supervision session with
notes. A training provider belongs to the Futian organisation (its org admin is the
provider's staff) and runs an accredited course with a session. City roles are held in the
city; the other area roles in Futian; org_admin in the Futian organisation; the
social_worker is the Futian holder's own account, the supervisor the Futian supervisor's.

Rules: anonymous is sent to sign in (302) or refused (401); a row out of view scope is 404;
a row in view but not changeable is 403; lists count the rows the role may view.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from shegong.accounts.tests.test_permission_matrix import EVERYONE, parse
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.education import services
from shegong.education.models import (
    CpdRecord,
    Supervision,
    SupervisionSession,
    Supervisor,
    TrainingTarget,
)

from . import data

pytestmark = pytest.mark.django_db

# cpd: records list page; cpd-in/out: a record's page; approve-in: the approve page of the
# Futian claim; wdr: the page to withdraw it (the holder and their organisation only); comp:
# compliance list; imp: attendance import page; sup-i/o: a
# supervision's page; ses-i: the Futian session's page; plan: the training plan page;
# prov: the providers list; tgt-i: the city's target's page.
UI = parse(
    """
    role                 cpd cpd-i cpd-o appr wdr comp imp sup-i sup-o ses-i plan prov tgt-i
    anonymous            302 302   302   302  302 302  302 302   302   302   302  302  302
    city_admin           200 200   200   200  403 200  200 200   200   200   200  200  200
    city_officer         200 200   200   200  403 200  200 200   200   200   200  200  200
    district_officer     200 200   404   200  403 200  403 200   404   200   200  200  404
    field_officer        200 200   404   403  403 200  403 404   404   404   200  200  404
    certificate_issuer   200 200   404   403  403 200  403 404   404   404   403  200  404
    org_admin            200 200   404   403  200 200  200 200   404   200   403  200  404
    social_worker        200 200   404   403  200 403  403 200   404   200   403  200  404
    supervisor           200 404   404   404  404 403  403 200   404   200   403  200  404
    volunteer_federation 200 200   404   403  403 200  403 404   404   404   403  200  404
    auditor              200 200   404   403  403 200  403 200   404   200   200  200  404
    """
)

# Counts of the API lists (cpd records, supervisions, supervision sessions, training targets,
# providers, courses, course sessions, rules, reminders, supervisors); notes: what the Futian
# session's notes read as (1 shown, 0 hidden, 404 not visible); wdr: POST withdraw of the
# Futian claim (first); appr: POST approve of it; comp: the compliance list. Providers,
# courses, sessions, rules and supervisors are reference data (every signed-in user reads them).
API = parse(
    """
    role                 cpd sups ses notes wdr appr comp tgts prov crs sess rule rem svr
    anonymous            401 401  401 401   401 401  401  401  401  401 401  401  401 401
    city_admin           2   2    2   1     403 200  200  1    1    1   1    2    4   2
    city_officer         2   2    2   1     403 200  200  1    1    1   1    2    4   2
    district_officer     1   1    1   1     403 200  200  0    1    1   1    2    2   2
    field_officer        1   0    0   404   403 403  200  0    1    1   1    2    0   2
    certificate_issuer   1   0    0   404   403 403  200  0    1    1   1    2    0   2
    org_admin            1   1    1   1     200 403  200  0    1    1   1    2    2   2
    social_worker        1   1    1   1     200 403  403  0    1    1   1    2    1   2
    supervisor           0   1    1   1     404 404  403  0    1    1   1    2    1   2
    volunteer_federation 1   0    0   404   403 403  200  0    1    1   1    2    0   2
    auditor              1   1    1   0     403 403  200  0    1    1   1    2    2   2
    """
)

NOTES = "私密督导记录"


@pytest.fixture
def world(tree):
    users, records, supervisions, sessions = {}, {}, {}, {}
    orgs = {
        "in": factories.organisation(tree["futian"]),
        "out": factories.organisation(tree["luohu"]),
    }
    for side, area in (("in", tree["futian"]), ("out", tree["luohu"])):
        worker = factories.user(role="social_worker", home=area) if side == "in" else None
        holder = data.person(area, orgs[side], user=worker)
        data.certificate(holder, issued=date(2015, 1, 1))
        boss = factories.user(role="supervisor", home=area) if side == "in" else None
        senior = data.person(area, orgs[side], user=boss)
        data.certificate(senior, "senior", issued=date(2015, 1, 1))
        records[side] = services.claim(
            None,
            holder,
            {"title": "课程", "kind": "course", "completed_on": data.today(), "days": 1},
        )
        supervisor = services.appoint_supervisor(None, Supervisor, {"person": senior})
        supervisions[side] = services.start_supervision(
            None, Supervision, {"supervisor": supervisor, "supervisee": holder}
        )
        sessions[side] = create_record(
            None,
            SupervisionSession,
            {
                "supervision": supervisions[side],
                "held_on": data.today(),
                "hours": 2,
                "topic": "个案",
                "notes": NOTES,
            },
        )
        if side == "in":
            users["social_worker"], users["supervisor"] = worker, boss
    provider = data.provider(orgs["in"])
    data.session(data.course(provider), date(2025, 1, 1))
    target = create_record(
        None, TrainingTarget, {"year": 2026, "area": tree["city"], "people": 5, "days": 50}
    )
    services.create_reminders(data.today(), force=True)  # everyone is short this year
    return {
        "tree": tree,
        "orgs": orgs,
        "users": users,
        "records": records,
        "supervisions": supervisions,
        "sessions": sessions,
        "target": target,
    }


def actor_for(role, world):
    if role == "anonymous":
        return None
    if role in world["users"]:
        return world["users"][role]
    tree = world["tree"]
    if role == "org_admin":
        return factories.user(role=role, scope=world["orgs"]["in"])
    scope = tree["city"] if role in ("city_admin", "city_officer") else tree["futian"]
    return factories.user(role=role, scope=scope)


@pytest.mark.parametrize("role", EVERYONE)
def test_ui_matrix(client, world, role):
    actor = actor_for(role, world)
    if actor is not None:
        client.force_login(actor)
    r, s, ses = world["records"], world["supervisions"], world["sessions"]
    urls = {
        "cpd": reverse("education:cpdrecord_list"),
        "cpd-i": reverse("education:cpdrecord_detail", args=[r["in"].pk]),
        "cpd-o": reverse("education:cpdrecord_detail", args=[r["out"].pk]),
        "appr": reverse("education:cpdrecord_approve", args=[r["in"].pk]),
        "wdr": reverse("education:cpdrecord_withdraw", args=[r["in"].pk]),
        "comp": reverse("education:compliance"),
        "imp": reverse("education:cpdrecord_import"),
        "sup-i": reverse("education:supervision_detail", args=[s["in"].pk]),
        "sup-o": reverse("education:supervision_detail", args=[s["out"].pk]),
        "ses-i": reverse("education:supervisionsession_detail", args=[ses["in"].pk]),
        "plan": reverse("education:training_plan"),
        "prov": reverse("education:trainingprovider_list"),
        "tgt-i": reverse("education:trainingtarget_detail", args=[world["target"].pk]),
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

    session = client.get(f"/api/v1/supervision-sessions/{world['sessions']['in'].pk}/")
    notes = session.status_code
    if notes == 200:
        notes = 1 if session.json()["notes"] == NOTES else 0
    compliance = client.get("/api/v1/cpd-compliance/").status_code
    claim = world["records"]["in"].pk
    withdrawn = client.post(f"/api/v1/cpd-records/{claim}/withdraw/").status_code
    got = {
        "cpd": count("/api/v1/cpd-records/"),
        "sups": count("/api/v1/supervisions/"),
        "ses": count("/api/v1/supervision-sessions/"),
        "notes": notes,
        "wdr": withdrawn,
        "appr": client.post(
            f"/api/v1/cpd-records/{world['records']['in'].pk}/approve/"
        ).status_code,
        "comp": compliance,
        "tgts": count("/api/v1/training-targets/"),
        "prov": count("/api/v1/training-providers/"),
        "crs": count("/api/v1/courses/"),
        "sess": count("/api/v1/course-sessions/"),
        "rule": count("/api/v1/cpd-rules/"),
        "rem": count("/api/v1/cpd-reminders/"),
        "svr": count("/api/v1/supervisors/"),
    }
    assert got == API[role]
    approved = CpdRecord.objects.filter(status="approved").count()
    assert approved == (1 if API[role]["appr"] == 200 else 0)
    withdrawn = CpdRecord.objects.filter(status="withdrawn").count()
    assert withdrawn == (1 if API[role]["wdr"] == 200 else 0)
