"""Issue 13: the public register's organisation filter is searched as the visitor types, on a
public, rate-limited lookup that tells only active organisations' names; the page lists none."""

import re

import pytest
from django.core.cache import cache

from shegong.core.services import update_record
from shegong.core.testing import factories

pytestmark = pytest.mark.django_db

LOOKUP = "/public-register/organisations/"


@pytest.fixture(autouse=True)
def _fresh(settings, english):
    settings.PUBLIC_REGISTER_RATE = "1000/minute"
    cache.clear()


@pytest.fixture
def orgs(tree):
    active = factories.organisation(tree["futian"], name="福田阳光社工服务中心")
    closed = factories.organisation(tree["luohu"], name="罗湖阳光社工服务社")
    update_record(None, closed, {"is_active": False})
    return {"active": active, "closed": closed}


def test_anonymous_lookup_finds_only_active_organisations_by_name(client, orgs):
    answer = client.get(LOOKUP, {"q": "阳光"})
    assert answer.status_code == 200
    assert answer.json() == {
        "results": [{"value": str(orgs["active"].pk), "text": "福田阳光社工服务中心"}],
        "more": False,
    }


def test_lookup_tells_no_private_contact_data(client, tree):
    org = factories.organisation(tree["futian"], name="福田阳光社工服务中心")
    update_record(None, org, {"contact_phone": "13912345678", "contact_email": "x@example.org"})
    body = client.get(LOOKUP, {"q": "阳光"}).content.decode()
    assert "13912345678" not in body and "example.org" not in body
    assert client.get(LOOKUP, {"q": "13912345678"}).json()["results"] == []


def test_lookup_needs_two_characters(client, orgs):
    assert client.get(LOOKUP, {"q": "阳"}).json() == {"results": [], "more": False}


def test_lookup_is_rate_limited(client, orgs, settings):
    settings.PUBLIC_REGISTER_RATE = "2/minute"
    codes = [client.get(LOOKUP, {"q": "阳光"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_register_page_lists_no_organisation_and_shows_the_chosen_one(client, orgs):
    page = client.get("/public-register/", {"q": "张三", "organisation": orgs["active"].pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert not re.search(r'<select[^>]*name="organisation"', html)
    assert "福田阳光社工服务中心" in html  # the chosen organisation's name, not its id alone
    assert "罗湖阳光社工服务社" not in html
    assert 'data-autocomplete="/public-register/organisations/"' in html


def test_a_closed_or_unknown_organisation_is_a_message(client, orgs):
    for value in (orgs["closed"].pk, "99999999999999999999", "abc"):
        page = client.get("/public-register/", {"q": "张三", "organisation": value})
        assert page.status_code == 200
        assert "Select a valid choice" in page.content.decode()
