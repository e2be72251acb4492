"""FIN-3: a bid is readable before the opening by nobody, officials included, through any
channel: its page and its history tab, the bids list and its export, the API list and detail,
the audit trail's list and record, the proposal's file and the procurement's page; for the buyer
district's officer, a city administrator, an auditor, another organisation and a superuser.
After the opening the buyer's district and the city read it; an auditor still sees it masked
(auditors read, they never unmask private data); another organisation never reaches it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.procurement import services

from .bidsdata import PRICE, bid, bids_world, proposal
from .data import world

pytestmark = pytest.mark.django_db
__all__ = ["bids_world", "world"]

SECRET = ("123456.78", "123,456.78", "123456", "234567.89", "234567", "投标文件")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRET if s in text]


def _channels(w, the_bid) -> dict[str, str]:
    record = AuditRecord.objects.get(
        model="procurement.bid", object_id=str(the_bid.pk), action="create"
    )
    return {
        "page": reverse("procurement:bid_detail", args=[the_bid.pk]),
        "history": reverse("procurement:bid_detail", args=[the_bid.pk]) + "?tab=history",
        "list": reverse("procurement:bid_list"),
        "export": reverse("procurement:bid_list") + "?format=csv",
        "api list": "/api/v1/bids/",
        "api detail": f"/api/v1/bids/{the_bid.pk}/",
        "audit list": reverse("core:auditrecord_list") + "?q=bid",
        "audit record": reverse("core:auditrecord_detail", args=[record.pk]),
        "procurement": w["procurement"].get_absolute_url(),
        "proposal": reverse("procurement:bid_proposal", args=[the_bid.pk]),
    }


def _read(client, user, urls) -> dict[str, tuple[int, str]]:
    client.force_login(user)
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[name] = (response.status_code, body.decode("utf-8-sig", "replace"))
    client.logout()
    return found


@pytest.fixture
def sealed(bids_world):
    w = bids_world
    w["superuser"] = factories.user("root", is_superuser=True, is_staff=True)
    # The bid is made, and replaced, through the services a minute before the close; it is
    # read before any opening.
    the_bid = bid(w, "a", price=Decimal("234567.89"))
    the_bid = services.replace_bid(
        w["admins"]["a"], the_bid, PRICE, proposal(), [w["staff"]["a"]], at=w["before"]
    )  # the audit trail and the history hold the old and the new price
    return w, the_bid


@pytest.mark.parametrize(
    "who", ["officer", "city_admin", "city_officer", "auditor", "superuser", "other_org", "own"]
)
def test_before_the_opening_no_channel_shows_a_bids_content(client, sealed, who):
    w, the_bid = sealed
    user = {"other_org": w["admins"]["b"], "own": w["admins"]["a"]}.get(who) or w[who]
    for name, (status, body) in _read(client, user, _channels(w, the_bid)).items():
        assert not _leaks(body), (who, name)
        if name == "proposal":
            assert status == 404, (who, name)
    assert AuditRecord.objects.filter(action="read", model="procurement.bid").count() == 0


def test_before_the_opening_the_bidder_sees_that_it_bid_and_when(client, sealed):
    w, the_bid = sealed
    client.force_login(w["admins"]["a"])
    page = client.get(the_bid.get_absolute_url()).content.decode()
    assert w["before"].astimezone().strftime("%Y-%m-%d %H:%M") in page
    assert "Sealed: the content of the bid can be read by nobody" in page
    assert "******" in page


def test_the_buyers_list_before_the_opening_shows_count_and_times_only(client, sealed):
    w, the_bid = sealed
    bid(w, "b")
    client.force_login(w["officer"])
    page = client.get(w["procurement"].get_absolute_url()).content.decode()
    assert "2 bids received; sealed until the opening." in page
    assert not _leaks(page)


def _open(w):
    return services.open_bids(w["officer"], w["procurement"], at=w["closing"])


@pytest.mark.parametrize("who", ["officer", "city_admin", "city_officer", "own"])
def test_after_the_opening_the_buyer_and_the_city_read_the_bid(client, sealed, who):
    w, the_bid = sealed
    _open(w)
    user = {"own": w["admins"]["a"]}.get(who) or w[who]
    read = _read(client, user, _channels(w, the_bid))
    assert "¥123,456.78" in read["page"][1]  # money as the pages show it (core.money.yuan)
    assert '"price":"123456.78"' in read["api detail"][1].replace(" ", "")
    assert read["proposal"][0] == 200
    # Lists and exports stay masked: a private field is never shown in a list (core rule).
    for channel in ("list", "export"):
        assert not any(price in read[channel][1] for price in ("123456.78", "123,456.78"))
    assert AuditRecord.objects.filter(action="read", model="procurement.bid").exists()


def test_after_the_opening_the_city_admin_reads_the_audit_record_in_full(client, sealed):
    w, the_bid = sealed
    _open(w)
    read = _read(client, w["city_admin"], _channels(w, the_bid))
    assert "234567.89" in read["audit record"][1]  # the price first submitted


def test_after_the_opening_an_auditor_still_sees_it_masked(client, sealed):
    w, the_bid = sealed
    _open(w)
    for name, (_status, body) in _read(client, w["auditor"], _channels(w, the_bid)).items():
        assert "123456.78" not in body and "123,456.78" not in body, name


def test_another_organisation_never_reaches_the_bid(client, sealed):
    w, the_bid = sealed
    _open(w)
    read = _read(client, w["admins"]["b"], _channels(w, the_bid))
    assert read["page"][0] == 404
    assert read["api detail"][0] == 404
    assert read["proposal"][0] == 404
    assert '"count":0' in read["api list"][1].replace(" ", "")
    for name, (_status, body) in read.items():
        assert "123456.78" not in body and "123,456.78" not in body, name
