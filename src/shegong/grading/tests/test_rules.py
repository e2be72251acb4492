"""ORG-3: the rules at their edges, with the expected values written out."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shegong.core.testing import factories
from shegong.grading import rules, services
from shegong.grading.parameters import BANDS, MIN_REGISTERED_YEARS
from shegong.grading.queries import current_grade

from .data import applied, graded


def test_add_years_keeps_the_day_and_moves_29_february_to_1_march():
    assert rules.add_years(date(2024, 3, 1), 2) == date(2026, 3, 1)
    assert rules.add_years(date(2024, 2, 29), 2) == date(2026, 3, 1)
    assert rules.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.django_db
def test_bands_at_their_edges():
    on = date(2026, 6, 30)
    cases = {
        "1000": "5A",
        "900.00": "5A",
        "899.99": "4A",
        "800": "4A",
        "799.99": "3A",
        "700": "3A",
        "699.99": "2A",
        "600": "2A",
        "599.99": "1A",
        "0": "1A",
    }
    for total, grade in cases.items():
        assert rules.grade_for(Decimal(total), on)[0] == grade, total


@pytest.mark.django_db
def test_bands_are_dated_data():
    factories.parameter(
        BANDS, {"5A": 950, "4A": 900, "3A": 850, "2A": 800, "1A": 0}, date(2027, 1, 1)
    )
    assert rules.grade_for(Decimal("920"), date(2026, 12, 31))[0] == "5A"
    grade, row = rules.grade_for(Decimal("920"), date(2027, 1, 1))
    assert grade == "4A" and row.valid_from == date(2027, 1, 1)


@pytest.mark.django_db
def test_a_grade_is_valid_five_years_less_a_day():
    assert rules.valid_until(date(2026, 6, 30)) == date(2031, 6, 29)
    assert rules.valid_until(date(2028, 2, 29)) == date(2033, 2, 28)


def test_two_years_minus_a_day_is_refused_with_the_reason_exactly_two_accepted(world):
    w = world
    with pytest.raises(ValidationError) as refused:
        applied(w, "a", on=date(2026, 2, 28))
    assert refused.value.messages == [
        "The organisation was registered on 2024-03-01: it may apply from 2026-03-01, after 2 "
        "full years registered."
    ]
    assert applied(w, "a", on=date(2026, 3, 1)).applied_on == date(2026, 3, 1)
    # B, registered 2023-01-01, any day of the cycle
    assert applied(w, "b", on=date(2026, 1, 1)).organisation == w["b"]


def test_the_years_registered_are_a_dated_parameter(world):
    factories.parameter(MIN_REGISTERED_YEARS, 3, date(2026, 1, 1))
    with pytest.raises(ValidationError) as refused:
        applied(world, "a", on=date(2026, 3, 1))
    assert refused.value.messages == [
        "The organisation was registered on 2024-03-01: it may apply from 2027-03-01, after 3 "
        "full years registered."
    ]
    assert applied(world, "b", on=date(2026, 1, 1)).organisation == world["b"]  # 3 years to the day


def test_a_closed_cycle_a_second_application_and_a_grade_in_force_are_refused(world):
    w = world
    with pytest.raises(ValidationError) as refused:
        applied(w, "b", on=date(2027, 1, 1))
    assert refused.value.messages == [
        "Grading 2026 takes applications from 2026-01-01 to 2026-12-31."
    ]
    applied(w, "b")
    with pytest.raises(ValidationError) as again:
        applied(w, "b")
    assert again.value.messages == ["The organisation has already applied in this grading cycle."]


def test_current_grade_at_its_edges_downgrade_and_revocation(world):
    w = world
    grade = graded(w, "a", share=Decimal("0.85"), on=date(2026, 6, 30))
    assert grade.grade == "4A" and grade.valid_until == date(2031, 6, 29)
    assert current_grade(w["a"], date(2026, 6, 29)) is None
    assert current_grade(w["a"], date(2026, 6, 30)).grade == "4A"
    assert current_grade(w["a"], date(2031, 6, 29)).grade == "4A"
    assert current_grade(w["a"], date(2031, 6, 30)) is None
    assert current_grade(w["b"], date(2026, 7, 1)) is None  # per organisation
    services.downgrade(w["city"], grade, "3A", "年检不合格", on=date(2027, 3, 1))
    assert current_grade(w["a"], date(2027, 2, 28)).grade == "4A"
    assert current_grade(w["a"], date(2027, 3, 1)).grade == "3A"
    grade.refresh_from_db()
    services.revoke(w["city"], grade, "提供虚假材料", on=date(2028, 1, 1))
    assert current_grade(w["a"], date(2027, 12, 31)).grade == "3A"
    assert current_grade(w["a"], date(2028, 1, 1)) is None


def test_a_downgrade_must_lower_and_a_revocation_needs_a_reason(world):
    w = world
    grade = graded(w, "b", share=Decimal("0.85"))
    with pytest.raises(ValidationError) as higher:
        services.downgrade(w["city"], grade, "5A", "理由", on=date(2027, 1, 1))
    assert higher.value.message_dict == {"to": ["Choose a grade below 4A."]}
    with pytest.raises(ValidationError) as bare:
        services.revoke(w["city"], grade, " ", on=date(2027, 1, 1))
    assert bare.value.message_dict == {"reason": ["Say why the grade is revoked."]}


def test_indicators_add_up_and_a_used_system_no_longer_changes(world):
    from shegong.core.services import create_record, update_record
    from shegong.grading.models import GradingCycle, Indicator, IndicatorGroup, IndicatorSystem

    used = Indicator.objects.filter(group__system=world["cycle"].system).first()
    with pytest.raises(ValidationError) as frozen:
        update_record(world["city"], used, {"max_points": 50})
    assert frozen.value.messages == [
        "The indicator system 社会工作服务机构评估指标（2026版） is used by a cycle that has "
        "opened: change a copy for a future cycle instead."
    ]
    fresh = create_record(world["city"], IndicatorSystem, {"name": "2031版"})
    assert fresh.total == 1000  # grading.indicator_total
    group = create_record(
        world["city"], IndicatorGroup, {"system": fresh, "code": "A", "name": "基础条件"}
    )
    create_record(
        world["city"],
        Indicator,
        {"group": group, "code": "A1", "name": "法人资格", "max_points": 999},
    )
    data = {"year": 2031, "opens_on": date(2031, 1, 1), "closes_on": date(2031, 12, 31)}
    with pytest.raises(ValidationError) as short:
        create_record(world["city"], GradingCycle, {**data, "system": fresh})
    assert short.value.message_dict == {
        "system": [
            "The indicators of 2031版 add up to 999 points, not 1000: correct them before a "
            "cycle uses the system."
        ]
    }
    create_record(
        world["city"], Indicator, {"group": group, "code": "A2", "name": "章程", "max_points": 1}
    )
    assert create_record(world["city"], GradingCycle, {**data, "system": fresh}).year == 2031
