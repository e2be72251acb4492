"""REG-6 rules at their edges: bands on their thresholds, weights, the excellent places
(floor, minimum, never more than the people assessed) and the cap with ties."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shegong.assessment import rules
from shegong.assessment.choices import Rating

D = Decimal


def test_a_score_on_a_threshold_reaches_the_band():
    thresholds = (90, 75, 60)
    assert rules.band(D("90.00"), *thresholds) == Rating.EXCELLENT
    assert rules.band(D("89.99"), *thresholds) == Rating.COMPETENT
    assert rules.band(D("75"), *thresholds) == Rating.COMPETENT
    assert rules.band(D("74.99"), *thresholds) == Rating.BASIC
    assert rules.band(D("60"), *thresholds) == Rating.BASIC
    assert rules.band(D("59.99"), *thresholds) == Rating.NOT_COMPETENT
    assert rules.band(D("100"), *thresholds) == Rating.EXCELLENT
    assert rules.band(D("0"), *thresholds) == Rating.NOT_COMPETENT


def test_weighted_total_and_combination_round_half_up_to_cents():
    weights = {"a": 50, "b": 50}
    assert rules.weighted_total({"a": D("90"), "b": D("89.99")}, weights) == D("90.00")  # 89.995
    assert rules.weighted_total({"a": D("90"), "b": D("89.97")}, weights) == D("89.99")  # 89.985
    assert rules.combine(D("90"), D("80"), 60, 40) == D("86.00")
    assert rules.combine(D("89.99"), None, 60, 40) == D("89.99")  # no served unit: in full


def test_excellent_places_floor_with_a_minimum_and_never_more_than_the_people():
    assert rules.excellent_slots(20, 15, 1) == 3
    assert rules.excellent_slots(19, 15, 1) == 2  # 2.85 → 2
    assert rules.excellent_slots(6, 15, 1) == 1  # 0.9 → 0 → the minimum
    assert rules.excellent_slots(1, 15, 1) == 1
    assert rules.excellent_slots(1, 15, 2) == 1  # never more than the people assessed
    assert rules.excellent_slots(0, 15, 1) == 0
    assert rules.excellent_slots(10, 20, 1) == 2
    assert rules.excellent_slots(10, 15, 0) == 1


def test_cap_keeps_the_best_and_demotes_a_tie_at_the_cut_off_as_a_whole():
    # two places; 95 is clearly in, 92 and 92 tie for the second place: both demoted.
    kept, demoted = rules.apply_cap([("a", D("95")), ("b", D("92")), ("c", D("92"))], 2)
    assert kept == {"a"} and demoted == {"b", "c"}
    # no tie at the cut-off: the second place is kept
    kept, demoted = rules.apply_cap([("a", D("95")), ("b", D("93")), ("c", D("92"))], 2)
    assert kept == {"a", "b"} and demoted == {"c"}
    # a tie above the cut-off is kept whole
    kept, demoted = rules.apply_cap([("a", D("95")), ("b", D("95")), ("c", D("92"))], 2)
    assert kept == {"a", "b"} and demoted == {"c"}
    # everyone tied with more people than places: nobody keeps it
    kept, demoted = rules.apply_cap([("a", D("91")), ("b", D("91"))], 1)
    assert kept == set() and demoted == {"a", "b"}
    # fewer candidates than places
    assert rules.apply_cap([("a", D("91"))], 3) == ({"a"}, set())


@given(
    st.lists(st.integers(min_value=9000, max_value=10000), max_size=30),
    st.integers(min_value=0, max_value=10),
)
def test_cap_never_exceeds_the_places_and_never_ranks_a_lower_score_above(cents, slots):
    candidates = [(i, D(c) / 100) for i, c in enumerate(cents)]
    kept, demoted = rules.apply_cap(candidates, slots)
    assert len(kept) <= slots and kept | demoted == set(range(len(cents)))
    score = dict(candidates)
    if kept and demoted:
        assert min(score[k] for k in kept) > max(score[d] for d in demoted)
