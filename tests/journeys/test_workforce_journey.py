"""Issue 4, "Done when", as a new user would try it, through the pages and the API: an
organisation is registered and gets a supervising authority by rule; post types, a standard,
a service unit and posts are created and the staffing gap shows; hiring a worker whose
certificate is a level too low into a designated post is refused with a clear message; the
worker enters as a conversion with a plan, which goes overdue and is flagged; a month of pay
below the floor and a late insurance payment are imported and show on the compliance
dashboard; every step is in the (intact) audit trail."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.organisations.models import Organisation, ServiceField
from shegong.workforce.models import Grade, Post, PostType
from shegong.workforce.tests import data


def _ok(response, status=302):
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def test_workforce_journey_through_the_pages_and_the_api(client, tree, english):
    today = timezone.localdate()
    first = today.replace(day=1)
    futian = tree["futian"]
    city_officer = factories.user("city", role="city_officer", scope=tree["city"])
    officer = factories.user("futian", role="district_officer", scope=futian)
    field = ServiceField.objects.get(code="01")

    # 1. The district officer registers an organisation (API); ORG-2 picks its supervisor.
    client.force_login(officer)
    response = _ok(
        client.post(
            "/api/v1/organisations/",
            {
                "name": "福田社工服务中心",
                "credit_code": factories.credit_code(4242),
                "kind": "service_provider",
                "area": futian.pk,
                "service_fields": [field.pk],
            },
            content_type="application/json",
        ),
        201,
    ).json()
    assert response["supervising_authority"] and response["supervision_reason"]
    org = Organisation.objects.get(pk=response["id"])

    # 2. The city officer sets a post type and its standard (pages).
    client.force_login(city_officer)
    _ok(
        client.post(
            "/workforce/posttypes/new/",
            {
                "code": "SQ-SG",
                "name": "社区社工",
                "name_en": "Community social worker",
                "field": field.pk,
                "grade": 2,
                "required_level": "intermediate",
                "designated": "on",
                "sort_order": 0,
                "is_active": "on",
            },
        )
    )
    ptype = PostType.objects.get(code="SQ-SG")
    _ok(
        client.post(
            "/workforce/poststandards/new/",
            {
                "post_type": ptype.pk,
                "basis": "served_people",
                "units_per_post": 1000,
                "difficulty_weight": "1.00",
                "valid_from": "2020-01-01",
            },
        )
    )
    _ok(
        client.post(
            "/workforce/grades/new/",
            {
                "order": 1,
                "code": "A3",
                "name": "助理社工三级",
                "name_en": "",
                "required_level": "assistant",
                "min_years": 0,
                "is_active": "on",
            },
        )
    )
    grade = Grade.objects.get(code="A3")
    _ok(
        client.post(
            "/workforce/payguidances/new/",
            {
                "year": today.year,
                "grade": grade.pk,
                "step": 1,
                "base": "3000.00",
                "post": "1500.00",
                "performance": "500.00",
            },
        )
    )

    # 3. The district officer adds the unit served (3,000 people: 3 posts) and two posts.
    client.force_login(officer)
    _ok(
        client.post(
            "/workforce/serviceunits/new/",
            {
                "name": "园岭社区",
                "field": field.pk,
                "area": futian.pk,
                "organisation": org.pk,
                "served_people": 3000,
                "communities": 0,
                "schools": 0,
                "is_active": "on",
            },
        )
    )
    for code in ("FT-001", "FT-002"):
        _ok(
            client.post(
                "/workforce/posts/new/",
                {
                    "code": code,
                    "name": f"社区社工岗 {code}",
                    "organisation": org.pk,
                    "post_type": ptype.pk,
                    "grade": 2,
                    "designated": "",
                    "is_active": "on",
                },
            )
        )
    gap = client.get("/api/v1/workforce/staffing-gap/", {"by": "organisation"}).json()
    assert [(r["label"], r["required"], r["posts"], r["gap"]) for r in gap] == [
        ("福田社工服务中心", 3, 2, 1)
    ]
    assert (
        "福田社工服务中心" in client.get("/workforce/gap/", {"by": "organisation"}).content.decode()
    )
    post_1, post_2 = Post.objects.order_by("code")

    # 4. A worker whose certificate is one level too low is refused, with the reason.
    low = data.credentialed(futian, org, level="assistant")
    page = client.post(
        f"/workforce/posts/{post_1.pk}/hire/",
        {"person": low.pk, "start": first.isoformat(), "kind": "new_hire"},
    ).content.decode()
    assert "certificate level Assistant Social Worker is below the required Social Worker" in page
    refused = client.post(
        f"/api/v1/posts/{post_1.pk}/hire/",
        {"person": low.pk, "start": first.isoformat(), "kind": "new_hire"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "below the required" in str(refused.json())

    # 5. As existing staff, the worker enters with a conversion plan; a qualified one is hired.
    deadline = today + timedelta(days=10)
    converted = _ok(
        client.post(
            f"/api/v1/posts/{post_1.pk}/hire/",
            {
                "person": low.pk,
                "start": first.isoformat(),
                "kind": "conversion",
                "training_batch": "2026-秋",
                "exam_year": today.year + 1,
                "deadline": deadline.isoformat(),
            },
            content_type="application/json",
        ),
        201,
    ).json()
    good = data.credentialed(futian, org, level="intermediate")
    hired = _ok(
        client.post(
            f"/api/v1/posts/{post_2.pk}/hire/",
            {"person": good.pk, "start": first.isoformat(), "kind": "new_hire"},
            content_type="application/json",
        ),
        201,
    ).json()

    # 6. The organisation administrator places both on the ladder and imports a month of pay
    #    (one below the floor) and of insurance (one paid late).
    admin = factories.user("orgadmin", role="org_admin", scope=org)
    client.force_login(admin)
    for employment in (converted, hired):
        _ok(
            client.post(
                "/api/v1/employment-grades/",
                {
                    "employment": employment["id"],
                    "grade": grade.pk,
                    "step": 1,
                    "valid_from": first.isoformat(),
                },
                content_type="application/json",
            ),
            201,
        )
    month = f"{first:%Y-%m}"
    pay_file = (
        "身份证号,月份,基本工资,岗位工资,绩效工资\n"
        f"{low.national_id},{month},2900.00,1500.00,500.00\n"
        f"{good.national_id},{month},3000.00,1500.00,500.00\n"
    )
    report = client.post(
        "/api/v1/pay-records/import/",
        {"file": SimpleUploadedFile("pay.csv", pay_file.encode("gb18030"))},
    )
    assert report.status_code == 200 and report.json()["created"] == 2, report.json()
    due = first + timedelta(days=14)
    insurance_file = (
        "身份证号,月份,缴费基数,单位缴纳,个人缴纳,应缴日期,实缴日期,实缴金额\n"
        f"{low.national_id},{month},5000,700.00,300.00,{due},{due},1000.00\n"
        f"{good.national_id},{month},5000,700.00,300.00,{due},{due + timedelta(days=3)},1000.00\n"
    )
    report = client.post(
        "/api/v1/insurance-contributions/import/",
        {"file": SimpleUploadedFile("insurance.csv", insurance_file.encode("utf-8-sig"))},
    )
    assert report.status_code == 200 and report.json()["created"] == 2, report.json()

    # 7. Past the plan's deadline the district's dashboard shows it all, page and API.
    client.force_login(officer)
    later = (deadline + timedelta(days=1)).isoformat()
    figures = client.get(
        "/api/v1/workforce/compliance/", {"on": later, "grouping": "organisation"}
    ).json()
    row = next(r for r in figures["rows"] if r["key"] == org.pk)
    assert row["designated_filled"] == 2 and row["credentialed"] == 1 and row["rate"] == "50.0"
    assert (row["plans_open"], row["plans_overdue"], row["flagged"]) == (1, 1, 0)
    assert (row["pay_below"], row["insurance_late"], row["insurance_short"]) == (1, 1, 0)
    assert (row["required"], row["posts"], row["gap"]) == (3, 2, 1)
    page = client.get("/workforce/compliance/", {"on": later}).content.decode()
    assert "福田社工服务中心" in page and "Conversion plans overdue" in page
    on_time = client.get("/api/v1/workforce/compliance/", {"on": deadline.isoformat()}).json()[
        "total"
    ]
    assert on_time["plans_overdue"] == 0  # due that day: not yet overdue

    # 8. Every step is in the audit trail, and the trail is intact.
    for model in (
        "organisations.organisation",
        "workforce.post",
        "workforce.employment",
        "workforce.conversionplan",
        "workforce.payrecord",
        "workforce.insurancecontribution",
        "workforce.employmentgrade",
    ):
        assert AuditRecord.objects.filter(model=model).exists(), model
    assert list(verify_chain()) == []
