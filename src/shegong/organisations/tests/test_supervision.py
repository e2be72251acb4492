"""ORG-1 / ORG-2: registration data, status, private contacts and the supervising authority.

The rule (``services.supervising_authority_for``): a service organisation, association or
volunteer organisation is supervised by the one government body whose line department matches
its service fields, in its district or else in the city; otherwise by the social work
authority of its district (or the city, for a city-level organisation).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.core import services
from shegong.core.testing import factories
from shegong.organisations import services as org_services
from shegong.organisations.models import Organisation, ServiceField

EDUCATION, JUSTICE, CIVIL, DISABILITY, DRUGS = "03", "05", "02", "08", "07"


def fields(*codes):
    return list(ServiceField.objects.filter(code__in=codes))


def body(area, name, department):
    return org_services.create_organisation(
        None,
        Organisation,
        {
            "name": name,
            "credit_code": factories.credit_code(),
            "kind": "government_body",
            "area": area,
            "line_department": department,
        },
    )


def org(area, *codes, kind="service_provider", actor=None, **data):
    return org_services.create_organisation(
        actor,
        Organisation,
        {
            "name": data.pop("name", f"机构{factories.credit_code()[-6:]}"),
            "credit_code": factories.credit_code(),
            "kind": kind,
            "area": area,
            **data,
        },
        m2m={"service_fields": fields(*codes)},
    )


@pytest.fixture
def bodies(tree):
    return {
        "futian_edu": body(tree["futian"], "福田区教育局", "教育"),
        "futian_justice": body(tree["futian"], "福田区司法局", "司法"),
        "city_disability": body(tree["city"], "深圳市残联", "残联"),
        "city_edu": body(tree["city"], "深圳市教育局", "教育"),
    }


def test_one_body_fits_in_the_district(tree, bodies):
    o = org(tree["futian"], EDUCATION)
    assert o.supervising_body == bodies["futian_edu"] and o.supervising_area is None
    assert not o.supervision_set_by_official
    assert org_services.supervision_reason(o) == "line department 教育 → 福田区教育局"
    # An association and a volunteer organisation follow the same rule.
    for kind in ("association", "volunteer_organisation"):
        assert org(tree["futian"], JUSTICE, kind=kind).supervising_body == bodies["futian_justice"]


def test_two_bodies_fit_so_the_district_authority_supervises(tree, bodies):
    o = org(tree["futian"], EDUCATION, JUSTICE)
    assert o.supervising_body is None and o.supervising_area == tree["futian"]
    assert org_services.supervision_reason(o) == (
        "by rule: several line departments fit (福田区司法局, 福田区教育局)"
    )


def test_two_fields_of_one_department_are_one_fit(tree, bodies):
    body(tree["futian"], "福田区民政局", "民政")
    o = org(tree["futian"], CIVIL, "01", "11")  # three fields, all 民政
    assert o.supervising_body.name == "福田区民政局"


def test_no_field_or_no_body_means_the_district_authority(tree, bodies):
    for o in (org(tree["futian"]), org(tree["futian"], DRUGS), org(tree["luohu"], JUSTICE)):
        assert o.supervising_body is None
        assert o.supervising_area == o.area
        assert org_services.supervision_reason(o) == "by rule: no line department fits"
    assert org_services.authority_name(o) == "罗湖区 social work authority"


def test_no_body_in_the_district_falls_back_to_the_city(tree, bodies):
    # Luohu has no bodies: the city's one disability federation fits.
    assert org(tree["luohu"], DISABILITY).supervising_body == bodies["city_disability"]
    # Futian's own education bureau comes before the city's.
    assert org(tree["futian"], EDUCATION).supervising_body == bodies["futian_edu"]
    assert org(tree["luohu"], EDUCATION).supervising_body == bodies["city_edu"]


def test_a_suspended_body_does_not_fit(tree, bodies):
    services.update_record(None, bodies["futian_edu"], {"status": "suspended"})
    assert org(tree["futian"], EDUCATION).supervising_body == bodies["city_edu"]


def test_a_city_level_organisation(tree, bodies):
    o = org(tree["city"], kind="association")
    assert o.supervising_area == tree["city"]
    assert org_services.authority_name(o) == "深圳市 social work authority"
    # District bodies do not count for it; the city's do.
    assert org(tree["city"], JUSTICE).supervising_area == tree["city"]
    assert org(tree["city"], EDUCATION).supervising_body == bodies["city_edu"]
    # An organisation registered in a street belongs to its district.
    assert org(tree["futian_street"]).supervising_area == tree["futian"]


def test_government_bodies_and_public_institutions_are_not_matched(tree, bodies):
    assert bodies["futian_edu"].supervising_area == tree["futian"]
    inst = org(tree["futian"], EDUCATION, kind="public_institution")
    assert inst.supervising_area == tree["futian"]
    assert "is supervised by the social work authority" in org_services.supervision_reason(inst)


def test_the_rule_runs_again_when_fields_or_district_change(tree, bodies):
    officer = factories.user(role="city_officer", scope=tree["city"])
    o = org(tree["futian"])
    assert o.supervising_area == tree["futian"]
    o = org_services.update_organisation(officer, o, {}, m2m={"service_fields": fields(EDUCATION)})
    assert o.supervising_body == bodies["futian_edu"]
    o = org_services.update_organisation(officer, o, {"area": tree["luohu"]})
    assert o.supervising_body == bodies["city_edu"]
    o = org_services.update_organisation(officer, o, {}, m2m={"service_fields": []})
    assert o.supervising_body is None and o.supervising_area == tree["luohu"]


def test_an_official_override_is_kept_on_later_edits(tree, bodies):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    o = org(tree["futian"], EDUCATION)
    o = org_services.update_organisation(
        officer, o, {"supervising_body": bodies["futian_justice"]}, reason="司法局主管"
    )
    assert o.supervising_body == bodies["futian_justice"] and o.supervision_set_by_official
    assert org_services.supervision_reason(o) == "set by an official"
    # Later changes of fields, by the organisation or an official, keep it.
    admin = factories.user(role="org_admin", scope=o)
    o = org_services.update_organisation(admin, o, {}, m2m={"service_fields": fields(DRUGS)})
    o = org_services.update_organisation(officer, o, {"address": "新址"})
    assert o.supervising_body == bodies["futian_justice"]
    # Choosing the area instead clears the body.
    o = org_services.update_organisation(officer, o, {"supervising_area": tree["futian"]})
    assert o.supervising_body is None and o.supervising_area == tree["futian"]
    # Unticking hands it back to the rule.
    o = org_services.update_organisation(
        officer, o, {"supervision_set_by_official": False}, m2m={"service_fields": fields(JUSTICE)}
    )
    assert o.supervising_body == bodies["futian_justice"] and not o.supervision_set_by_official


def test_an_official_may_set_it_on_create(tree, bodies):
    o = org(tree["futian"], EDUCATION, supervising_area=tree["futian"])
    assert o.supervising_area == tree["futian"] and o.supervision_set_by_official


@pytest.mark.parametrize(
    "data",
    [
        {"status": "suspended"},
        {"origin": "converted"},
        {"registration_authority": "市民政局"},
        {"registered_on": "2020-01-01"},
        {"supervision_set_by_official": True},
        {"line_department": "教育"},
    ],
)
def test_org_admin_cannot_change_official_fields(tree, bodies, data):
    o = org(tree["futian"])
    admin = factories.user(role="org_admin", scope=o)
    with pytest.raises(PermissionDenied):
        org_services.update_organisation(admin, o, data)


def test_org_admin_cannot_choose_the_supervising_authority(tree, bodies):
    o = org(tree["futian"])
    admin = factories.user(role="org_admin", scope=o)
    with pytest.raises(PermissionDenied):
        org_services.update_organisation(admin, o, {"supervising_body": bodies["futian_edu"]})
    # Their own data is theirs; the fields they serve move the authority by rule.
    o = org_services.update_organisation(
        admin,
        o,
        {"contact_person": "王芳", "contact_phone": "13800138000", "contact_email": "a@b.cn"},
        m2m={"service_fields": fields(EDUCATION)},
    )
    assert o.contact_person == "王芳" and o.supervising_body == bodies["futian_edu"]


def test_exactly_one_supervising_authority(tree, bodies):
    o = org(tree["futian"])
    o.supervising_body = bodies["futian_edu"]
    o.supervising_area = tree["futian"]
    with pytest.raises(ValidationError) as exc:
        o.full_clean()
    assert "Give exactly one supervising authority" in str(exc.value.message_dict)
    o.supervising_body = o.supervising_area = None
    o.supervision_set_by_official = True
    with pytest.raises(ValidationError):
        o.full_clean()
    other = org(tree["futian"])
    o.supervising_body = other
    with pytest.raises(ValidationError) as exc:
        o.full_clean()
    assert (
        "The supervising body must be a government body."
        in (exc.value.message_dict["supervising_body"])
    )
    o.supervising_body, o.supervising_area = None, tree["futian_street"]
    with pytest.raises(ValidationError) as exc:
        o.full_clean()
    assert "supervising_area" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        org(tree["futian"], line_department="教育")
    assert "line_department" in exc.value.message_dict


def test_status_keeps_is_active_in_step(tree):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    o = org(tree["futian"])
    o = org_services.update_organisation(officer, o, {"status": "suspended"})
    assert o.is_active is False
    o = org_services.update_organisation(officer, o, {"status": "active"})
    assert o.is_active is True


def test_lists_filter_by_status(client, tree):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    active = org(tree["futian"], name="在册机构")
    suspended = org(tree["futian"], name="暂停机构", status="suspended")
    client.force_login(officer)
    response = client.get(reverse("organisations:organisation_list"), {"status": "suspended"})
    names = [row.record.name for row in response.context["table"].rows]
    assert names == [suspended.name]
    api = client.get("/api/v1/organisations/", {"status": "active"})
    assert [r["name"] for r in api.json()["results"]] == [active.name]


def test_contacts_are_private(client, tree):
    o = org(
        tree["futian"],
        contact_person="王芳",
        contact_phone="13800138000",
        contact_email="wangfang@example.cn",
    )
    client.force_login(factories.user("field", role="field_officer", scope=tree["futian"]))
    page = client.get(reverse("organisations:organisation_detail", args=[o.pk])).content.decode()
    assert "王芳" in page and "13800138000" not in page and "wangfang@example.cn" not in page
    api = client.get(f"/api/v1/organisations/{o.pk}/").json()
    assert api["contact_phone"] == "138****8000" and api["contact_email"] != o.contact_email
    client.force_login(factories.user("district", role="district_officer", scope=tree["futian"]))
    page = client.get(reverse("organisations:organisation_detail", args=[o.pk])).content.decode()
    assert "13800138000" in page and "wangfang@example.cn" in page
    api = client.get(f"/api/v1/organisations/{o.pk}/").json()
    assert api["contact_phone"] == "13800138000"
    assert api["contact_email"] == "wangfang@example.cn"


def test_detail_page_shows_the_authority_and_why(client, tree, bodies):
    o = org(tree["futian"], EDUCATION)
    client.force_login(factories.user(role="district_officer", scope=tree["futian"]))
    page = client.get(reverse("organisations:organisation_detail", args=[o.pk])).content.decode()
    assert "福田区教育局 (line department 教育 → 福田区教育局)" in page
    assert "青少年教育" in page


def test_form_create_and_edit(client, tree, bodies):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    edu = ServiceField.objects.get(code=EDUCATION)
    data = {
        "name": "表单机构",
        "credit_code": factories.credit_code(),
        "kind": "service_provider",
        "origin": "new",
        "area": tree["futian"].pk,
        "registration_authority": "福田区民政局",
        "registered_on": "2021-05-04",
        "status": "active",
        "service_fields": [edu.pk],
        "contact_person": "李雷",
    }
    response = client.post(reverse("organisations:organisation_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    o = Organisation.objects.get(name="表单机构")
    assert o.supervising_body == bodies["futian_edu"] and str(o.registered_on) == "2021-05-04"
    # The organisation's administrator sees no official fields and keeps the authority.
    admin = factories.user("orgadmin", role="org_admin", scope=o)
    client.force_login(admin)
    url = reverse("organisations:organisation_edit", args=[o.pk])
    form = client.get(url).context["form"]
    assert "status" not in form.fields and "supervising_body" not in form.fields
    assert "service_fields" in form.fields and "contact_phone" in form.fields
    response = client.post(
        url,
        {
            **{k: v for k, v in data.items() if k in form.fields},
            "service_fields": [],
            "contact_phone": "13900000000",
            "version": o.version,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    o.refresh_from_db()
    assert o.contact_phone == "13900000000" and o.supervising_area == tree["futian"]
    assert o.status == "active" and o.origin == "new"


def test_api_create_and_update(client, tree, bodies):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    edu = ServiceField.objects.get(code=EDUCATION)
    response = client.post(
        "/api/v1/organisations/",
        {
            "name": "接口机构",
            "credit_code": factories.credit_code(),
            "kind": "association",
            "origin": "consolidated",
            "area": tree["futian"].pk,
            "service_fields": [edu.pk],
            "contact_phone": "13800138000",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body_json = response.json()
    assert body_json["supervising_body"] == bodies["futian_edu"].pk
    assert body_json["supervising_authority"] == "福田区教育局"
    assert body_json["supervision_reason"] == "line department 教育 → 福田区教育局"
    pk = body_json["id"]
    response = client.patch(
        f"/api/v1/organisations/{pk}/",
        {"supervising_area": tree["futian"].pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["supervision_set_by_official"] is True
    assert response.json()["supervising_body"] is None
    assert response.json()["supervision_reason"] == "set by an official"
    o = Organisation.objects.get(pk=pk)
    client.force_login(factories.user("orgadmin", role="org_admin", scope=o))
    response = client.patch(
        f"/api/v1/organisations/{pk}/", {"status": "suspended"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.patch(
        f"/api/v1/organisations/{pk}/",
        {"contact_person": "韩梅梅"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["contact_person"] == "韩梅梅"


def test_demo_data_is_idempotent_and_follows_the_rule(tree):
    import random

    from shegong.organisations import demo

    demo.generate("district", random.Random(1), lambda message: None)
    count = Organisation.objects.count()
    demo.generate("district", random.Random(2), lambda message: None)
    assert Organisation.objects.count() == count == 2 * 4 + 2 + 2 * 3
    assert Organisation.objects.filter(kind="government_body", area=tree["futian"]).count() == 4
    for o in Organisation.objects.exclude(kind="government_body"):
        assert o.origin and o.registered_on and o.contact_person and o.contact_phone
        rule = org_services.supervising_authority_for(o)
        assert (o.supervising_body, o.supervising_area) == (rule.body, rule.area)


def _api_list(client, **params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("api:organisation-list"), {"page_size": 200, **params})
    assert response.status_code == 200
    return len(ctx.captured_queries), {
        row["name"]: (row["supervising_authority"], row["supervision_reason"])
        for row in response.json()["results"]
    }


def test_the_api_list_reads_the_rule_once_not_per_row(admin_client, tree, bodies):
    """Issue 13: ``supervising_authority`` and ``supervision_reason`` cost 1.4 queries a row
    (143 queries for 100 rows); now the list costs the same for 1 row and for 100."""
    community = factories.area("440304001001", "园岭社区", "community", tree["futian_street"])
    org(community, EDUCATION, name="机构甲")
    one, rows = _api_list(admin_client, kind="service_provider")
    assert rows == {"机构甲": ("福田区教育局", "line department 教育 → 福田区教育局")}
    for i in range(33):
        org(community, EDUCATION, JUSTICE, name=f"机构乙{i:02d}")  # two bodies fit in Futian
        org(tree["luohu_street"], DISABILITY, name=f"机构丙{i:02d}")  # the city's body
        org(tree["luohu"], CIVIL, name=f"机构丁{i:02d}")  # no line department fits
    hundred, rows = _api_list(admin_client, kind="service_provider")
    assert len(rows) == 100
    assert rows["机构乙07"] == (
        "福田区 social work authority",
        "by rule: several line departments fit (福田区司法局, 福田区教育局)",
    )
    assert rows["机构丙07"] == ("深圳市残联", "line department 残联 → 深圳市残联")
    assert rows["机构丁07"] == ("罗湖区 social work authority", "by rule: no line department fits")
    assert (one, hundred) == (6, 6)  # 9 while every request wrote its session
