"""The procurement rules at their edges (FIN-3), with the expected dates written out.

Calendar of the examples: 2 March 2026 is a Monday; 1 October 2026 a Thursday."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shegong.core.models import CalendarDay
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.procurement import parameters as keys
from shegong.procurement import rules

pytestmark = pytest.mark.django_db


def day(on, kind, name="国庆节"):
    return create_record(None, CalendarDay, {"date": on, "kind": kind, "name": name})


# --- Tender period (Government Procurement Law art. 35) ----------------------------------------


def test_the_bid_deadline_is_the_twentieth_day_after_publication_at_the_earliest():
    assert rules.earliest_bid_deadline(date(2026, 3, 2)) == date(2026, 3, 22)
    assert rules.deadline_problem(date(2026, 3, 2), date(2026, 3, 22)) is None  # the 20th day
    assert rules.deadline_problem(date(2026, 3, 2), date(2026, 3, 21)) == (  # the 19th
        "The bid deadline must be at least 20 days after publication: 2026-03-22 at the earliest."
    )


def test_a_longer_period_from_a_date_applies_only_to_documents_published_from_it():
    factories.parameter(keys.TENDER_PERIOD_DAYS, 25, date(2026, 6, 1))
    assert rules.earliest_bid_deadline(date(2026, 5, 31)) == date(2026, 6, 20)  # 20 days
    assert rules.earliest_bid_deadline(date(2026, 6, 1)) == date(2026, 6, 26)  # 25 days


# --- Clarifications (MoF Order 87 art. 27) --------------------------------------------------------


def test_a_change_fifteen_days_before_the_deadline_does_not_move_it():
    assert rules.deadline_after_clarification(date(2026, 4, 20), date(2026, 4, 5)) == date(
        2026, 4, 20
    )


def test_a_change_fourteen_days_before_the_deadline_moves_it_to_fifteen_days_after():
    assert rules.deadline_after_clarification(date(2026, 4, 20), date(2026, 4, 6)) == date(
        2026, 4, 21
    )
    assert rules.deadline_after_clarification(date(2026, 4, 20), date(2026, 4, 19)) == date(
        2026, 5, 4
    )


def test_the_clarification_period_in_force_on_the_day_of_the_change_applies():
    factories.parameter(keys.CLARIFICATION_DAYS, 20, date(2026, 4, 6))
    assert rules.deadline_after_clarification(date(2026, 4, 20), date(2026, 4, 5)) == date(
        2026, 4, 20
    )
    assert rules.deadline_after_clarification(date(2026, 4, 20), date(2026, 4, 6)) == date(
        2026, 4, 26
    )


# --- Price weight (MoF Order 87 art. 55) ----------------------------------------------------------


def test_the_price_weighs_at_least_ten_percent():
    on = date(2026, 3, 2)
    assert rules.price_weight_problem(Decimal("10"), on) is None
    assert rules.price_weight_problem(Decimal("30"), on) is None
    assert rules.price_weight_problem(Decimal("9.99"), on) == (
        "The price must weigh at least 10 % of the score of a service."
    )
    assert rules.price_weight_problem(None, on) is not None


def test_a_higher_minimum_price_weight_from_a_date():
    factories.parameter(keys.SERVICE_PRICE_WEIGHT, "15", date(2026, 7, 1))
    assert rules.price_weight_problem(Decimal("10"), date(2026, 6, 30)) is None
    assert rules.price_weight_problem(Decimal("10"), date(2026, 7, 1)) == (
        "The price must weigh at least 15 % of the score of a service."
    )


# --- Evaluation panel (MoF Order 87 art. 47) ------------------------------------------------------


@pytest.mark.parametrize(
    "members,experts,problem",
    [
        (5, 4, None),  # 4/5 ≥ 2/3
        (5, 5, None),
        (5, 3, "At least 2/3 of the panel must be experts."),  # 3/5 < 2/3
        (4, 4, "The panel needs at least 5 members."),
        (3, 3, "The panel needs at least 5 members."),
        (6, 6, "The panel needs an odd number of members."),
        (7, 5, None),  # 5/7 ≥ 2/3
        (7, 4, "At least 2/3 of the panel must be experts."),  # 4/7 < 2/3
        (9, 6, None),  # exactly 2/3
        (5, 0, "At least 2/3 of the panel must be experts."),
        (5, 6, "The number of experts must be from 0 to the number of members."),
        (5, -1, "The number of experts must be from 0 to the number of members."),
    ],
)
def test_panel_composition(members, experts, problem):
    assert rules.panel_problem(members, experts, date(2026, 3, 2)) == problem


# --- Minimum bids ---------------------------------------------------------------------------------


def test_an_open_tender_with_two_valid_bids_fails_and_with_three_proceeds():
    assert rules.open_tender_outcome(2, date(2026, 3, 22)).proceeds is False
    assert rules.open_tender_outcome(3, date(2026, 3, 22)).proceeds is True
    assert rules.open_tender_outcome(0, date(2026, 3, 22)).least == 3


# --- Working-day windows --------------------------------------------------------------------------


def test_single_source_notice_of_five_working_days_across_a_weekend():
    # Thursday 5 March: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12.
    assert rules.objection_window_end(date(2026, 3, 5)) == date(2026, 3, 12)
    # Published on a Saturday: Mon 9 to Fri 13.
    assert rules.objection_window_end(date(2026, 3, 7)) == date(2026, 3, 13)


def test_challenge_deadline_across_the_national_day_holiday():
    # Without the official calendar: the 7th weekday after Wednesday 30 September is 9 October.
    assert rules.challenge_deadline(date(2026, 9, 30)) == date(2026, 10, 9)
    for d in (1, 2, 5, 6, 7):
        day(date(2026, 10, d), "holiday")
    day(date(2026, 10, 10), "workday", "国庆节调休")  # a Saturday worked
    # Thu 8 (1), Fri 9 (2), Sat 10 worked (3), Mon 12 (4), Tue 13 (5), Wed 14 (6), Thu 15 (7).
    assert rules.challenge_deadline(date(2026, 9, 30)) == date(2026, 10, 15)


def test_single_source_notice_across_a_holiday():
    day(date(2026, 10, 1), "holiday")
    day(date(2026, 10, 2), "holiday")
    # Tuesday 29 September: Wed 30 (1), Mon 5 (2), Tue 6 (3), Wed 7 (4), Thu 8 (5).
    assert rules.objection_window_end(date(2026, 9, 29)) == date(2026, 10, 8)


def test_the_buyer_answers_within_seven_working_days():
    # Friday 6 March: Mon 9 ... Fri 13 (5), Mon 16 (6), Tue 17 (7).
    assert rules.answer_deadline(date(2026, 3, 6)) == date(2026, 3, 17)


def test_working_day_periods_from_a_date_use_the_parameter_in_force_then():
    factories.parameter(keys.CHALLENGE_DAYS, 10, date(2026, 3, 9))
    assert rules.challenge_deadline(date(2026, 3, 6)) == date(2026, 3, 17)  # 7 working days
    assert rules.challenge_deadline(date(2026, 3, 9)) == date(2026, 3, 23)  # 10 working days


def test_the_contract_is_signed_within_thirty_days_of_the_award_notice():
    assert rules.contract_deadline(date(2026, 3, 2)) == date(2026, 4, 1)
    factories.parameter(keys.CONTRACT_DAYS, 20, date(2026, 3, 3))
    assert rules.contract_deadline(date(2026, 3, 2)) == date(2026, 4, 1)
    assert rules.contract_deadline(date(2026, 3, 3)) == date(2026, 3, 23)
