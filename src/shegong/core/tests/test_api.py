"""API errors: a message per field (400), the caller's language, 401/403/404, never a 500."""

from __future__ import annotations

import re

import pytest

from shegong.areas.models import Area
from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.organisations.models import Organisation
from shegong.organisations.validators import credit_code_check_char

CJK = re.compile(r"[\u4e00-\u9fff]")


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def wrong_check_char(body: str) -> str:
    right = credit_code_check_char(body)
    return body + ("1" if right != "1" else "2")


# --- 400: a message per field ---------------------------------------------------------------


def test_missing_fields_are_named_in_chinese_by_default(admin_client):
    response = post(admin_client, "/api/v1/areas/", {})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()
    assert {"code", "name", "level"} <= set(errors)
    assert CJK.search(errors["code"][0]), errors


def test_missing_fields_are_named_in_english_on_request(admin_client):
    response = post(admin_client, "/api/v1/areas/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == ["This field is required."]
    assert response["Content-Language"] == "en"


def test_non_digit_area_code(admin_client, tree):
    data = {"code": "44A", "name": "坏代码", "level": "city", "parent": tree["province"].pk}
    count = AuditRecord.objects.count()

    zh = post(admin_client, "/api/v1/areas/", data)
    assert zh.status_code == 400
    assert zh.json()["code"] == ["区域代码只能由数字组成。"]

    en = post(admin_client, "/api/v1/areas/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 400
    assert en.json() == {"code": ["An area code is made of digits only."]}

    assert not Area.objects.filter(code="44A").exists()
    assert AuditRecord.objects.count() == count


def test_parent_of_the_wrong_level(admin_client, tree):
    data = {
        "code": "440304001001",
        "name": "错层级的区",
        "level": "district",
        "parent": tree["futian_street"].pk,
    }
    en = post(admin_client, "/api/v1/areas/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 400
    assert en.json() == {"parent": ["A District cannot sit under a Street."]}

    zh = post(admin_client, "/api/v1/areas/", data)
    assert zh.status_code == 400
    message = zh.json()["parent"][0]
    assert "区" in message and "街道" in message
    assert CJK.search(message)
    assert not Area.objects.filter(name="错层级的区").exists()


def test_code_not_under_parent_code(admin_client, tree):
    data = {"code": "440303009", "name": "错代码", "level": "street", "parent": tree["futian"].pk}
    en = post(admin_client, "/api/v1/areas/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 400
    assert en.json() == {"code": ["The code must begin with the parent's code 440304."]}


def test_wrong_credit_code_check_character(admin_client, tree):
    data = {
        "name": "校验码错误的机构",
        "credit_code": wrong_check_char("52440300MJL123456"),
        "kind": "service_provider",
        "area": tree["futian"].pk,
    }
    en = post(admin_client, "/api/v1/organisations/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 400
    assert en.json() == {
        "credit_code": ["The check character of this unified social credit code is wrong."]
    }
    zh = post(admin_client, "/api/v1/organisations/", data)
    assert zh.status_code == 400
    assert zh.json()["credit_code"] == ["此统一社会信用代码的校验码有误。"]
    assert not Organisation.objects.filter(name="校验码错误的机构").exists()


def test_right_credit_code_is_accepted_and_normalised(admin_client, tree):
    body = "52440300mjl123456"
    data = {
        "name": "正确的机构",
        "credit_code": body + credit_code_check_char(body.upper()),
        "kind": "service_provider",
        "area": tree["futian"].pk,
    }
    response = post(admin_client, "/api/v1/organisations/", data)
    assert response.status_code == 201, response.content
    assert response.json()["credit_code"] == data["credit_code"].upper()


def test_several_bad_fields_get_one_message_each(admin_client, tree):
    data = {"name": "", "credit_code": "123", "kind": "nonsense", "area": tree["futian"].pk}
    response = post(admin_client, "/api/v1/organisations/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"name", "credit_code", "kind"}
    assert errors["credit_code"] == [
        "A unified social credit code has 18 characters; this one has 3."
    ]
    assert all(isinstance(v, list) and v and all(v) for v in errors.values())


def test_malformed_json_is_400(admin_client):
    response = admin_client.post("/api/v1/areas/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


# --- 401/403/404 ---------------------------------------------------------------------------------


def test_anonymous_post_is_refused_and_writes_nothing(client, tree):
    count = (Area.objects.count(), AuditRecord.objects.count())
    response = post(
        client,
        "/api/v1/areas/",
        {"code": "440304011", "name": "匿名", "level": "street", "parent": tree["futian"].pk},
    )
    assert response.status_code in (401, 403)
    assert "detail" in response.json()
    assert (Area.objects.count(), AuditRecord.objects.count()) == count


def test_anonymous_read_of_a_private_list_is_refused(client, tree):
    response = client.get("/api/v1/users/")
    assert response.status_code in (401, 403)


def test_invalid_token_is_401(client, tree):
    response = client.get("/api/v1/areas/", HTTP_AUTHORIZATION="Token sg_nonsense")
    assert response.status_code == 401


def test_role_without_add_cannot_create(client, tree):
    officer = factories.user("cityofficer", role="city_officer", scope=tree["city"])
    client.force_login(officer)
    count = Area.objects.count()
    response = post(
        client,
        "/api/v1/areas/",
        {"code": "440304012", "name": "无权", "level": "street", "parent": tree["futian"].pk},
    )
    assert response.status_code == 403
    assert Area.objects.count() == count


@pytest.fixture
def futian_officer_client(client, tree):
    officer = factories.user("futianofficer", role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    return client


def test_other_districts_organisation_is_404_for_a_district_officer(futian_officer_client, tree):
    own = factories.organisation(tree["futian"], "福田的机构")
    other = factories.organisation(tree["luohu"], "罗湖的机构")
    assert futian_officer_client.get(f"/api/v1/organisations/{own.pk}/").status_code == 200
    response = futian_officer_client.get(f"/api/v1/organisations/{other.pk}/")
    assert response.status_code == 404
    assert "罗湖的机构" not in response.content.decode()
    patch = futian_officer_client.patch(
        f"/api/v1/organisations/{other.pk}/",
        {"name": "改别人的"},
        content_type="application/json",
    )
    assert patch.status_code == 404
    other.refresh_from_db()
    assert other.name == "罗湖的机构"
    listing = futian_officer_client.get("/api/v1/organisations/").json()["results"]
    names = [o["name"] for o in listing]
    assert names == ["福田的机构"]


def test_other_districts_organisation_page_is_404_too(futian_officer_client, tree):
    other = factories.organisation(tree["luohu"], "罗湖的机构")
    response = futian_officer_client.get(f"/organisations/organisations/{other.pk}/")
    assert response.status_code == 404


def test_district_officer_cannot_move_an_organisation_out_of_the_district(
    futian_officer_client, tree
):
    own = factories.organisation(tree["futian"], "福田的机构")
    response = futian_officer_client.patch(
        f"/api/v1/organisations/{own.pk}/",
        {"area": tree["luohu"].pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.area == tree["futian"]


# --- Never a 500 ----------------------------------------------------------------------------------


ODD_URLS = [
    "/no-such-page/",
    "/api/v1/no-such-endpoint/",
    "/api/v1/areas/999999/",
    "/api/v1/areas/abc/",
    "/api/v1/areas/?page=999",
    "/api/v1/areas/?page=abc",
    "/api/v1/areas/?page_size=abc",
    "/api/v1/areas/?parent=abc",
    "/api/v1/areas/?level=nonsense",
    "/api/v1/areas/?ordering=nonsense",
    "/api/v1/organisations/?area=999999",
    "/api/v1/users/?role=nonsense",
    "/areas/areas/999999/",
    "/areas/areas/999999/edit/",
    "/areas/areas/?per_page=abc",
    "/areas/areas/?page=999",
    "/areas/areas/?sort=nonsense",
    "/areas/areas/?parent=abc",
    "/areas/areas/?within=999999",
    "/platform/jobs/999999/",
    "/platform/jobs/999999/download/",
    "/platform/audit/999999/",
    "/platform/audit/?since=notadate",
    "/accounts/users/999999/",
]


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_urls_never_500_signed_in(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    assert response.status_code in (200, 400, 404), (url, response.status_code)


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_urls_never_500_anonymous(client, tree, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_unknown_api_page_is_json_404(admin_client):
    response = admin_client.get("/api/v1/areas/999999/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_export_of_unknown_model_is_404(admin_client):
    response = admin_client.post("/platform/jobs/export/", {"model": "auth.nothing"})
    assert response.status_code == 404
    response = admin_client.post("/platform/jobs/export/", {"model": "areas.area", "format": "pdf"})
    assert response.status_code == 404
