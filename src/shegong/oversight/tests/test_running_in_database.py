"""FIN-5: the database counts a contract towards the year's 30 % by the same rule as
``rules.counts_for_sampling`` (a term of at least ``visit_min_term_months`` months, the day-of-month
rule of ``add_months``), so that the dashboards count 5,000 contracts without reading them."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db.models import DateField, Value

from shegong.areas.models import Area
from shegong.core.calendar import lasting
from shegong.oversight.rules import add_months

pytestmark = pytest.mark.django_db


def lasts(start: date, end: date, months: int = 12) -> bool:
    Area.objects.get_or_create(code="T1", defaults={"name": "T", "level": "city"})
    rows = Area.objects.filter(code="T1").annotate(
        s=Value(start, output_field=DateField()), e=Value(end, output_field=DateField())
    )
    return lasting(rows, "s", "e", months).exists()


@pytest.mark.parametrize(
    ("start", "end", "months", "expected"),
    [
        (date(2026, 4, 1), date(2027, 3, 31), 12, True),  # the rule's own example
        (date(2026, 4, 1), date(2027, 3, 30), 12, False),
        (date(2026, 3, 15), date(2027, 3, 14), 12, True),
        (date(2026, 3, 15), date(2027, 3, 13), 12, False),
        (date(2026, 1, 31), date(2026, 2, 27), 1, True),  # 31 Jan + 1 month = 28 Feb
        (date(2026, 1, 31), date(2026, 2, 26), 1, False),
        (date(2028, 1, 31), date(2028, 2, 28), 1, True),  # a leap year: 29 Feb
        (date(2028, 1, 31), date(2028, 2, 27), 1, False),
        (date(2024, 2, 29), date(2025, 2, 27), 12, True),  # 29 Feb + a year = 28 Feb
        (date(2024, 2, 29), date(2025, 2, 26), 12, False),
        (date(2026, 1, 1), date(2026, 12, 31), 12, True),
        (date(2026, 1, 1), date(2026, 12, 30), 12, False),
        (date(2026, 3, 1), date(2027, 2, 28), 12, True),  # last day of February
        (date(2026, 3, 1), date(2027, 2, 27), 12, False),
    ],
)
def test_a_term_of_twelve_months_at_its_edges(start, end, months, expected):
    assert lasts(start, end, months) is expected


def test_the_database_agrees_with_add_months_on_random_terms():
    rng = random.Random(15)
    for _ in range(150):
        start = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        months = rng.choice([1, 6, 12, 24])
        edge = add_months(start, months) - timedelta(days=1)
        end = edge + timedelta(days=rng.choice([-2, -1, 0, 1, 2]))
        assert lasts(start, end, months) is (end >= edge), (start, end, months)
