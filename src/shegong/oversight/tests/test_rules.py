"""FIN-5: the rules at their edges, expected values written out."""

from datetime import date
from decimal import Decimal

import pytest

from shegong.core.models import PolicyParameter
from shegong.oversight import rules
from shegong.oversight.parameters import RISK_WEIGHTS, VISIT_SHARE

pytestmark = pytest.mark.django_db

THIRTY = Decimal("30")


@pytest.mark.parametrize(
    ("running", "needed"),
    [
        (0, 0),
        (1, 1),
        (3, 1),
        (4, 2),
        (7, 3),
        (10, 3),
        (11, 4),
        (999, 300),
        (1000, 300),
        (1001, 301),
        (5000, 1500),
    ],
)
def test_visits_needed_rounds_up(running, needed):
    assert rules.visits_needed(running, THIRTY) == needed


def test_sample_at_29_9_percent_is_refused_and_at_30_accepted():
    problem = rules.sample_problem(1000, 299, THIRTY)
    assert problem == (
        "The sample covers 299 of 1000 running contracts; at least 300 (30 %) must be visited."
    )
    assert rules.sample_problem(1000, 300, THIRTY) is None
    assert rules.sample_problem(7, 2, THIRTY) is not None  # 28.6 %
    assert rules.sample_problem(7, 3, THIRTY) is None


def test_share_is_a_dated_parameter():
    PolicyParameter.objects.create(
        key=VISIT_SHARE, value="35", valid_from=date(2027, 1, 1), source="test"
    )
    assert rules.share_percent(date(2026, 12, 31)) == Decimal("30")
    assert rules.share_percent(date(2027, 1, 1)) == Decimal("35")
    assert rules.visits_needed(7, rules.share_percent(date(2027, 1, 1))) == 3  # 2.45 → 3


@pytest.mark.parametrize(
    ("ends_on", "last"),
    [
        (date(2027, 3, 31), date(2027, 2, 28)),
        (date(2028, 3, 31), date(2028, 2, 29)),
        (date(2027, 3, 15), date(2027, 2, 15)),
        (date(2027, 1, 10), date(2026, 12, 10)),
    ],
)
def test_last_final_day_is_one_month_before_the_end(ends_on, last):
    assert rules.last_final_day(ends_on) == last


def test_final_evaluation_on_the_last_allowed_day_and_the_next():
    assert rules.final_date_problem(date(2027, 2, 15), date(2027, 3, 15)) is None
    assert rules.final_date_problem(date(2027, 2, 16), date(2027, 3, 15)) == (
        "The final evaluation must be held at least one month before the contract ends on "
        "2027-03-15: 2027-02-15 at the latest."
    )


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        ("100", "excellent"),
        ("90", "excellent"),
        ("89.99", "good"),
        ("80", "good"),
        ("79.99", "competent"),
        ("70", "competent"),
        ("69.99", "basically_competent"),
        ("60", "basically_competent"),
        ("59.99", "not_competent"),
        ("0", "not_competent"),
    ],
)
def test_rating_bands(score, rating):
    assert rules.rating_for(Decimal(score), date(2026, 12, 1))[0] == rating


@pytest.mark.parametrize(
    ("rating", "passed"),
    [
        ("excellent", True),
        ("good", True),
        ("competent", True),
        ("basically_competent", False),
        ("not_competent", False),
    ],
)
def test_pass_rating_is_competent_or_better(rating, passed):
    assert rules.passes(rating, date(2026, 12, 1)) is passed


def test_bar_lasts_one_year():
    assert rules.bar_period(date(2027, 3, 10)) == (date(2027, 3, 10), date(2028, 3, 9))
    assert rules.bar_period(date(2028, 2, 29)) == (date(2028, 2, 29), date(2029, 2, 27))


def test_return_due_and_late():
    assert rules.return_due(date(2026, 6, 30)) == date(2026, 7, 15)
    due = date(2026, 7, 15)
    assert rules.return_is_late(due, date(2026, 7, 15), date(2026, 8, 1)) is False
    assert rules.return_is_late(due, date(2026, 7, 16), date(2026, 8, 1)) is True
    assert rules.return_is_late(due, None, date(2026, 7, 15)) is False
    assert rules.return_is_late(due, None, date(2026, 7, 16)) is True


def test_return_periods_are_quarters_of_the_term():
    assert rules.return_periods(date(2026, 4, 1), date(2027, 3, 31)) == [
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 3, 31)),
    ]
    assert rules.return_periods(date(2026, 4, 1), date(2026, 5, 10)) == [
        (date(2026, 4, 1), date(2026, 5, 10))
    ]


def test_a_contract_counts_when_it_runs_a_year_or_more_in_the_year():
    on = date(2026, 12, 1)
    assert rules.counts_for_sampling(date(2026, 4, 1), date(2027, 3, 31), 2026, on)
    assert not rules.counts_for_sampling(date(2026, 4, 1), date(2027, 3, 30), 2026, on)
    assert rules.counts_for_sampling(date(2026, 4, 1), date(2027, 3, 31), 2027, on)
    assert not rules.counts_for_sampling(date(2026, 4, 1), date(2027, 3, 31), 2028, on)
    assert not rules.counts_for_sampling(date(2025, 1, 1), date(2025, 12, 31), 2026, on)


def test_risk_weight():
    weights, row = rules.risk_weights(date(2026, 12, 1))
    assert row.key == RISK_WEIGHTS
    assert rules.risk_weight(set(), weights) == 1
    assert rules.risk_weight({"partly_met_standard"}, weights) == 2
    assert rules.risk_weight({"late_return"}, weights) == 3
    assert rules.risk_weight({"not_met_standard", "complaint"}, weights) == 6
    assert rules.risk_weight(set(rules.RISKS), weights) == 11


def test_add_months_clamps():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert rules.add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
