"""FIN-3, the bids' pages: "Submit a bid" on a published procurement for organisations (the
proposal size-limited like tender documents, staff of the bidder), "My bids", withdrawing and
replacing on the bid's page, "Open bids" for the buyer's officer once bids close, the opening
record on the procurement's page; and the API's bid openings."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from shegong.procurement import services
from shegong.procurement.models import Bid

from .bidsdata import PRICE, bid, bids_world, proposal
from .data import world

pytestmark = pytest.mark.django_db
__all__ = ["bids_world", "world"]


def _shift(w, settings_delta):
    """Move the close so that now is ``settings_delta`` after it (pages act at now)."""
    from shegong.core.services import update_record

    closing = timezone.localtime(timezone.now() - settings_delta)
    return update_record(
        None,
        w["procurement"],
        {"bid_deadline": closing.date(), "opening_time": closing.time().replace(microsecond=0)},
        permission=None,
    )


def test_an_organisation_submits_a_bid_on_the_page_within_the_size_limit(
    client, bids_world, settings
):
    w = bids_world
    settings.SHEGONG_MAX_UPLOAD_MB = {**settings.SHEGONG_MAX_UPLOAD_MB, "procurement": 1}
    page = w["procurement"].get_absolute_url()
    client.force_login(w["admins"]["a"])
    assert "Submit a bid" in client.get(page).content.decode()
    url = reverse("procurement:bid_submit", args=[w["procurement"].pk])
    big = SimpleUploadedFile("投标文件.pdf", b"x" * (2**20 + 1), "application/pdf")
    data = {
        "organisation": w["orgs"]["a"].pk,
        "price": "88000.50",
        "staff": str(w["staff"]["a"].pk),
    }
    refused = client.post(url, {**data, "proposal": big})
    assert refused.status_code == 200
    assert Bid.objects.count() == 0
    done = client.post(url, {**data, "proposal": proposal()})
    assert done.status_code == 302
    made = Bid.objects.get()
    assert (made.price, list(made.staff.all())) == (Decimal("88000.50"), [w["staff"]["a"]])
    mine = client.get(reverse("procurement:bid_list")).content.decode()
    assert w["procurement"].title in mine  # My bids


def test_officials_and_other_organisations_do_not_submit(client, bids_world):
    w = bids_world
    url = reverse("procurement:bid_submit", args=[w["procurement"].pk])
    client.force_login(w["officer"])
    assert client.get(url).status_code == 403
    assert "Submit a bid" not in client.get(w["procurement"].get_absolute_url()).content.decode()


def test_a_bid_is_withdrawn_on_its_page_before_the_close(client, bids_world):
    w = bids_world
    _shift(w, -timedelta(days=1))  # closes tomorrow
    mine = bid(w, "a", at=timezone.now())
    client.force_login(w["admins"]["a"])
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Withdraw the bid" in page and "Replace the bid" in page
    client.post(reverse("procurement:bid_withdraw", args=[mine.pk]), {"reason": ""})
    assert Bid.objects.get().status == "withdrawn"
    client.force_login(w["admins"]["b"])
    assert client.get(mine.get_absolute_url()).status_code == 404


def test_open_bids_is_offered_from_the_close_and_the_record_shown(client, bids_world):
    w = bids_world
    for key in "abc":
        bid(w, key, at=timezone.now() - timedelta(days=1))
    page_url = w["procurement"].get_absolute_url()
    _shift(w, -timedelta(minutes=1))  # closes in a minute
    client.force_login(w["officer"])
    assert "Open bids" not in client.get(page_url).content.decode()
    _shift(w, timedelta(minutes=1))  # closed a minute ago
    assert "Open bids" in client.get(page_url).content.decode()
    client.force_login(w["luohu_officer"])
    assert (
        client.get(reverse("procurement:bid_open", args=[w["procurement"].pk])).status_code == 404
    )
    client.force_login(w["officer"])
    response = client.post(reverse("procurement:bid_open", args=[w["procurement"].pk]), {})
    assert response.status_code == 302
    page = client.get(page_url).content.decode()
    assert "3 valid, 0 invalid." in page and "futian_officer" in page
    api = client.get("/api/v1/bid-openings/").json()
    assert api["results"][0]["valid_bids"] == 3


def test_the_opening_of_too_few_bids_shows_the_failure(client, bids_world):
    w = bids_world
    bid(w, "a")
    services.open_bids(w["officer"], w["procurement"], at=w["closing"])
    client.force_login(w["admins"]["b"])  # every organisation sees the outcome, not the bids
    page = client.get(w["procurement"].get_absolute_url()).content.decode()
    assert "The open tender failed: 1 valid bids, fewer than 3." in page
    assert w["orgs"]["a"].name not in page


def test_the_organisation_page_does_not_grow_with_its_bids(client, bids_world, settings):
    """Issue 14, point 10: demo bids were reverted for an N+1 on the organisation's page under
    the page budgets. The page's queries are the same with one bid of the organisation and with
    three (as the city administrator, who reads everything)."""
    # One audit chain (as tests/test_page_budgets.py): the page records a read, each request's
    # chain is drawn from its random correlation id (core.audit._shard), and a write to a chain
    # whose head does not exist yet costs 3 more queries, so with several chains either
    # measurement was 19 or 22 at random. The warm request creates the one head.
    settings.AUDIT_SHARDS = 1
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .data import criteria, item, tender, today

    w = bids_world
    org = w["orgs"]["a"]
    page = reverse("organisations:organisation_detail", args=[org.pk])
    client.force_login(w["city_admin"])

    def queries() -> int:
        client.get(page)  # warm
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page).status_code == 200
        return len(ctx.captured_queries)

    bid(w, "a")
    one = queries()
    for n in (2, 3):
        other = tender(item(w["plan_futian"]), title=f"公开招标{n}")
        criteria(other)
        other = services.publish(None, other, on=today())
        services.submit_bid(
            w["admins"]["a"], other, org, PRICE, proposal(), [w["staff"]["a"]], at=w["before"]
        )
    assert Bid.objects.filter(organisation=org).count() == 3
    assert queries() == one
