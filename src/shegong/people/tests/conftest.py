"""Shared fixtures of the people tests: messages in English, throttles fresh, ID numbers."""

from __future__ import annotations

import pytest

from shegong.core import services
from shegong.core.testing import factories
from shegong.people.models import Person


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""


def reference_check_character(first17: str) -> str:
    """The check character as GB 11643-1999 defines it (ISO 7064 MOD 11-2), written here
    independently of ``validators.check_digit`` so that the tests do not compute their expected
    values with the code under test (issue 11): the weight of the character at position ``i``
    counted from the right (the check character is 1) is 2^(i-1) mod 11; the check value is
    (12 - Σ mod 11) mod 11, and 10 is written X."""
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def national_id(region: str = "440304", birth: str = "19900101", seq: str = "123") -> str:
    """A valid ID number; an odd ``seq`` last digit is a man, an even one a woman."""
    body = region + birth + seq
    return body + reference_check_character(body)


def person(area, organisation=None, **fields) -> Person:
    data = {
        "national_id": national_id(),
        "name": "张三",
        "phone": "13812345678",
        "address": "深圳市福田区福华路1号",
        "area": area,
        "organisation": organisation,
        **fields,
    }
    return services.create_record(None, Person, data)


@pytest.fixture
def orgs(tree):
    return {
        "org_f": factories.organisation(tree["futian"], "福田社工服务中心"),
        "org_f2": factories.organisation(tree["futian"], "福田启航社会工作服务中心"),
        "org_l": factories.organisation(tree["luohu"], "罗湖社工服务中心"),
    }
