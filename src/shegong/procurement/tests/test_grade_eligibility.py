"""FIN-3 with ORG-3: a tender's minimum grade against the grade in force on the day of the bid
(``grading.queries.current_grade``), at its edges, through the bids."""

from datetime import timedelta

from shegong.core.services import update_record
from shegong.grading import services as grading
from shegong.grading.tests.data import grade_record
from shegong.procurement.services import eligibility

from . import bidsdata, data
from .bidsdata import bid

world = data.world  # the fixtures of the bids tests
bids_world = bidsdata.bids_world


def _minimum(w, grade):
    w["procurement"] = update_record(
        None, w["procurement"], {"minimum_grade": grade}, permission=None
    )


def test_a_grade_expiring_the_day_before_the_bid_does_not_count(bids_world):
    w = bids_world
    _minimum(w, "4A")
    day = w["before"].date()
    grade_record(
        w["orgs"]["a"], "4A", day - timedelta(days=400), valid_until=day - timedelta(days=1)
    )
    grade_record(w["orgs"]["b"], "4A", day - timedelta(days=400), valid_until=day)
    refused, kept = bid(w, "a"), bid(w, "b")
    assert refused.status == "invalid"
    assert refused.problem_list == [
        f"The procurement asks for grade 4A or better; the organisation holds no grade in force "
        f"on {day}."
    ]
    assert kept.status != "invalid" and kept.problem_list == []  # valid on its last day


def test_4a_meets_a_4a_minimum_but_not_a_5a_minimum(bids_world):
    w = bids_world
    day = w["before"].date()
    grade_record(w["orgs"]["a"], "4A", day - timedelta(days=30))
    held = grade_record(w["orgs"]["c"], "4A", day - timedelta(days=30))
    grade_record(w["orgs"]["b"], "5A", day - timedelta(days=30))
    _minimum(w, "4A")
    assert bid(w, "a").problem_list == []  # 4A meets 4A
    _minimum(w, "5A")
    assert bid(w, "c").problem_list == [
        f"The procurement asks for grade 5A or better; the organisation holds 4A (valid until "
        f"{held.valid_until})."
    ]
    assert bid(w, "b").problem_list == []  # 5A meets 5A


def test_a_revoked_grade_no_longer_counts(bids_world):
    w = bids_world
    day = w["before"].date()
    held = grade_record(w["orgs"]["a"], "5A", day - timedelta(days=30))
    _minimum(w, "3A")
    assert eligibility.problems(w["procurement"], w["orgs"]["a"], day) == []
    grading.revoke(None, held, "违法违规", on=day - timedelta(days=1))
    assert bid(w, "a").problem_list == [
        f"The procurement asks for grade 3A or better; the organisation holds no grade in force "
        f"on {day}."
    ]
