"""Shared fixtures of the people tests: messages in English, throttles fresh, ID numbers."""

from __future__ import annotations

import pytest

from shegong.core import services
from shegong.core.testing import factories
from shegong.people.models import Person
from shegong.people.validators import check_digit


@pytest.fixture(autouse=True)
def _english(english):
    """Every test in English, with fresh throttle counters (the root ``english``)."""


def national_id(region: str = "440304", birth: str = "19900101", seq: str = "123") -> str:
    """A valid ID number; an odd ``seq`` last digit is a man, an even one a woman."""
    body = region + birth + seq
    return body + check_digit(body)


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
