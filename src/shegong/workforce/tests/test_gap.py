"""POST-1/POST-2: the staffing gap from dated standards, rounded up, weighted, in scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from shegong.core.testing import factories
from shegong.workforce import services

from . import data
from .data import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    futian_org = factories.organisation(tree["futian"])
    luohu_org = factories.organisation(tree["luohu"])
    community = data.post_type(field_code="01")
    neighbourhood = data.post_type(field_code="01")
    school = data.post_type(field_code="03")
    # Superseded, in force, and not yet in force: only the middle one counts.
    data.standard(community, "served_people", 5000, valid_from=date(2019, 1, 1))
    data.standard(community, "served_people", 10000, valid_from=date(2020, 1, 1))
    data.standard(community, "served_people", 1000, valid_from=today() + timedelta(days=1))
    # 10 communities × 1.1 / 11 is exactly 1: no rounding error may make it 2.
    data.standard(neighbourhood, "communities", 11, weight="1.10")
    data.standard(school, "schools", 1, weight="1.50")
    units = {
        "u1": data.unit(tree["futian_street"], "01", served_people=25000),  # ceil(2.5) = 3
        "u2": data.unit(tree["futian"], "01", served_people=20000),  # exactly 2
        "u3": data.unit(tree["luohu"], "03", schools=3),  # ceil(4.5) = 5
        "u4": data.unit(tree["futian"], "01", communities=10),  # 1
        "off": data.unit(tree["futian"], "04", served_people=99999),  # no standard
    }
    posts = [
        data.post(futian_org, community, units["u1"]),
        data.post(futian_org, community, units["u1"]),
        data.post(futian_org, community, units["u2"]),
        data.post(luohu_org, school, units["u3"]),
    ]
    holder = data.credentialed(tree["futian"])
    services.hire(None, holder, posts[0], today(), "new_hire")
    return {"units": units, "posts": posts, "tree": tree}


def by_label(rows):
    return {r["label"]: (r["required"], r["posts"], r["filled"], r["gap"]) for r in rows}


def admin(tree):
    return factories.user(role="city_admin", scope=tree["city"])


def test_gap_by_unit(world):
    rows = by_label(services.staffing_gap(admin(world["tree"]), by="unit"))
    u = world["units"]
    assert rows == {
        u["u1"].name: (3, 2, 1, 1),
        u["u2"].name: (2, 1, 0, 1),
        u["u3"].name: (5, 1, 0, 4),
        u["u4"].name: (1, 0, 0, 1),
    }


def test_gap_by_district_and_field(world):
    user = admin(world["tree"])
    assert by_label(services.staffing_gap(user, by="district")) == {
        "福田区": (6, 3, 1, 3),
        "罗湖区": (5, 1, 0, 4),
    }
    fields = by_label(services.staffing_gap(user, by="field"))
    assert fields == {data.field("01").name: (6, 3, 1, 3), data.field("03").name: (5, 1, 0, 4)}


def test_the_standard_in_force_on_a_date(world):
    user = admin(world["tree"])
    before = by_label(services.staffing_gap(user, by="unit", on=date(2019, 6, 1)))
    # 2019: only the 1 per 5,000 standard of the community type exists.
    assert before[world["units"]["u1"].name][0] == 5
    later = by_label(services.staffing_gap(user, by="unit", on=today() + timedelta(days=1)))
    assert later[world["units"]["u1"].name][0] == 25


def test_gap_is_scoped_to_the_viewer(world, client):
    officer = factories.user(role="district_officer", scope=world["tree"]["futian"])
    assert set(by_label(services.staffing_gap(officer, by="district"))) == {"福田区"}
    client.force_login(officer)
    page = client.get(reverse("workforce:staffing_gap"), {"by": "field"})
    assert page.status_code == 200
    assert data.field("01").name in page.content.decode()
    assert data.field("03").name not in page.content.decode()


def test_gap_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    user = admin(world["tree"])
    user.get_grants()
    for _ in range(5):
        data.unit(world["tree"]["futian"], "01", served_people=12345)
    with django_assert_max_num_queries(4):
        services.staffing_gap(user, by="unit")


def test_gap_by_organisation(world):
    rows = services.staffing_gap(admin(world["tree"]), by="organisation")
    # The units in these tests belong to no organisation: what they call for is the "—" row,
    # and the organisations show the posts they have.
    posts = {r["label"]: r["posts"] for r in rows}
    futian_org = world["posts"][0].organisation
    assert posts[futian_org.name] == 3


def test_gap_export_is_an_xlsx_file_of_the_page(world, client):
    import io

    from openpyxl import load_workbook

    from shegong.core.models import Job

    client.force_login(admin(world["tree"]))
    response = client.post(reverse("workforce:staffing_gap_export"), {"by": "district"})
    job = Job.objects.get()
    assert response["Location"] == f"/platform/jobs/{job.pk}/"
    content = b"".join(client.get(f"/platform/jobs/{job.pk}/download/").streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[1][0] == "District"
    page_rows = by_label(services.staffing_gap(admin(world["tree"]), by="district"))
    exported = {r[0]: tuple(r[1:]) for r in rows[2:]}
    assert exported == page_rows


def test_posts_of_an_organisation_in_a_street_count_in_its_district(world):
    street_org = factories.organisation(world["tree"]["futian_street"])
    data.post(street_org, world["posts"][0].post_type)
    rows = by_label(services.staffing_gap(admin(world["tree"]), by="district"))
    assert rows["福田区"][1] == 4  # three posts of the district's organisation, one of the street's
    assert "园岭街道" not in rows
