"""Organisations: the unified social credit code, and who may edit which organisation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.core import services
from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.organisations import services as org_services
from shegong.organisations.models import Organisation
from shegong.organisations.validators import credit_code_check_char, validate_credit_code

VALID = factories.credit_code(424242)
WRONG_CHECK = VALID[:17] + ("0" if VALID[17] != "0" else "1")

INVALID = [
    (VALID[:17], "A unified social credit code has 18 characters; this one has 17."),
    (VALID + "1", "A unified social credit code has 18 characters; this one has 19."),
    ("", "This field cannot be blank."),
    (VALID[:16] + "I" + VALID[17], "A unified social credit code cannot contain I."),
    ("52440300OSVZ00001X", "A unified social credit code cannot contain OSVZ."),
    (WRONG_CHECK, "The check character of this unified social credit code is wrong."),
]


@pytest.fixture
def orgs(tree):
    return {
        "futian": factories.organisation(tree["futian"], "福田社工服务中心"),
        "luohu": factories.organisation(tree["luohu"], "罗湖社工服务中心"),
    }


def form_data(org=None, **values):
    """The organisation form's fields, filled from ``org`` (or a new one) and ``values``."""
    data = {
        "name": "新机构",
        "credit_code": VALID,
        "kind": "service_provider",
        "area": "",
        "address": "",
        "phone": "",
        "status": "active",
    }
    if org is not None:
        data.update(
            name=org.name,
            credit_code=org.credit_code,
            kind=org.kind,
            area=org.area_id,
            address=org.address,
            phone=org.phone,
            status=org.status,
            supervising_body=org.supervising_body_id or "",
            supervising_area=org.supervising_area_id or "",
            version=org.version,
        )
        if org.supervision_set_by_official:
            data["supervision_set_by_official"] = "on"
    data.update(values)
    return data


def test_known_good_codes_pass():
    validate_credit_code(VALID)
    validate_credit_code(VALID.lower())
    # A published code (the check character of GB 32100-2015's worked example).
    assert credit_code_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code, message", INVALID)
def test_invalid_credit_codes_are_refused_with_a_field_message(tree, code, message):
    with pytest.raises(ValidationError) as exc:
        services.create_record(
            None,
            Organisation,
            {
                "name": "坏码机构",
                "credit_code": code,
                "kind": "association",
                "area": tree["futian"],
            },
        )
    assert message in exc.value.message_dict["credit_code"]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("code, message", INVALID)
