"""FIN-3, bids and their opening through the services: the bid deadline to the minute,
withdrawal and replacement, eligibility at submission and at the opening (status, grade,
credentialed staff), who may bid and open, and the failed open tender (fewer than 3 valid
bids), in two districts with three organisations."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core.models import AuditRecord
from shegong.core.services import update_record
from shegong.procurement import services
from shegong.procurement.models import Bid, BidOpening
from shegong.procurement.services import eligibility

from .bidsdata import PRICE, bid, bids_world, proposal, worker
from .data import world

pytestmark = pytest.mark.django_db
__all__ = ["bids_world", "world"]


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- The deadline, to the minute ----------------------------------------------------------------


def test_a_bid_a_minute_before_the_close_is_received_at_the_close_refused(bids_world):
    w = bids_world
    received = bid(w, "a", at=w["before"])
    assert received.status == "submitted"
    assert received.submitted_at == w["before"]
    with pytest.raises(ValidationError) as exc:
        bid(w, "b", at=w["closing"])
    close = w["procurement"].bid_deadline.isoformat()
    assert exc.value.messages == [
        f"Bids closed at {close} 09:30; nothing can be submitted, replaced or withdrawn."
    ]
    assert Bid.objects.count() == 1


def test_withdraw_and_replace_before_the_close_nothing_after(bids_world):
    w = bids_world
    mine = bid(w, "a")
    replaced = services.replace_bid(
        w["admins"]["a"], mine, Decimal("99000.00"), None, [w["staff"]["a"]], at=w["before"]
    )
    assert replaced.price == Decimal("99000.00")
    assert replaced.proposal.name == mine.proposal.name  # kept when no new file is given
    with pytest.raises(ValidationError):
        services.replace_bid(w["admins"]["a"], replaced, Decimal("1.00"), None, [], at=w["closing"])
    with pytest.raises(ValidationError):
        services.withdraw_bid(w["admins"]["a"], replaced, at=w["closing"])
    gone = services.withdraw_bid(w["admins"]["a"], replaced, at=w["before"])
    assert gone.status == "withdrawn"
    again = bid(w, "a")  # a withdrawn bid leaves room for a new one
    assert again.status == "submitted"
    with pytest.raises(ValidationError) as exc:
        bid(w, "a")
    assert exc.value.messages == ["The organisation has already bid; replace its bid."]


def test_only_the_bidders_administrator_changes_its_bid(bids_world):
    w = bids_world
    mine = bid(w, "a")
    for other in (w["admins"]["b"], w["officer"], w["city_admin"]):
        with pytest.raises(PermissionDenied):
            services.withdraw_bid(other, mine, at=w["before"])
    with pytest.raises(PermissionDenied):  # Luohu's administrator bidding for Futian's
        services.submit_bid(
            w["admins"]["b"],
            w["procurement"],
            w["orgs"]["a"],
            PRICE,
            proposal(),
            [],
            at=w["before"],
        )


def test_bad_content_is_refused_with_what_is_wrong(bids_world):
    w = bids_world
    stranger = w["staff"]["b"]
    with pytest.raises(ValidationError) as exc:
        services.submit_bid(
            w["admins"]["a"],
            w["procurement"],
            w["orgs"]["a"],
            Decimal("0"),
            None,
            [stranger],
            at=w["before"],
        )
    assert exc.value.message_dict == {
        "price": ["The price must be more than 0 yuan."],
        "proposal": ["Attach the proposal."],
        "staff": [f"Not on the organisation's posts: {stranger}."],
    }
    assert Bid.objects.count() == 0


def test_no_bid_on_a_draft_or_a_single_source(bids_world, world):
    w = bids_world
    from .data import tender

    draft = tender(world["item_futian"], title="草稿")
    with pytest.raises(ValidationError):
        services.submit_bid(
            w["admins"]["a"], draft, w["orgs"]["a"], PRICE, proposal(), [], at=w["before"]
        )


# --- Eligibility --------------------------------------------------------------------------------


def test_eligibility_edges_status_grade_and_credentialed_staff(bids_world):
    w = bids_world
    p, a = w["procurement"], w["orgs"]["a"]
    on = w["before"].date()
    assert eligibility.problems(p, a, on) == []
    p = update_record(None, p, {"minimum_credentialed_staff": 1}, permission=None)
    assert eligibility.credentialed_staff(a, on) == 1
    assert eligibility.problems(p, a, on) == []  # 1 of 1: the edge holds
    p = update_record(None, p, {"minimum_credentialed_staff": 2}, permission=None)
    assert eligibility.problems(p, a, on) == [
        "The procurement asks for 2 credentialed staff; the organisation has 1."
    ]
    worker(a, credentialed=False)  # an uncredentialed worker does not count
    assert eligibility.credentialed_staff(a, on) == 1
    worker(a)
    assert eligibility.problems(p, a, on) == []
    assert eligibility.credentialed_staff(w["orgs"]["b"], on) == 1  # per organisation
    p = update_record(None, p, {"minimum_grade": "3A"}, permission=None)
    assert eligibility.problems(p, a, on) == [
        f"The procurement asks for grade 3A or better; the organisation holds no grade in "
        f"force on {on}."
    ]
    b = update_record(None, w["orgs"]["b"], {"status": "suspended"}, permission=None)
    assert eligibility.problems(p, b, on) == [
        "The organisation is not registered and active (status: Suspended).",
        f"The procurement asks for grade 3A or better; the organisation holds no grade in "
        f"force on {on}.",
        "The procurement asks for 2 credentialed staff; the organisation has 1.",
    ]


def test_an_ineligible_bid_is_kept_invalid_with_its_reasons(bids_world):
    w = bids_world
    update_record(None, w["orgs"]["c"], {"status": "suspended"}, permission=None)
    kept = bid(w, "c")
    assert kept.status == "invalid"
    assert kept.problem_list == [
        "The organisation is not registered and active (status: Suspended)."
    ]


# --- The opening --------------------------------------------------------------------------------


def test_the_bids_are_opened_from_the_close_by_the_buyers_officer(bids_world):
    w = bids_world
    for key in "abc":
        bid(w, key)
    with pytest.raises(ValidationError) as exc:
        services.open_bids(w["officer"], w["procurement"], at=w["before"])
    close = w["procurement"].bid_deadline.isoformat()
    assert exc.value.messages == [f"The bids can be opened from {close} 09:30."]
    for other in (w["luohu_officer"], w["city_officer"], w["admins"]["a"]):
        with pytest.raises(PermissionDenied):
            services.open_bids(other, w["procurement"], at=w["closing"])
    opening = services.open_bids(w["officer"], w["procurement"], at=w["closing"])
    assert (opening.opened_at, opening.opened_by) == (w["closing"], w["officer"])
    assert (opening.valid_bids, opening.invalid_bids, opening.failed) == (3, 0, False)
    assert _reload(w["procurement"]).status == "bids_closed"
    assert AuditRecord.objects.filter(
        model="procurement.bidopening", object_id=str(opening.pk), actor=w["officer"]
    ).exists()
    with pytest.raises(ValidationError):  # once only
        services.open_bids(w["officer"], _reload(w["procurement"]), at=w["closing"])


def test_three_valid_bids_proceed(bids_world):
    w = bids_world
    for key in "abc":
        bid(w, key)
    opening = services.open_bids(w["officer"], w["procurement"], at=w["closing"])
    assert opening.failed is False
    assert sorted(Bid.objects.values_list("status", flat=True)) == ["valid"] * 3


def test_two_valid_bids_and_an_invalid_third_fail(bids_world):
    w = bids_world
    for key in "abc":
        bid(w, key)
    # Between submission and opening, C is suspended: checked again at the opening.
    update_record(None, w["orgs"]["c"], {"status": "suspended"}, permission=None)
    opening = services.open_bids(w["officer"], w["procurement"], at=w["closing"])
    assert (opening.valid_bids, opening.invalid_bids, opening.failed) == (2, 1, True)
    assert opening.outcome == "The open tender failed: 2 valid bids, fewer than 3."
    assert _reload(w["procurement"]).status == "failed"
    c = Bid.objects.get(organisation=w["orgs"]["c"])
    assert c.status == "invalid"
    assert c.problem_list == ["The organisation is not registered and active (status: Suspended)."]


def test_two_bids_fail_and_withdrawn_ones_do_not_count(bids_world):
    w = bids_world
    bid(w, "a")
    bid(w, "b")
    services.withdraw_bid(w["admins"]["c"], bid(w, "c"), at=w["before"])
    opening = services.open_bids(
        w["officer"], w["procurement"], at=w["closing"] + timedelta(hours=1)
    )
    assert (opening.valid_bids, opening.invalid_bids, opening.failed) == (2, 0, True)
    assert BidOpening.objects.count() == 1


def test_the_least_number_of_valid_bids_is_a_dated_parameter(bids_world):
    from shegong.core.testing import factories

    w = bids_world
    factories.parameter("procurement.min_valid_bids", 2, w["procurement"].bid_deadline)
    bid(w, "a")
    bid(w, "b")
    opening = services.open_bids(w["officer"], w["procurement"], at=w["closing"])
    assert opening.failed is False
