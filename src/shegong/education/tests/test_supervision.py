"""EDU-3: supervisor qualification, the ratio limit at its edge, and who sees the notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from shegong.core.models import PolicyParameter
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.core.testing.clock import frozen_clock
from shegong.education import services
from shegong.education.models import Supervision, SupervisionSession, Supervisor

from . import data

pytestmark = pytest.mark.django_db


def appoint(who, on=None):
    return services.appoint_supervisor(
        None, Supervisor, {"person": who, "appointed_on": on or data.today()}
    )


def test_a_senior_qualifies(tree):
    who = data.person(tree["futian"])
    data.certificate(who, "senior", issued=date(2020, 1, 1))
    assert "Senior Social Worker" in appoint(who).qualification


def test_intermediate_qualifies_after_exactly_the_years_not_a_day_before(tree):
    with frozen_clock(date(2026, 6, 1)):  # appointed today: 1 June 2026
        ready = data.person(tree["futian"])
        data.certificate(ready, "intermediate", issued=date(2023, 6, 1))
        assert appoint(ready).qualification == "Social Worker for 3 years"
        early = data.person(tree["futian"])
        data.certificate(early, "intermediate", issued=date(2023, 6, 2))
        with pytest.raises(ValidationError) as refused:
            appoint(early)
        assert "Social Worker for 2 full year(s)" in str(refused.value)


def test_assistant_and_no_certificate_are_refused(tree):
    assistant = data.person(tree["futian"])
    data.certificate(assistant, "assistant", issued=date(2010, 1, 1))
    with pytest.raises(ValidationError, match="level Assistant Social Worker is too low"):
        appoint(assistant)
    with pytest.raises(ValidationError, match="holds no valid certificate"):
        appoint(data.person(tree["futian"]))


@pytest.fixture
def ratio_three():
    PolicyParameter.objects.create(
        key="education.supervision_ratio", scope="city", value=3, valid_from=date(2001, 1, 1)
    )


def start(supervisor, supervisee, on=None):
    return services.start_supervision(
        None,
        Supervision,
        {"supervisor": supervisor, "supervisee": supervisee, "starts_on": on or data.today()},
    )


def test_ratio_at_the_limit_is_accepted_one_over_is_refused(tree, ratio_three):
    senior = data.person(tree["futian"])
    data.certificate(senior, "senior", issued=date(2020, 1, 1))
    supervisor = appoint(senior)
    people = [data.person(tree["futian"]) for _ in range(4)]
    for who in people[:3]:
        start(supervisor, who)  # the third is exactly at the limit: accepted
    with pytest.raises(ValidationError) as refused:
        start(supervisor, people[3])
    assert f"{senior} already supervises 3 people" in str(refused.value)
    assert "the limit is 3 per supervisor" in str(refused.value)
    assert Supervision.objects.count() == 3
    # Ending one supervision frees a place from the day after it ends.
    first = Supervision.objects.order_by("pk").first()
    services.end_supervision(None, first, data.today())
    with pytest.raises(ValidationError):
        start(supervisor, people[3])
    start(supervisor, people[3], data.today() + timedelta(days=1))


def test_the_default_ratio_is_20(tree):
    senior = data.person(tree["futian"])
    data.certificate(senior, "senior", issued=date(2020, 1, 1))
    supervisor = appoint(senior)
    for _ in range(20):
        start(supervisor, data.person(tree["futian"]))
    with pytest.raises(ValidationError, match="the limit is 20"):
        start(supervisor, data.person(tree["futian"]))


def test_nobody_supervises_themselves_and_sessions_stay_inside_the_dates(tree):
    senior = data.person(tree["futian"])
    data.certificate(senior, "senior", issued=date(2020, 1, 1))
    supervisor = appoint(senior)
    with pytest.raises(ValidationError, match="Nobody supervises themselves"):
        start(supervisor, senior)
    supervision = start(supervisor, data.person(tree["futian"]))
    with pytest.raises(ValidationError, match="outside the supervision"):
        services.record_session(
            None,
            SupervisionSession,
            {
                "supervision": supervision,
                "held_on": supervision.starts_on - timedelta(days=1),
                "hours": 2,
                "topic": "伦理",
            },
        )


NOTES = "案主家庭暴力情况，需转介"

#: Who sees a session and its notes. 404: not even the session; "hidden": the session with
#: the notes hidden; "shown": the notes.
NOTES_MATRIX = {
    "supervisee": "shown",
    "supervisor": "shown",
    "org_admin_of_supervisee": "shown",
    "district_officer_in": "shown",
    "city_officer": "shown",
    "city_admin": "shown",
    "auditor": "hidden",
    "district_officer_out": 404,
    "org_admin_other": 404,
    "field_officer": 404,
    "certificate_issuer": 404,
    "other_social_worker": 404,
}


@pytest.fixture
def notes_world(tree):
    org = factories.organisation(tree["futian"])
    other_org = factories.organisation(tree["futian"])
    supervisee_user = factories.user(role="social_worker", home=tree["futian"])
    supervisee = data.person(tree["futian"], org, user=supervisee_user)
    supervisor_user = factories.user(role="supervisor", home=tree["futian"])
    senior = data.person(tree["luohu"], other_org, user=supervisor_user)
    data.certificate(senior, "senior", issued=date(2020, 1, 1))
    supervision = start(appoint(senior), supervisee)
    session = create_record(
        None,
        SupervisionSession,
        {
            "supervision": supervision,
            "held_on": data.today(),
            "hours": 2,
            "topic": "个案",
            "notes": NOTES,
        },
    )
    users = {
        "supervisee": supervisee_user,
        "supervisor": supervisor_user,
        "org_admin_of_supervisee": factories.user(role="org_admin", scope=org),
        "district_officer_in": factories.user(role="district_officer", scope=tree["futian"]),
        "city_officer": factories.user(role="city_officer", scope=tree["city"]),
        "city_admin": factories.user(role="city_admin", scope=tree["city"]),
        "auditor": factories.user(role="auditor", scope=tree["city"]),
        "district_officer_out": factories.user(role="district_officer", scope=tree["luohu"]),
        "org_admin_other": factories.user(role="org_admin", scope=other_org),
        "field_officer": factories.user(role="field_officer", scope=tree["city"]),
        "certificate_issuer": factories.user(role="certificate_issuer", scope=tree["city"]),
        "other_social_worker": factories.user(role="social_worker", home=tree["futian"]),
    }
    return session, users


@pytest.mark.parametrize("who", sorted(NOTES_MATRIX))
def test_notes_are_private_to_the_pair_the_organisation_the_district_and_the_city(
    client, notes_world, who
):
    session, users = notes_world
    client.force_login(users[who])
    page = client.get(f"/education/supervisionsessions/{session.pk}/")
    api = client.get(f"/api/v1/supervision-sessions/{session.pk}/")
    expected = NOTES_MATRIX[who]
    if expected == 404:
        assert (page.status_code, api.status_code) == (404, 404)
        return
    assert page.status_code == 200 and api.status_code == 200
    if expected == "shown":
        assert NOTES in page.content.decode() and api.json()["notes"] == NOTES
    else:
        assert NOTES not in page.content.decode() and api.json()["notes"] == "******"
    # Lists never show the notes in full; the history tab hides them for readers without
    # the right, and nobody reads any part of them from the mask.
    listing = client.get("/api/v1/supervision-sessions/").json()
    assert all(row["notes"] in ("", "******") for row in listing["results"])
    history = client.get(f"/education/supervisionsessions/{session.pk}/?tab=history")
    assert (NOTES in history.content.decode()) == (expected == "shown")
