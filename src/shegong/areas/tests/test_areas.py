"""The area tree: materialised paths, level order, codes, protection and archiving."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shegong.areas.models import Area
from shegong.core import services
from shegong.core.models import AuditRecord
from shegong.core.testing import factories


@pytest.fixture
def admin(tree):
    return factories.user("admin", role="city_admin", scope=tree["city"])


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def paths(*areas):
    return [Area.objects.get(pk=a.pk).path for a in areas]


def test_paths_are_materialised_from_the_codes(tree):
    assert tree["province"].path == "/44/"
    assert tree["futian"].path == "/44/4403/440304/"
    assert tree["futian_street"].path == "/44/4403/440304/440304001/"
    assert [a.code for a in tree["futian_street"].ancestors()] == ["44", "4403", "440304"]
    assert tree["futian_street"].full_name == "广东省深圳市福田区园岭街道"


def test_moving_an_area_moves_every_descendants_path(tree, admin):
    street = tree["futian_street"]
    community = factories.area("440304001001", "通新岭社区", "community", street)
    # A second district whose code still prefixes the street's code.
    new_district = factories.area("44030", "试点区", "district", tree["city"])
    services.update_record(admin, street, {"parent": new_district}, "boundary change")
    assert paths(street, community) == [
        "/44/4403/44030/440304001/",
        "/44/4403/44030/440304001/440304001001/",
    ]
    assert set(Area.objects.filter(path__startswith=new_district.path)) == {
        new_district,
        street,
        community,
    }
    assert not Area.objects.filter(path__startswith="/44/4403/440304/440304001").exists()


def test_changing_a_code_rewrites_the_paths_below(tree, admin):
    street = tree["futian_street"]
    community = factories.area("440304001001", "通新岭社区", "community", street)
    services.update_record(admin, street, {"code": "440304009"})
    assert paths(street, community) == [
        "/44/4403/440304/440304009/",
        "/44/4403/440304/440304009/440304001001/",
    ]


def test_moving_a_district_moves_three_levels_below_it(tree, admin):
    community = factories.area("440304001001", "通新岭社区", "community", tree["futian_street"])
    services.update_record(admin, tree["futian"], {"code": "440399"})
    assert paths(tree["futian"], tree["futian_street"], community) == [
        "/44/4403/440399/",
        "/44/4403/440399/440304001/",
        "/44/4403/440399/440304001/440304001001/",
    ]


@pytest.mark.parametrize(
    "level, parent, message",
    [
        ("district", "futian_street", "A District cannot sit under a Street."),
        ("district", "futian", "A District cannot sit under a District."),
        ("city", "futian", "A City cannot sit under a District."),
    ],
)
def test_a_level_sits_only_under_a_higher_level(tree, level, parent, message):
    with pytest.raises(ValidationError) as exc:
        factories.area("440304001999", "错层", level, tree[parent])
    assert exc.value.message_dict == {"parent": [message]}


def test_an_area_cannot_move_under_its_own_descendant(tree, admin):
    with pytest.raises(ValidationError) as exc:
        services.update_record(admin, tree["futian"], {"parent": tree["futian_street"]})
    assert "parent" in exc.value.message_dict
    assert paths(tree["futian"]) == ["/44/4403/440304/"]


@pytest.mark.parametrize("code", ["440303005", "440", "44030", "540304001"])
def test_the_code_begins_with_the_parents_code(tree, code):
    with pytest.raises(ValidationError) as exc:
        factories.area(code, "错码街道", "street", tree["futian"])
    assert exc.value.message_dict == {
        "code": ["The code must begin with the parent's code 440304."]
    }


def test_a_code_is_digits_only(tree):
    with pytest.raises(ValidationError) as exc:
        factories.area("440304A01", "字母街道", "street", tree["futian"])
    assert exc.value.message_dict == {"code": ["An area code is made of digits only."]}


def test_form_errors_sit_next_to_their_fields(admin_client, tree):
    response = admin_client.post(
        reverse("areas:area_add"),
        {
            "code": "440303002",
            "name": "错码街道",
            "level": "street",
            "parent": tree["futian"].pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["The code must begin with the parent's code 440304."]
    }
    response = admin_client.post(
        reverse("areas:area_add"),
        {
            "code": "440304001001",
            "name": "错层区",
            "level": "district",
            "parent": tree["futian_street"].pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.context["form"].errors == {"parent": ["A District cannot sit under a Street."]}
    assert not Area.objects.filter(name__in=["错码街道", "错层区"]).exists()


def test_the_api_reports_field_errors(admin_client, tree):
    response = admin_client.post(
        "/api/v1/areas/",
        {"code": "440303002", "name": "错码街道", "level": "street", "parent": tree["futian"].pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"code": ["The code must begin with the parent's code 440304."]}


def test_an_area_with_children_cannot_be_deleted(admin_client, tree):
    futian = tree["futian"]
    records = AuditRecord.objects.count()
    response = admin_client.post(reverse("areas:area_delete", args=[futian.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("areas:area_detail", args=[futian.pk])
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["This record is still used by: area. Archive it instead of deleting it."]
    assert Area.objects.filter(pk=futian.pk).exists()
    assert AuditRecord.objects.count() == records
    api = admin_client.delete(f"/api/v1/areas/{futian.pk}/")
    assert api.status_code == 400
    assert "Archive it instead of deleting it." in str(api.json())
    assert Area.objects.filter(pk=futian.pk).exists()


def test_an_area_that_is_someones_home_cannot_be_deleted(admin_client, tree):
    street = tree["luohu_street"]
    factories.user("resident", home=street)
    response = admin_client.post(reverse("areas:area_delete", args=[street.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["This record is still used by: user. Archive it instead of deleting it."]
    assert Area.objects.filter(pk=street.pk).exists()


def test_a_leaf_area_is_deleted_and_audited(admin_client, tree):
    street = tree["luohu_street"]
    response = admin_client.post(
        reverse("areas:area_delete", args=[street.pk]), {"reason": "merged"}
    )
    assert response.status_code == 302
    assert not Area.objects.filter(pk=street.pk).exists()
    record = AuditRecord.objects.get(model="areas.area", object_id=str(street.pk), action="delete")
    assert record.reason == "merged" and record.before["code"] == "440303001"


def test_archived_areas_are_still_listed_and_can_be_filtered(admin_client, tree, admin):
    services.update_record(admin, tree["luohu_street"], {"is_active": False}, "merged")
    listed = {a["code"] for a in admin_client.get("/api/v1/areas/").json()["results"]}
    assert "440303001" in listed and len(listed) == 6
    archived = admin_client.get("/api/v1/areas/", {"is_active": "false"}).json()["results"]
    assert [a["code"] for a in archived] == ["440303001"]
    active = admin_client.get("/api/v1/areas/", {"is_active": "true"}).json()["results"]
    assert "440303001" not in {a["code"] for a in active} and len(active) == 5
    page = admin_client.get(reverse("areas:area_list"), {"is_active": "false"})
    assert page.status_code == 200
    assert [a.code for a in page.context["table"].data] == ["440303001"]
    everything = admin_client.get(reverse("areas:area_list"))
    assert "东门街道" in everything.content.decode()
    # Archived areas remain readable by everyone (reference data).
    worker = factories.user("worker", role="social_worker", home=tree["futian"])
    admin_client.force_login(worker)
    assert admin_client.get(tree["luohu_street"].get_absolute_url()).status_code == 200


def test_the_within_filter_follows_the_path(admin_client, tree):
    response = admin_client.get("/api/v1/areas/", {"within": tree["futian"].pk})
    assert {a["code"] for a in response.json()["results"]} == {"440304", "440304001"}
