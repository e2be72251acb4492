"""People: birth date and sex derived from the ID number, one person per ID number, private
data masked for everyone without ``view_private`` and every full view logged, organisation
administrators limited to their own staff, and education and work history kept from the
person's page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.core import services as core_services
from shegong.core.models import AuditRecord, Job
from shegong.core.testing import factories
from shegong.people import services
from shegong.people.models import Education, Person, WorkHistory

from .conftest import national_id, person

ID_F = national_id("440304", "19900101", "123")
ID_F_MASKED = "440304********1231"[:0] + ID_F[:6] + "*" * 8 + ID_F[-4:]
PHONE, PHONE_MASKED = "13812345678", "138****5678"
ADDRESS = "深圳市福田区福华路1号"


@pytest.fixture
def world(tree, orgs):
    futian, luohu, city = tree["futian"], tree["luohu"], tree["city"]
    me = factories.user("zhangsan", role="social_worker", home=futian, organisation=orgs["org_f"])
    p_f = person(futian, orgs["org_f"], national_id=ID_F, user=me)
    p_f2 = person(
        futian, orgs["org_f2"], national_id=national_id(birth="19851212", seq="042"), name="李四"
    )
    p_l = person(
        luohu, orgs["org_l"], national_id=national_id("440303", "19950505", "777"), name="王五"
    )
    users = {
        "city_admin": factories.user("cityadmin", role="city_admin", scope=city),
        "city_officer": factories.user("cityofficer", role="city_officer", scope=city),
        "district_officer": factories.user("officer_f", role="district_officer", scope=futian),
        "certificate_issuer": factories.user("issuer", role="certificate_issuer", scope=city),
        "field_officer": factories.user("fieldofficer", role="field_officer", scope=city),
        "auditor": factories.user("auditor", role="auditor", scope=city),
        "org_admin": factories.user("orgadmin", role="org_admin", scope=orgs["org_f"]),
        "org_admin2": factories.user("orgadmin2", role="org_admin", scope=orgs["org_f2"]),
        "self": me,
    }
    return {**tree, **orgs, "p_f": p_f, "p_f2": p_f2, "p_l": p_l, **users}


def signed_in(client, user):
    client.force_login(user)
    return client


def reads(obj) -> int:
    return AuditRecord.objects.filter(
        model="people.person", object_id=str(obj.pk), action="read"
    ).count()


def person_form(**values):
    data = {
        "national_id": national_id(birth="20000606", seq="555"),
        "name": "陈晓",
        "phone": "13900001111",
        "email": "",
        "address": "",
        "area": "",
        "organisation": "",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


# --- Derived fields -----------------------------------------------------------------------------


def test_birth_date_and_sex_are_derived(world):
    p = world["p_f"]
    assert (p.birth_date, p.sex) == (date(1990, 1, 1), "male")
    woman = world["p_f2"]
    assert (woman.birth_date, woman.sex) == (date(1985, 12, 12), "female")


def test_the_form_creates_from_a_typed_number_and_ignores_derived_fields(world, client):
    c = signed_in(client, world["district_officer"])
    typed = " ".join(national_id(birth="20000606", seq="555")).replace("4", "４")
    response = c.post(
        reverse("people:person_add"),
        person_form(
            national_id=typed, area=world["futian"].pk, sex="female", birth_date="1970-01-01"
        ),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    p = Person.objects.get(name="陈晓")
    assert p.national_id == national_id(birth="20000606", seq="555")
    assert (p.birth_date, p.sex) == (date(2000, 6, 6), "male")
    assert response["Location"] == p.get_absolute_url()
    form = c.get(reverse("people:person_add")).content.decode()
    assert 'name="sex"' not in form and 'name="birth_date"' not in form


def test_an_invalid_number_is_refused_on_the_form_with_its_message(world, client):
    c = signed_in(client, world["district_officer"])
    response = c.post(
        reverse("people:person_add"),
        person_form(national_id="440304900101123", area=world["futian"].pk),
    )
    assert response.status_code == 200
    assert "old 15-digit" in response.content.decode()
    assert not Person.objects.filter(name="陈晓").exists()


def test_area_defaults_to_the_organisations_district(world):
    p = person(None, world["org_f2"], national_id=national_id(seq="901"), name="赵六")
    assert p.area == world["futian"]


def test_the_api_refuses_writes_of_derived_fields(world, client):
    c = signed_in(client, world["district_officer"])
    body = {
        "national_id": national_id(birth="20000606", seq="555"),
        "name": "陈晓",
        "area": world["futian"].pk,
        "sex": "female",
    }
    response = c.post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 400
    assert "sex" in response.json()
    body.pop("sex")
    response = c.post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    # The response to a write is masked like a list row; only a detail read shows it in full.
    assert (response.json()["sex"], response.json()["birth_date"]) == ("male", "2000-**-**")
    created = Person.objects.get(pk=response.json()["id"])
    assert (created.sex, created.birth_date) == ("male", date(2000, 6, 6))
    url = f"/api/v1/people/{response.json()['id']}/"
    refused = c.patch(url, {"birth_date": "1999-01-01"}, content_type="application/json")
    assert refused.status_code == 400 and "birth_date" in refused.json()
    # Sending back what was read is no write of the field.
    same = c.patch(url, {"sex": "male", "name": "陈晓明"}, content_type="application/json")
    assert same.status_code == 200, same.json()
    assert Person.objects.get(pk=response.json()["id"]).name == "陈晓明"


# --- One person per ID number -------------------------------------------------------------------


def test_a_duplicate_is_refused_by_the_service_with_a_link(world):
    with pytest.raises(ValidationError) as exc:
        person(world["futian"], national_id=ID_F.lower()[:-1] + " " + ID_F[-1].lower())
    (error,) = exc.value.error_dict["national_id"]
    assert error.code == "duplicate"
    assert world["p_f"].get_absolute_url() in error.messages[0]
    assert Person.objects.filter(national_id=ID_F).count() == 1


def test_a_duplicate_is_refused_on_the_form_with_a_link_to_the_existing_person(world, client):
    c = signed_in(client, world["district_officer"])
    response = c.post(
        reverse("people:person_add"), person_form(national_id=ID_F, area=world["futian"].pk)
    )
    assert response.status_code == 200
    page = response.content.decode()
    link = f'<a href="{world["p_f"].get_absolute_url()}">张三</a>'
    assert "already on file" in page and link in page


def test_the_duplicate_link_names_nobody_the_user_may_not_see(world, client):
    c = signed_in(client, world["org_admin2"])
    response = c.post(
        reverse("people:person_add"),
        person_form(national_id=world["p_l"].national_id, organisation=world["org_f2"].pk),
    )
    page = response.content.decode()
    assert f'href="{world["p_l"].get_absolute_url()}"' in page
    assert "王五" not in page
    assert c.get(world["p_l"].get_absolute_url()).status_code == 404


def test_a_duplicate_is_refused_by_the_api(world, client):
    c = signed_in(client, world["district_officer"])
    body = {"national_id": ID_F, "name": "张三", "area": world["futian"].pk}
    response = c.post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 400
    (msg,) = response.json()["national_id"]
    assert "already on file" in msg and world["p_f"].get_absolute_url() in msg


# --- The ID number is an identity ---------------------------------------------------------------


def test_the_id_number_is_read_only_on_the_edit_form(world, client):
    p = world["p_f"]
    c = signed_in(client, world["district_officer"])
    form = c.get(reverse("people:person_edit", args=[p.pk])).content.decode()
    assert re.search(r'name="national_id"[^>]*disabled', form)
    response = c.post(
        reverse("people:person_edit", args=[p.pk]),
        person_form(
            national_id=national_id(seq="999"),
            name="张三丰",
            area=world["futian"].pk,
            organisation=world["org_f"].pk,
            version=p.version,
        ),
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    p.refresh_from_db()
    assert (p.name, p.national_id) == ("张三丰", ID_F)


def test_the_api_refuses_to_change_the_id_number(world, client):
    c = signed_in(client, world["city_admin"])
    url = f"/api/v1/people/{world['p_f'].pk}/"
    response = c.patch(
        url, {"national_id": national_id(seq="999")}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "cannot be changed" in response.json()["national_id"][0]
    same = c.patch(
        url, {"national_id": ID_F, "phone": "13700000000"}, content_type="application/json"
    )
    assert same.status_code == 200


def test_a_city_admin_corrects_an_id_number_with_a_reason(world, client):
    p, new = world["p_f"], national_id(birth="19910202", seq="124")
    with pytest.raises(PermissionDenied):
        services.correct_national_id(world["district_officer"], p, new, "typo")
    with pytest.raises(ValidationError) as exc:
        services.correct_national_id(world["city_admin"], p, new, " ")
    assert "reason" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.correct_national_id(world["city_admin"], p, world["p_l"].national_id, "typo")
    assert exc.value.error_dict["national_id"][0].code == "duplicate"
    corrected = services.correct_national_id(world["city_admin"], p, new, "checked the ID card")
    assert (corrected.national_id, corrected.birth_date, corrected.sex) == (
        new,
        date(1991, 2, 2),
        "female",
    )
    record = AuditRecord.objects.filter(model="people.person", object_id=str(p.pk)).latest("id")
    assert (record.action, record.reason, record.actor_id) == (
        "update",
        "checked the ID card",
        world["city_admin"].pk,
    )
    assert (record.before["national_id"], record.after["national_id"]) == (ID_F, new)


def test_the_correction_page_is_for_city_admins(world, client):
    p = world["p_f"]
    url = reverse("people:person_correct_id", args=[p.pk])
    c = signed_in(client, world["district_officer"])
    assert c.get(url).status_code == 403
    assert "correct-id" not in c.get(p.get_absolute_url()).content.decode()
    c = signed_in(client, world["city_admin"])
    assert 'id="correct-id"' in c.get(p.get_absolute_url()).content.decode()
    assert c.post(url, {"national_id": national_id(seq="125"), "reason": ""}).status_code == 200
    response = c.post(url, {"national_id": national_id(seq="125"), "reason": "户籍核对"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.national_id == national_id(seq="125")


def test_the_correction_api(world, client):
    url = f"/api/v1/people/{world['p_f'].pk}/correct-national-id/"
    body = {"national_id": national_id(seq="125"), "reason": "户籍核对"}
    c = signed_in(client, world["district_officer"])
    assert c.post(url, body, content_type="application/json").status_code == 403
    c = signed_in(client, world["city_admin"])
    response = c.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["national_id"].endswith("*" * 8 + national_id(seq="125")[-4:])


# --- Masking and the read log -------------------------------------------------------------------

FULL = ["city_admin", "city_officer", "district_officer", "certificate_issuer", "org_admin", "self"]
MASKED = ["field_officer", "auditor"]


def test_lists_show_private_data_masked(world, client):
    c = signed_in(client, world["city_admin"])
    page = c.get(reverse("people:person_list")).content.decode()
    assert ID_F_MASKED in page and ID_F not in page
    assert PHONE_MASKED in page and PHONE not in page
    results = c.get("/api/v1/people/").json()["results"]
    row = next(r for r in results if r["id"] == world["p_f"].pk)
    assert row["national_id"] == ID_F_MASKED
    assert row["phone"] == PHONE_MASKED
    assert ADDRESS not in row["address"] and row["address"].startswith("深")
    assert row["birth_date"] == "1990-**-**"
    assert reads(world["p_f"]) == 0


def test_exports_show_private_data_masked(world, client):
    c = signed_in(client, world["city_admin"])
    response = c.post(
        reverse("core:export_start"), {"model": "people.person", "format": "csv", "filters": ""}
    )
    assert response.status_code == 302
    job = Job.objects.filter(params__model="people.person").latest("created_at")
    assert job.status == "done", job.errors
    content = c.get(reverse("core:job_download", args=[job.pk]))
    text = b"".join(content.streaming_content).decode("utf-8-sig")
    assert ID_F_MASKED in text and ID_F not in text
    assert PHONE_MASKED in text and PHONE not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 3


@pytest.mark.parametrize("role", FULL)
def test_roles_with_view_private_see_full_values_and_each_view_is_logged(world, client, role):
    p = world["p_f"]
    c = signed_in(client, world[role])
    page = c.get(p.get_absolute_url()).content.decode()
    assert ID_F in page and PHONE in page and ADDRESS in page and "**-**" not in page
    assert reads(p) == 1
    record = AuditRecord.objects.get(model="people.person", object_id=str(p.pk), action="read")
    assert record.actor_id == world[role].pk
    assert set(record.after["fields"]) >= {"national_id", "phone", "address"}
    data = c.get(f"/api/v1/people/{p.pk}/").json()
    assert (data["national_id"], data["phone"], data["address"]) == (ID_F, PHONE, ADDRESS)
    assert data["birth_date"] == "1990-01-01"
    assert reads(p) == 2


@pytest.mark.parametrize("role", MASKED)
def test_other_roles_see_masked_values_and_nothing_is_logged(world, client, role):
    p = world["p_f"]
    c = signed_in(client, world[role])
    response = c.get(p.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert ID_F not in page and PHONE not in page and ADDRESS not in page
    assert ID_F_MASKED in page and PHONE_MASKED in page and "1990-**-**" in page
    assert "Male" in page  # sex is not private
    data = c.get(f"/api/v1/people/{p.pk}/").json()
    assert (data["national_id"], data["phone"]) == (ID_F_MASKED, PHONE_MASKED)
    assert data["birth_date"] == "1990-**-**"
    assert reads(p) == 0


def test_the_edit_form_is_a_full_view_and_is_logged(world, client):
    c = signed_in(client, world["district_officer"])
    c.get(reverse("people:person_edit", args=[world["p_f"].pk]))
    assert reads(world["p_f"]) == 1


def test_the_history_tab_masks_private_fields(world, client):
    p = world["p_f"]
    core_services.update_record(
        None, p, {"phone": "13700001234", "address": "深圳市福田区彩田路9号"}
    )
    c = signed_in(client, world["field_officer"])
    page = c.get(p.get_absolute_url() + "?tab=history").content.decode()
    assert "13700001234" not in page and "137****1234" in page
    assert PHONE not in page and ID_F not in page and "彩田路9号" not in page
    assert "1990-01-01" not in page
    c = signed_in(client, world["city_admin"])
    page = c.get(p.get_absolute_url() + "?tab=history").content.decode()
    assert "13700001234" in page and PHONE in page


# --- Scope --------------------------------------------------------------------------------------


def test_an_org_admin_sees_only_their_own_staff(world, client):
    c = signed_in(client, world["org_admin"])
    page = c.get(reverse("people:person_list")).content.decode()
    assert "张三" in page and "李四" not in page and "王五" not in page
    assert {r["id"] for r in c.get("/api/v1/people/").json()["results"]} == {world["p_f"].pk}
    for other in ("p_f2", "p_l"):
        assert c.get(world[other].get_absolute_url()).status_code == 404
        assert c.get(f"/api/v1/people/{world[other].pk}/").status_code == 404
        assert c.get(reverse("people:person_edit", args=[world[other].pk])).status_code == 404


def test_an_org_admin_cannot_register_someone_for_another_organisation(world, client):
    c = signed_in(client, world["org_admin"])
    body = {"national_id": national_id(seq="321"), "name": "孙七", "area": world["futian"].pk}
    assert c.post("/api/v1/people/", body, content_type="application/json").status_code == 403
    body["organisation"] = world["org_f"].pk
    assert c.post("/api/v1/people/", body, content_type="application/json").status_code == 201


def test_a_district_officer_sees_only_their_district(world, client):
    c = signed_in(client, world["district_officer"])
    ids = {r["id"] for r in c.get("/api/v1/people/").json()["results"]}
    assert ids == {world["p_f"].pk, world["p_f2"].pk}
    assert c.get(world["p_l"].get_absolute_url()).status_code == 404


def test_anonymous_visitors_get_nothing(world, client):
    response = client.get(reverse("people:person_list"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert client.get(world["p_f"].get_absolute_url()).status_code == 302
    assert client.get("/api/v1/people/").status_code == 401
    assert client.get(f"/api/v1/people/{world['p_f'].pk}/").status_code == 401
    assert client.get("/api/v1/education/").status_code == 401
    assert ID_F not in client.get("/").content.decode()


def test_the_id_filter_is_exact(world, client):
    c = signed_in(client, world["city_admin"])
    hits = c.get("/api/v1/people/", {"national_id": ID_F.lower()}).json()["results"]
    assert [r["id"] for r in hits] == [world["p_f"].pk]
    assert c.get("/api/v1/people/", {"national_id": ID_F[:10]}).json()["results"] == []


# --- Education and work history -----------------------------------------------------------------


def test_education_is_added_edited_and_deleted_from_the_persons_page(world, client):
    p = world["p_f"]
    c = signed_in(client, world["org_admin"])
    page = c.get(p.get_absolute_url()).content.decode()
    add_url = reverse("people:education_add") + f"?person={p.pk}"
    assert add_url in page
    response = c.post(
        add_url,
        {
            "person": p.pk,
            "level": "bachelor",
            "major": "社会工作",
            "school": "深圳大学",
            "year": 2012,
        },
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert response["Location"] == p.get_absolute_url()
    edu = Education.objects.get(person=p)
    page = c.get(p.get_absolute_url()).content.decode()
    assert "深圳大学" in page and reverse("people:education_edit", args=[edu.pk]) in page
    response = c.post(
        reverse("people:education_edit", args=[edu.pk]),
        {
            "level": "master",
            "major": "社会工作",
            "school": "中山大学",
            "year": 2015,
            "version": edu.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    edu.refresh_from_db()
    assert (edu.level, edu.school, edu.person) == ("master", "中山大学", p)
    response = c.post(reverse("people:education_delete", args=[edu.pk]), {"reason": "duplicate"})
    assert response.status_code == 302, response.content.decode()[-800:]
    assert response["Location"] == p.get_absolute_url()
    assert not Education.objects.exists()


def test_education_cannot_be_added_to_someone_out_of_scope(world, client):
    c = signed_in(client, world["org_admin"])
    other = world["p_f2"]
    response = c.post(
        reverse("people:education_add") + f"?person={other.pk}",
        {"person": other.pk, "level": "bachelor", "school": "深圳大学", "year": 2012},
    )
    assert response.status_code == 200
    assert not Education.objects.exists()


def test_a_graduation_year_must_be_plausible(world):
    with pytest.raises(ValidationError) as exc:
        core_services.create_record(
            None,
            Education,
            {"person": world["p_f"], "level": "bachelor", "school": "深圳大学", "year": 1995},
        )
    assert "year" in exc.value.error_dict


def test_work_history_with_an_end_before_its_start_is_refused(world, client):
    p = world["p_f"]
    c = signed_in(client, world["district_officer"])
    add_url = reverse("people:workhistory_add") + f"?person={p.pk}"
    bad = {
        "person": p.pk,
        "employer": "福田社工服务中心",
        "position": "社工",
        "start": "2020-05-01",
        "end": "2019-01-01",
    }
    response = c.post(add_url, bad)
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    response = c.post(add_url, {**bad, "end": "2022-12-31"})
    assert response.status_code == 302
    work = WorkHistory.objects.get(person=p)
    response = c.post(
        reverse("people:workhistory_edit", args=[work.pk]),
        {
            "employer": "福田社工服务中心",
            "position": "督导",
            "start": "2020-05-01",
            "end": "2020-01-01",
            "version": work.version,
        },
    )
    assert response.status_code == 200 and "before the start date" in response.content.decode()
    api = c.patch(
        f"/api/v1/work-history/{work.pk}/", {"end": "2001-01-01"}, content_type="application/json"
    )
    assert api.status_code == 400 and "end" in api.json()
    response = c.post(reverse("people:workhistory_delete", args=[work.pk]), {"reason": "wrong"})
    assert response["Location"] == p.get_absolute_url()
    assert not WorkHistory.objects.exists()


def test_viewers_without_change_get_no_edit_links(world, client):
    core_services.create_record(
        None,
        Education,
        {"person": world["p_f"], "level": "bachelor", "school": "深圳大学", "year": 2012},
    )
    c = signed_in(client, world["field_officer"])
    page = c.get(world["p_f"].get_absolute_url()).content.decode()
    assert "深圳大学" in page
    assert reverse("people:education_add") not in page
    edu = Education.objects.get()
    assert reverse("people:education_edit", args=[edu.pk]) not in page
    assert c.get(reverse("people:education_edit", args=[edu.pk])).status_code == 403