def test_invalid_credit_codes_in_the_form_and_the_api(client, tree, code, message):
    officer = factories.user("officer", role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    response = client.post(
        reverse("organisations:organisation_add"),
        form_data(area=tree["futian"].pk, credit_code=code),
    )
    assert response.status_code == 200
    # The form's own checks (required, max length) answer first where they apply.
    expected = {
        "": "This field is required.",
        VALID + "1": "Ensure this value has at most 18 characters (it has 19).",
    }.get(code, message)
    assert response.context["form"].errors == {"credit_code": [expected]}
    assert 'class="invalid-feedback d-block field-error"' in response.content.decode()
    api = client.post(
        "/api/v1/organisations/",
        {"name": "坏码机构", "credit_code": code, "kind": "association", "area": tree["futian"].pk},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert list(api.json()) == ["credit_code"]
    assert not Organisation.objects.exists()


def test_a_lower_case_code_is_stored_in_upper_case(tree):
    org = services.create_record(
        None,
        Organisation,
        {
            "name": "小写机构",
            "credit_code": VALID.lower(),
            "kind": "association",
            "area": tree["futian"],
        },
    )
    org.refresh_from_db()
    assert org.credit_code == VALID


def test_a_credit_code_is_unique(orgs, tree):
    with pytest.raises(ValidationError) as exc:
        services.create_record(
            None,
            Organisation,
            {
                "name": "重复",
                "credit_code": orgs["futian"].credit_code,
                "kind": "association",
                "area": tree["futian"],
            },
        )
    assert "credit_code" in exc.value.message_dict


def test_org_admin_edits_their_own_organisation(client, orgs):
    org = orgs["futian"]
    admin = factories.user("orgadmin", role="org_admin", scope=org)
    client.force_login(admin)
    url = reverse("organisations:organisation_edit", args=[org.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(org, address="福华路1号", reason="moved office"))
    assert response.status_code == 302, response.context["form"].errors
    org.refresh_from_db()
    assert org.address == "福华路1号" and org.version == 2
    record = AuditRecord.objects.get(
        model="organisations.organisation", object_id=str(org.pk), action="update"
    )
    assert record.actor == admin and record.reason == "moved office"
    api = client.patch(
        f"/api/v1/organisations/{org.pk}/",
        {"phone": "075512345678"},
        content_type="application/json",
    )
    assert api.status_code == 200


def test_org_admin_may_not_edit_another_organisation(client, orgs, tree):
    mine = orgs["futian"]
    neighbour = factories.organisation(tree["futian"], "福田另一家机构")
    admin = factories.user("orgadmin", role="org_admin", scope=mine)
    client.force_login(admin)
    for other in (neighbour, orgs["luohu"]):
        url = reverse("organisations:organisation_edit", args=[other.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(other, name="改名")).status_code == 404
        api = client.patch(
            f"/api/v1/organisations/{other.pk}/", {"name": "改名"}, content_type="application/json"
        )
        assert api.status_code == 404
        other.refresh_from_db()
        assert other.name != "改名"
    # Nor create or delete organisations.
    assert client.get(reverse("organisations:organisation_add")).status_code == 403
    assert (
        client.post(reverse("organisations:organisation_delete", args=[mine.pk])).status_code == 403
    )
    assert Organisation.objects.filter(pk=mine.pk).exists()


def test_a_stale_edit_is_refused(client, orgs, tree):
    org = orgs["futian"]
    officer = factories.user("officer", role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    stale = form_data(org, address="旧地址")
    services.update_record(None, org, {"address": "新地址"})
    response = client.post(reverse("organisations:organisation_edit", args=[org.pk]), stale)
    assert response.status_code == 200
    assert "Someone else changed this record" in str(response.context["form"].non_field_errors())
    org.refresh_from_db()
    assert org.address == "新地址"


def test_organisation_with_people_cannot_be_deleted_but_can_be_deregistered(client, orgs, tree):
    org = orgs["futian"]
    factories.user("worker", home=tree["futian"], organisation=org)
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    response = client.post(reverse("organisations:organisation_delete", args=[org.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This record is still used by: user. Archive it instead of deleting it."
    ]
    response = client.post(
        reverse("organisations:organisation_edit", args=[org.pk]),
        {**form_data(org), "status": "deregistered"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == "deregistered" and org.is_active is False


def test_org_admin_cannot_move_own_organisation_to_another_district(tree):
    org = factories.organisation(tree["futian"])
    admin = factories.user(role="org_admin", scope=org)
    before = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied, match="district|区"):
        org_services.update_organisation(admin, org, {"area": tree["luohu"]})
    org.refresh_from_db()
    assert org.area == tree["futian"]
    assert AuditRecord.objects.count() == before
    # Contact data stays theirs to maintain.
    updated = org_services.update_organisation(admin, org, {"phone": "0755-12345678"})
    assert updated.phone == "0755-12345678"


def test_district_officer_may_change_the_district_facts(tree):
    org = factories.organisation(tree["futian"])
    officer = factories.user(role="district_officer", scope=tree["futian"])
    updated = org_services.update_organisation(officer, org, {"kind": "association"})
    assert updated.kind == "association"


def test_the_eleven_service_fields_are_seeded_with_the_pilots_marked(db):
    """POST-2: clause 7's eleven fields; pilots in education, justice, civil affairs and the
    disability federation."""
    from shegong.organisations.models import ServiceField

    assert ServiceField.objects.count() == 11
    pilots = set(
        ServiceField.objects.filter(is_pilot=True).values_list("line_department", flat=True)
    )
    assert pilots == {"民政", "教育", "司法", "残联"}


def test_service_fields_are_reference_data_only_city_admins_change(client, tree):
    from shegong.organisations.models import ServiceField

    field = ServiceField.objects.get(code="03")
    client.force_login(factories.user("officer", role="district_officer", scope=tree["futian"]))
    assert client.get(reverse("organisations:servicefield_list")).status_code == 200
    assert (
        client.get(reverse("organisations:servicefield_edit", args=[field.pk])).status_code == 403
    )
    client.force_login(factories.user("cityadmin", role="city_admin", scope=tree["city"]))
    response = client.post(
        reverse("organisations:servicefield_edit", args=[field.pk]),
        {
            "name": field.name,
            "name_en": field.name_en,
            "is_pilot": "on",
            "line_department": "教育局",
            "sort_order": 3,
            "is_active": "on",
            "version": field.version,
        },
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.line_department == "教育局"
