"""What a user sees: progress on the person's page (city and national rule), the compliance
list and its export, claims with evidence and their approval, supervision beyond the ratio,
course accreditation, through the pages and the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.education import services
from shegong.education.models import CpdRecord, Supervision, Supervisor
from shegong.workforce import services as workforce
from shegong.workforce.tests import data as wdata

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    today = data.today()
    org = factories.organisation(tree["futian"])
    user = factories.user(role="social_worker", home=tree["futian"])
    who = data.person(tree["futian"], org, user=user)
    cert = data.certificate(who, issued=date(2015, 1, 1))
    data.registration(
        who, cert, valid_from=today - timedelta(days=400), valid_until=today + timedelta(days=700)
    )
    workforce.hire(None, who, wdata.post(org, wdata.post_type()), today, "new_hire")
    luohu = data.person(tree["luohu"])
    data.certificate(luohu, issued=date(2015, 1, 1))
    return {
        "tree": tree,
        "org": org,
        "who": who,
        "user": user,
        "luohu": luohu,
        "officer": factories.user(role="district_officer", scope=tree["futian"]),
        "city": factories.user(role="city_officer", scope=tree["city"]),
        "org_admin": factories.user(role="org_admin", scope=org),
    }


def test_person_page_shows_progress_against_the_city_and_the_national_rule(client, world):
    today = data.today()
    data.record(world["who"], today, days=3)
    client.force_login(world["user"])
    body = client.get(f"/people/persons/{world['who'].pk}/").content.decode()
    assert 'id="panel-cpd"' in body
    assert f"3 of 15 days in {today.year}: 12 days missing" in body
    assert "24 of 72 hours in the registration period" in body  # 3 days × 8 hours
    api = client.get(f"/api/v1/cpd-progress/?person={world['who'].pk}").json()
    assert [p["required"] for p in api] == ["15", "72"]
    assert client.get(f"/api/v1/cpd-progress/?person={world['luohu'].pk}").status_code == 404
    assert client.get("/api/v1/cpd-progress/?person=abc").status_code == 400


def test_compliance_list_by_district_and_organisation_and_export(client, world):
    year = data.today().year
    client.force_login(world["city"])
    page = client.get(f"/education/compliance/?year={year}").content.decode()
    assert world["who"].name in page and world["luohu"].name in page
    assert world["org"].name in page  # the current employer, from the workforce module
    only_luohu = client.get(f"/education/compliance/?year={year}&area={world['tree']['luohu'].pk}")
    assert world["who"].name not in only_luohu.content.decode()
    by_org = client.get(f"/api/v1/cpd-compliance/?organisation={world['org'].pk}").json()
    assert [r["person"] for r in by_org["results"]] == [world["who"].pk]
    assert by_org["results"][0]["missing"] == "15"
    export = client.get(f"/education/compliance/?year={year}&format=csv")
    assert export["Content-Type"] == "text/csv"
    assert world["luohu"].name in export.content.decode("utf-8-sig")
    assert AuditRecord.objects.filter(action="export", model="education.cpdrecord").exists()
    client.force_login(world["officer"])
    page = client.get(f"/education/compliance/?year={year}").content.decode()
    assert world["who"].name in page and world["luohu"].name not in page
    client.force_login(world["user"])
    assert client.get("/education/compliance/").status_code == 403
    assert client.get("/api/v1/cpd-compliance/").status_code == 403


def test_compliance_api_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for _ in range(15):
        who = data.person(world["tree"]["futian"])
        data.certificate(who, issued=date(2015, 1, 1))
    client.force_login(world["city"])
    # 13: one is where CPD years start (education.cpd_year_start), read once and cached.
    with django_assert_max_num_queries(13):
        response = client.get("/api/v1/cpd-compliance/")
    assert response.json()["count"] == 17


def test_claim_with_evidence_on_the_page_and_approval(client, world):
    client.force_login(world["user"])
    form = client.get(f"/education/cpdrecords/new/?person={world['who'].pk}")
    assert form.status_code == 200
    response = client.post(
        "/education/cpdrecords/new/",
        {
            "person": world["who"].pk,
            "title": "香港社工交流",
            "kind": "exchange",
            "completed_on": str(data.today()),
            "days": "3",
            "evidence": SimpleUploadedFile("证书.pdf", b"%PDF-1.4 evidence"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = CpdRecord.objects.get()
    assert record.status == "claimed" and record.evidence.name
    assert client.get(f"/education/cpdrecords/{record.pk}/approve/").status_code == 403
    client.force_login(world["officer"])
    detail = client.get(f"/education/cpdrecords/{record.pk}/").content.decode()
    assert f"/education/cpdrecords/{record.pk}/approve/" in detail
    done = client.post(f"/education/cpdrecords/{record.pk}/approve/", {"reason": "核实"})
    assert done.status_code == 302
    record.refresh_from_db()
    assert record.status == "approved"


def test_api_claim_approve_and_wrong_state(client, world):
    client.force_login(world["user"])
    response = client.post(
        "/api/v1/cpd-records/",
        {
            "person": world["who"].pk,
            "title": "网络课程",
            "kind": "online",
            "completed_on": str(data.today()),
            "hours": "6",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "claimed"
    bad = client.post(
        "/api/v1/cpd-records/",
        {
            "person": world["who"].pk,
            "title": "x",
            "kind": "online",
            "completed_on": str(data.today()),
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "hours" in bad.json()
    assert client.post(f"/api/v1/cpd-records/{pk}/approve/").status_code == 403
    client.force_login(world["officer"])
    assert client.post(f"/api/v1/cpd-records/{pk}/approve/").json()["status"] == "approved"
    again = client.post(f"/api/v1/cpd-records/{pk}/refuse/", {"reason": "x"})
    assert again.status_code == 400 and "only a claim awaiting approval" in str(again.json())


def test_withdraw_a_claim_and_an_approval_on_the_pages_and_in_the_api(client, world):
    def claim():
        return services.claim(
            world["user"],
            world["who"],
            {"title": "线上课程", "kind": "online", "completed_on": data.today(), "days": 1},
        )

    first, second = claim(), claim()
    client.force_login(world["user"])
    page = client.get(f"/education/cpdrecords/{first.pk}/").content.decode()
    withdraw = f"/education/cpdrecords/{first.pk}/withdraw/"
    assert withdraw in page and f"/education/cpdrecords/{first.pk}/revoke/" not in page
    assert client.post(withdraw, {"reason": "重复申报"}).status_code == 302
    first.refresh_from_db()
    assert first.status == "withdrawn" and first.decision_reason == "重复申报"
    assert withdraw not in client.get(f"/education/cpdrecords/{first.pk}/").content.decode()
    api = client.post(f"/api/v1/cpd-records/{second.pk}/withdraw/", {"reason": ""})
    assert api.status_code == 200 and api.json()["status"] == "withdrawn"
    late = client.post(f"/api/v1/cpd-records/{second.pk}/withdraw/")
    assert late.status_code == 400 and "only a claim awaiting approval" in str(late.json())

    approved = services.approve(world["officer"], claim())
    assert (
        client.post(f"/api/v1/cpd-records/{approved.pk}/revoke/", {"reason": "x"}).status_code
        == 403
    )
    client.force_login(world["officer"])
    page = client.get(f"/education/cpdrecords/{approved.pk}/").content.decode()
    assert f"/education/cpdrecords/{approved.pk}/revoke/" in page
    no_reason = client.post(f"/education/cpdrecords/{approved.pk}/revoke/", {"reason": ""})
    assert no_reason.status_code == 200 and "Give the reason" in no_reason.content.decode()
    api = client.post(f"/api/v1/cpd-records/{approved.pk}/revoke/", {"reason": "证书伪造"})
    assert api.status_code == 200 and api.json()["status"] == "revoked"
    claimed = client.post(f"/api/v1/cpd-records/{claim().pk}/revoke/", {"reason": "x"})
    assert claimed.status_code == 400 and "Only an approved record" in str(claimed.json())


def test_api_supervision_beyond_the_ratio_is_400(client, world):
    from shegong.core.models import PolicyParameter

    PolicyParameter.objects.create(
        key="education.supervision_ratio", value=1, valid_from=date(2001, 1, 1)
    )
    senior = data.person(world["tree"]["futian"])
    data.certificate(senior, "senior", issued=date(2015, 1, 1))
    client.force_login(world["officer"])
    response = client.post(
        "/api/v1/supervisors/", {"person": senior.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    supervisor = response.json()["id"]
    refused = client.post(
        "/api/v1/supervisors/", {"person": world["who"].pk}, content_type="application/json"
    )
    assert refused.status_code == 400 and "too low" in str(refused.json())
    first = client.post(
        "/api/v1/supervisions/",
        {"supervisor": supervisor, "supervisee": world["who"].pk},
        content_type="application/json",
    )
    assert first.status_code == 201, first.json()
    other = data.person(world["tree"]["futian"])
    over = client.post(
        "/api/v1/supervisions/",
        {"supervisor": supervisor, "supervisee": other.pk},
        content_type="application/json",
    )
    assert over.status_code == 400 and "the limit is 1 per supervisor" in str(over.json())
    assert Supervision.objects.count() == 1 and Supervisor.objects.count() == 1
    ended = client.post(
        f"/api/v1/supervisions/{first.json()['id']}/end/",
        {"ends_on": str(data.today())},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["ends_on"] == str(data.today())


def test_only_the_city_accredits_courses(client, world, tree):
    provider_admin = factories.user(role="org_admin", scope=world["org"])
    provider = data.provider(world["org"])
    client.force_login(provider_admin)
    created = client.post(
        "/api/v1/courses/",
        {
            "provider": provider.pk,
            "code": "K1",
            "title": "伦理",
            "kind": "course",
            "hours": "8",
            "days": "1",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["accreditation"] == "pending"
    pk = created.json()["id"]
    refused = client.patch(
        f"/api/v1/courses/{pk}/",
        {"accreditation": "accredited"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(world["city"])
    done = client.patch(
        f"/api/v1/courses/{pk}/",
        {"accreditation": "accredited"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["accreditation"] == "accredited"
    other = factories.user(role="org_admin", scope=factories.organisation(tree["luohu"]))
    client.force_login(other)
    assert (
        client.patch(
            f"/api/v1/courses/{pk}/", {"title": "x"}, content_type="application/json"
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "url",
    [
        "/education/cpdrecords/",
        "/education/cpdrecords/import/",
        "/education/compliance/",
        "/education/plan/",
        "/education/trainingproviders/",
        "/education/courses/",
        "/education/coursesessions/",
        "/education/cpdrules/",
        "/education/cpdreminders/",
        "/education/supervisors/",
        "/education/supervisions/",
        "/education/supervisionsessions/",
        "/education/trainingtargets/",
        "/education/trainingtargets/new/",
        "/education/cpdrules/new/",
        "/education/supervisions/new/",
        "/education/supervisors/new/",
        "/education/supervisionsessions/new/",
    ],
)
def test_pages_open_for_the_city(client, world, url):
    client.force_login(factories.user(role="city_admin", scope=world["tree"]["city"]))
    assert client.get(url).status_code == 200


def _claim_fields(world, evidence) -> dict:
    return {
        "person": world["who"].pk,
        "title": "香港社工交流",
        "kind": "exchange",
        "completed_on": str(data.today()),
        "days": "3",
        "evidence": evidence,
    }


def test_evidence_over_the_size_limit_is_refused_on_the_page_and_in_the_api(
    client, world, settings, english
):
    """Issue 10: the evidence upload has its limit (SHEGONG_MAX_UPLOAD_MB["evidence"])."""
    settings.SHEGONG_MAX_UPLOAD_MB = {**settings.SHEGONG_MAX_UPLOAD_MB, "evidence": 1}
    message = "The file is 1.5 MB; at most 1 MB can be uploaded here."
    client.force_login(world["user"])
    big = SimpleUploadedFile("证书.pdf", b"%PDF-1.4 " + b"x" * (3 * 2**19 - 9))
    page = client.post("/education/cpdrecords/new/", _claim_fields(world, big))
    assert page.status_code == 200
    assert message in page.content.decode()
    big.seek(0)
    api = client.post("/api/v1/cpd-records/", _claim_fields(world, big))
    assert api.status_code == 400
    assert api.json()["evidence"] == [message]
    assert not CpdRecord.objects.exists()
    small = SimpleUploadedFile("证书.pdf", b"%PDF-1.4 evidence")
    assert client.post("/api/v1/cpd-records/", _claim_fields(world, small)).status_code == 201
